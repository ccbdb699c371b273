/**
 * The Iceberg REST catalog: Apache Iceberg's own REST catalog server (`RESTCatalogServer`, the code
 * of the apache/iceberg-rest-fixture image) from Maven Central, over a JDBC catalog in SQLite, with
 * its table files in the S3-compatible store (bucket `warehouse`) through Iceberg's S3FileIO. It is
 * started by `LoopbackRestCatalog.java` (compiled here at install), which binds it to 127.0.0.1.
 */
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { S3Info } from "./s3.js";
import { S3Client } from "./s3Client.js";
import { answersHttp, freePort, startServer } from "./service.js";
import type { IntegrationService } from "./services.js";
import { CACHE, mavenClasspath, ROOT, run, SetupError } from "./toolchain.js";

export interface IcebergInfo {
  /** The catalog's base URL (`--catalog`). */
  readonly uri: string;
  /** Where table files go. */
  readonly warehouse: string;
}

const POM = join(ROOT, "scripts", "integration", "iceberg-rest");
const BUCKET = "warehouse";

const CLASSES = join(CACHE, "classes", "iceberg-rest");

/** The server's classpath: the launcher, compiled once, and the jars. */
function classpath(): string {
  const jars = mavenClasspath("iceberg-rest", POM);
  const source = join(POM, "LoopbackRestCatalog.java");
  const compiled = join(CLASSES, "org", "apache", "iceberg", "rest", "LoopbackRestCatalog.class");
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs) {
    run("compiling the REST catalog's launcher (javac)", "javac", ["-d", CLASSES, "-cp", jars, source]);
  }
  return `${CLASSES}:${jars}`;
}

export const iceberg: IntegrationService<IcebergInfo> = {
  name: "iceberg",
  install: () => void classpath(),
  async start(others) {
    const s3 = (others as { s3?: S3Info }).s3;
    if (!s3) throw new SetupError("the Iceberg REST catalog needs the s3 service started first");
    await new S3Client(s3).createBucket(BUCKET);
    const port = await freePort();
    const database = join(CACHE, "iceberg-catalog.db");
    rmSync(database, { force: true });
    const info: IcebergInfo = { uri: `http://127.0.0.1:${port}`, warehouse: `s3://${BUCKET}/` };
    const server = await startServer({
      name: "iceberg-rest",
      command: "java",
      args: ["-cp", classpath(), "org.apache.iceberg.rest.LoopbackRestCatalog"],
      // RESTCatalogServer reads its catalog properties from CATALOG_* (`__` is `-`, `_` is `.`).
      env: {
        CATALOG_REST_PORT: String(port),
        CATALOG_WAREHOUSE: info.warehouse,
        CATALOG_URI: `jdbc:sqlite:file:${database}`,
        CATALOG_JDBC_USER: "mesh",
        CATALOG_JDBC_PASSWORD: "mesh",
        CATALOG_IO__IMPL: "org.apache.iceberg.aws.s3.S3FileIO",
        CATALOG_S3_ENDPOINT: s3.endpoint,
        CATALOG_S3_PATH__STYLE__ACCESS: "true",
        AWS_ACCESS_KEY_ID: s3.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
        AWS_REGION: s3.region,
      },
      ready: answersHttp(`${info.uri}/v1/config`),
    });
    return { servers: [server], info };
  },
};
