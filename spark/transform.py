"""The Spark runner's entry point (engine spark): `transform.py --plan /etc/mesh/transform/plan.json`.

The plan (components/compute/sparkPlan.ts, computed at deploy time from the product's contract)
holds every contract rule as data, so this file is a small generic executor that mirrors the DuckDB
runner's `mesh transform` (runner/core.ts, runner/enforce.ts): register `staging` and the
consumed tables as views, run the product's SQL, check the result against the plan, and replace the
table's rows in one Iceberg commit only when every rule holds.

Everything but `run()` is pure Python (stdlib only) and unit-tested in test_transform.py; pyspark
is imported inside `run()`, so a bad plan is reported without starting Spark. The image's Python is
Ubuntu's (3.10 in apache/spark:3.5.5-python3), so nothing here needs a newer one.

Exit status: 0 loaded, 1 the contract or the run failed (the operator retries), 2 a bad plan.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

# plan.py lies beside this file (in the image, /opt/mesh/spark/): importable however Spark starts us.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from plan import Check, Column, Failure, Plan, PlanError, RowCount, load_plan  # noqa: E402

EXIT_OK, EXIT_FAILED, EXIT_BAD_PLAN = 0, 1, 2
# The image's Spark settings (Glue catalog, S3A credentials). On Kubernetes the driver's
# /opt/spark/conf is replaced by the submission's ConfigMap, so spark-defaults.conf there is not
# read: run() applies this copy for every key the submission did not set.
SPARK_DEFAULTS = Path(__file__).with_name("spark-defaults.conf")
# Spark's error classes (3.5) for a staging prefix with nothing in it yet.
NO_STAGED_FILES = ("PATH_NOT_FOUND", "UNABLE_TO_INFER_SCHEMA")


class RunError(Exception):
    """A failure with a message already worded for the report (as the DuckDB runner's PipelineError)."""


def parse_spark_defaults(text: str) -> List[Tuple[str, str]]:
    """`key value` pairs of a spark-defaults.conf (Java properties: `#`/`!` comments, whitespace,
    `=` or `:` separators; line continuations are not supported and not used)."""
    pairs: List[Tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#!":
            continue
        match = re.match(r"^([^\s=:]+)\s*[=:\s]\s*(.*)$", line)
        if match is None:
            pairs.append((line, ""))
        else:
            pairs.append((match.group(1), match.group(2).strip()))
    return pairs


# ---- SQL ---------------------------------------------------------------------------------------


def quote_ident(name: str) -> str:
    """A Spark SQL identifier (the plan's `sparkIdent`)."""
    return "`" + name.replace("`", "``") + "`"


def table_ref(catalog: str, table: str) -> str:
    """`catalog`.`database`.`table`, as spark.table() and writeTo() parse it."""
    return ".".join(quote_ident(part) for part in [catalog, *table.split(".")])


def check_query(checks: Sequence[Check], view: str = "candidate") -> str:
    """One aggregate for the row count and every rule: the view is scanned once."""
    columns = ["count(*) AS total", *(f"{c.sql} AS r{i}" for i, c in enumerate(checks))]
    return f"SELECT {', '.join(columns)} FROM {view}"


def staged_batches(staging: str) -> str:
    """The staged batches under a staging root, as the extract stage writes them
    (runner/locations.ts): only `ingest_date=<day>/batch-<hash>.parquet`. The root also holds the
    raw NDJSON (`raw/`), the quarantine and the ledger, which are not Parquet."""
    return f"{staging.rstrip('/')}/ingest_date=*/batch-*.parquet"


def create_table_sql(ref: str, columns: Sequence[Column], location: str) -> str:
    """An Iceberg table with the contract's columns at `location`, if it is not there yet (REST
    catalogs): the same place the DuckDB runner creates it, where the product's role may write."""
    body = ", ".join(f"{quote_ident(c.name)} {c.type}" for c in columns)
    quoted = location.replace("\\", "\\\\").replace("'", "\\'")
    return f"CREATE TABLE IF NOT EXISTS {ref} ({body}) USING iceberg LOCATION '{quoted}'"


def is_missing_staging(error_class: Optional[str], message: str) -> bool:
    """Whether spark.read.parquet failed only because nothing has been staged yet."""
    if error_class is not None:
        return error_class in NO_STAGED_FILES
    return "Path does not exist" in message or "Unable to infer schema" in message


# ---- the contract ------------------------------------------------------------------------------


def column_failures(expected: Sequence[Column], actual: Sequence[Tuple[str, str]]) -> List[Failure]:
    """Missing and mistyped plan columns (plan order), then columns the plan does not have."""
    types: Dict[str, str] = {}
    for name, kind in actual:
        types.setdefault(name, kind)
    failures: List[Failure] = []
    for column in expected:
        kind = types.get(column.name)
        if kind is None:
            failures.append(Failure("column", f"column {column.name} is missing", column.name))
        elif kind != column.type:
            failures.append(
                Failure("type", f"column {column.name} is {kind}, the contract says {column.type}", column.name)
            )
    planned = {c.name for c in expected}
    for name in types:
        if name not in planned:
            failures.append(Failure("column", f"column {name} is not in the contract", name))
    return failures


def count_failures(checks: Sequence[Check], row_count: RowCount, total: int, counts: Sequence[int]) -> List[Failure]:
    """The rules broken, from check_query's result: each check's count, then the row count bounds."""
    if len(counts) != len(checks):
        raise ValueError(f"{len(counts)} count(s) for {len(checks)} check(s)")
    failures = [
        Failure(c.rule, c.message.replace("{rows}", str(n)), c.column)
        for c, n in zip(checks, counts)
        if n > 0
    ]
    if row_count.min is not None and total < row_count.min:
        failures.append(Failure("rowCount", f"{total} row(s), fewer than the minimum {row_count.min}"))
    if row_count.max is not None and total > row_count.max:
        failures.append(Failure("rowCount", f"{total} row(s), more than the maximum {row_count.max}"))
    return failures


# ---- messages ----------------------------------------------------------------------------------


def contract_report(product: str, table: str, failures: Sequence[Failure]) -> List[str]:
    """The stderr lines of a broken contract, as `mesh transform` prints them."""
    lines = [f"{product}: the output breaks its contract; {table} is unchanged:"]
    for f in failures:
        lines.append(f"  {f.rule}{f' ({f.column})' if f.column else ''}: {f.message}")
    return lines


def loaded_line(product: str, rows: int, table: str) -> str:
    return f"{product}: {rows} rows loaded into {table}"


def error_line(product: str, message: str, unchanged: str, replaced: Optional[str] = None) -> str:
    """One line for a failed run. The redacted table is written after the main one, in a commit of
    its own: when only it failed, the line says the main table was replaced (a retry writes both)."""
    if replaced is None:
        return f"{product}: {message}; {unchanged} is unchanged"
    return f"{product}: {message}; {replaced} was replaced but {unchanged} is unchanged"


def type_string(data_type) -> str:
    """A column type as the plan writes it (Spark's catalog string, e.g. `array<struct<a:int>>`).

    Written out here: PySpark's types have no catalogString(), and Spark's simpleString() may
    shorten a struct of many fields. Duck-typed on the attributes of StructType, ArrayType and
    MapType, so the driver needs no import of pyspark's types for it.
    """
    if hasattr(data_type, "fields"):
        return "struct<" + ",".join(f"{f.name}:{type_string(f.dataType)}" for f in data_type.fields) + ">"
    if hasattr(data_type, "elementType"):
        return f"array<{type_string(data_type.elementType)}>"
    if hasattr(data_type, "keyType"):
        return f"map<{type_string(data_type.keyType)},{type_string(data_type.valueType)}>"
    return data_type.simpleString()


def first_line(text: str, fallback: str = "unknown error") -> str:
    """The telling line of an error: Py4J's `An error occurred while calling o42.sql.` is followed
    by `: <java exception>: <message>`, the line worth keeping."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].startswith("An error occurred while calling"):
        return lines[1].lstrip(": ").strip() or fallback
    return lines[0] if lines else fallback


def as_query(sql: str) -> str:
    """The product's SQL as the one query Spark may run: wrapped as a subquery, so that a command
    (`DROP`, `INSERT`, `SET`, `CREATE`…) or a second statement cannot parse, let alone run —
    `spark.sql` runs commands eagerly. `mesh plan` has already checked the SQL with DuckDB's parser
    (one SELECT over the declared inputs); this holds even if the mounted file was changed since.
    The newlines keep a trailing `--` comment from swallowing the closing parenthesis."""
    body = sql.strip().rstrip(";").rstrip()
    return f"SELECT * FROM (\n{body}\n) AS mesh_transform"


def read_sql(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise RunError(f"cannot read the SQL file {path}: {e.strerror or e}") from None


# ---- Spark -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    failures: List[Failure]
    rows: int


CATALOG_CLIENT_ID_ENV = "MESH_CATALOG_CLIENT_ID"
CATALOG_CLIENT_SECRET_ENV = "MESH_CATALOG_CLIENT_SECRET"


def catalog_credentials(catalog: str, uri: Optional[str], environ: Mapping[str, str]) -> List[Tuple[str, str]]:
    """The REST catalog's OAuth2 client credentials, from the driver's environment (the domain's
    Secret, as for the DuckDB runner), as Iceberg's REST client takes them; none without both, or
    for a catalog that is not REST (no uri)."""
    client_id = environ.get(CATALOG_CLIENT_ID_ENV, "")
    client_secret = environ.get(CATALOG_CLIENT_SECRET_ENV, "")
    if not uri or not client_id or not client_secret:
        return []
    prefix = f"spark.sql.catalog.{catalog}"
    return [
        (f"{prefix}.credential", f"{client_id}:{client_secret}"),
        (f"{prefix}.oauth2-server-uri", f"{uri.rstrip('/')}/v1/oauth/tokens"),
    ]


def run(plan: Plan, sql: str, written: List[str]) -> Outcome:
    """Runs the plan on Spark; appends to `written` each table it replaced."""
    from pyspark import SparkConf, SparkContext
    from pyspark.errors import AnalysisException
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F

    # SparkConf() reads what spark-submit was given (the application's sparkConf) only once the
    # JVM gateway is up; before that it is empty, and every default set on it would override the
    # submission's value for the same key when the session starts. So: gateway first.
    SparkContext._ensure_initialized()
    conf = SparkConf()  # holds what spark-submit was given; those settings win
    if SPARK_DEFAULTS.is_file():
        for key, value in parse_spark_defaults(SPARK_DEFAULTS.read_text(encoding="utf-8")):
            conf.setIfMissing(key, value)
    for key, value in catalog_credentials(plan.catalog, conf.get(f"spark.sql.catalog.{plan.catalog}.uri"), os.environ):
        conf.set(key, value)
    spark = SparkSession.builder.appName(plan.product).config(conf=conf).getOrCreate()

    def table(name: str, missing: str) -> DataFrame:
        try:
            return spark.table(table_ref(plan.catalog, name))
        except AnalysisException:
            raise RunError(missing) from None

    try:
        written_tables = [
            (plan.table, plan.columns),
            *([(plan.redacted.table, [c for c in plan.columns if c.name in plan.redacted.columns])] if plan.redacted else []),
        ]
        if plan.create_tables:
            # A REST catalog: the namespace and the tables are the transform's own to create, with
            # the contract's columns (in contract order), empty until the first load commits.
            for name, columns in written_tables:
                database = name.split(".")[0]
                spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {quote_ident(plan.catalog)}.{quote_ident(database)}")
                spark.sql(create_table_sql(table_ref(plan.catalog, name), columns, dict(plan.locations)[name]))
        # Both written tables must exist before anything runs, so a missing one never leaves the
        # main table replaced and the redacted one behind.
        for name, _ in written_tables:
            table(
                name,
                f"--table {name}: no such table in the warehouse catalog (the platform creates it "
                "with the product: deploy the stack first)",
            )
        try:
            # Hive-style `ingest_date=` partitions from the root, as DuckDB reads them
            # (hive_partitioning); batches staged under an older raw schema are merged by name.
            staging = spark.read.parquet(
                staged_batches(plan.staging), basePath=plan.staging.rstrip("/") + "/", mergeSchema="true"
            )
        except AnalysisException as e:
            if not is_missing_staging(_error_class(e), str(e)):
                raise
            staging = spark.sql(plan.empty_staging)
        staging.createOrReplaceTempView("staging")
        for read in plan.reads:
            table(
                read.table,
                f"--read {read.view}={read.table}: no such table in the warehouse catalog, "
                "or no permission to read it",
            ).createOrReplaceTempView(read.view)

        try:
            # Cached, so the checks and the write see the rows computed once; count() fills the
            # cache and surfaces the SQL's own errors here, worded as the transform's.
            candidate = spark.sql(as_query(sql)).persist()
            rows = candidate.count()
        except Exception as e:
            raise RunError(f"the transform failed: {first_line(str(e))}") from None
        candidate.createOrReplaceTempView("candidate")

        failures = column_failures(plan.columns, [(f.name, type_string(f.dataType)) for f in candidate.schema.fields])
        if failures:
            return Outcome(failures, rows)
        result = spark.sql(check_query(plan.checks)).first()
        total = int(result["total"])
        # A rule written as sum(...) is NULL over no rows: none broke it.
        counts = [int(result[f"r{i}"] or 0) for i in range(len(plan.checks))]
        failures = count_failures(plan.checks, plan.row_count, total, counts)
        if failures:
            return Outcome(failures, total)

        # overwrite(true) replaces every row in one Iceberg commit: readers see the old snapshot or
        # the new one. Columns by name, in table order.
        def replace(name: str, columns: Sequence[str]) -> None:
            candidate.select(*(F.col(quote_ident(c)) for c in columns)).writeTo(
                table_ref(plan.catalog, name)
            ).overwrite(F.lit(True))
            written.append(name)

        replace(plan.table, [c.name for c in plan.columns])
        if plan.redacted is not None:
            replace(plan.redacted.table, plan.redacted.columns)
        return Outcome([], total)
    finally:
        try:
            spark.stop()
        except Exception:  # the outcome is known; the JVM goes with the process anyway
            pass


def _error_class(error: BaseException) -> Optional[str]:
    get: Optional[Callable[[], Optional[str]]] = getattr(error, "getErrorClass", None)
    return get() if get is not None else None


# ---- command line ------------------------------------------------------------------------------


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Run a data product's transform plan on Spark.")
    parser.add_argument("--plan", required=True, help="the plan JSON (version 1)")
    args = parser.parse_args(argv)
    try:
        plan = load_plan(args.plan)
    except PlanError as e:
        print(f"error: --plan {args.plan}: {e}", file=sys.stderr)
        return EXIT_BAD_PLAN

    written: List[str] = []
    try:
        outcome = run(plan, read_sql(plan.sql), written)
    except Exception as e:  # one line, no traceback: the operator's logs keep Spark's own
        message = str(e) if isinstance(e, RunError) else first_line(str(e), type(e).__name__)
        if written and plan.redacted is not None:
            line = error_line(plan.product, message, plan.redacted.table, plan.table)
        else:
            line = error_line(plan.product, message, plan.table)
        print(line, file=sys.stderr)
        return EXIT_FAILED
    if outcome.failures:
        for line in contract_report(plan.product, plan.table, outcome.failures):
            print(line, file=sys.stderr)
        return EXIT_FAILED
    print(loaded_line(plan.product, outcome.rows, plan.table))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
