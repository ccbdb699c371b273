/**
 * One set of versions for Spark and its jars: what the Spark runner image installs
 * (spark/Dockerfile's base image and build args), what the platform tells the operator
 * (SPARK_VERSION), and what the integration tests run (PySpark in test/integration/requirements.txt,
 * the jars of scripts/integration/spark/pom.xml). A bump in one place without the others fails here.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SPARK_VERSION } from "../../components/compute/sparkApplication.js";

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), "utf8");
const dockerfile = read("spark/Dockerfile");
const pom = read("scripts/integration/spark/pom.xml");
const requirements = read("test/integration/requirements.txt");

const arg = (name: string) => new RegExp(`^ARG ${name}=(.*)$`, "m").exec(dockerfile)?.[1];
const property = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(pom)?.[1];
/** Each dependency of the pom as `groupId:artifactId:version`, properties expanded. */
const dependencies = [...pom.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)].map(([, body]) => {
  const tag = (t: string) => new RegExp(`<${t}>([^<]+)</${t}>`).exec(body!)?.[1] ?? "";
  const version = tag("version").replace(/^\$\{(.+)\}$/, (_, p: string) => property(p) ?? "");
  return `${tag("groupId")}:${tag("artifactId")}:${version}`;
});

describe("Spark versions", () => {
  it("the image's base is the Spark the platform submits, and the tests' PySpark", () => {
    expect(arg("SPARK_IMAGE")).toBe(`apache/spark:${SPARK_VERSION}-python3`);
    expect(requirements).toMatch(new RegExp(`^pyspark==${SPARK_VERSION.replace(/\./g, "\\.")}$`, "m"));
  });

  it("the tests resolve exactly the jars the image downloads, at its versions", () => {
    const iceberg = arg("ICEBERG_VERSION");
    expect(iceberg).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dependencies.sort()).toEqual(
      [
        `org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:${iceberg}`,
        `org.apache.iceberg:iceberg-aws-bundle:${iceberg}`,
        `org.apache.hadoop:hadoop-aws:${arg("HADOOP_AWS_VERSION")}`,
        `com.amazonaws:aws-java-sdk-bundle:${arg("AWS_SDK_V1_VERSION")}`,
      ].sort(),
    );
    // The runtime is built for the image's Spark minor.
    expect(SPARK_VERSION.startsWith("3.5.")).toBe(true);
  });

  it("every jar the image downloads is pinned by a sha256", () => {
    for (const name of [
      "ICEBERG_SPARK_RUNTIME_SHA256",
      "ICEBERG_AWS_BUNDLE_SHA256",
      "HADOOP_AWS_SHA256",
      "AWS_JAVA_SDK_BUNDLE_SHA256",
    ]) {
      expect(arg(name), name).toMatch(/^[a-f0-9]{64}$/);
    }
  });
});
