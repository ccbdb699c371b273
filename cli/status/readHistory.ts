/**
 * The run history of a local warehouse (`mesh run --out DIR` writes `DIR/warehouse/mesh.duckdb`), as
 * `mesh status` and `mesh catalog --history` read it. The one place that knows where and how the
 * runner stores the history; everything after it works on {@link RunRecord}s.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { RunRecord } from "../../components/history/runRecord.js";
import { CATALOG } from "../../runner/catalog.js";
import { firstLine } from "../../runner/errors.js";
import { readRunHistory } from "../../runner/runHistory.js";
import { literal } from "../../runner/sql.js";
import { UsageError } from "../errors.js";

/** Reads every run recorded in a warehouse database file. */
export type HistoryReader = (warehouseFile: string) => Promise<RunRecord[]>;

/**
 * Every run recorded in `warehouseFile`; none when no run recorded any yet. The file is attached
 * read-only under the name the runner's sessions give it (`warehouse`), so a status never changes
 * the warehouse and reads it as a run would. A file that is not a DuckDB database, or one a running
 * `mesh run` holds, is a {@link UsageError}: the user named the wrong folder, or should wait.
 */
export const readWarehouseHistory: HistoryReader = async (warehouseFile) => {
  const instance = await DuckDBInstance.create(":memory:", {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const connection = await instance.connect();
  try {
    try {
      await connection.run(`ATTACH ${literal(warehouseFile)} AS ${CATALOG} (READ_ONLY)`);
    } catch (e) {
      // DuckDB lets one process write a database file: a run in progress holds it.
      const busy = /lock/i.test(firstLine(e)) ? "; a `mesh run` may be using it: try again when it ends" : "";
      throw new UsageError(`cannot read the run history in ${warehouseFile}: ${firstLine(e)}${busy}`);
    }
    return await readRunHistory(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
};
