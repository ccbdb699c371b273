"""Unit tests of transform.py's pure parts (stdlib only; no Spark needed).

Run from the repository root: python3 -m unittest discover -s spark -p "test_*.py" -v
"""

from __future__ import annotations

import ast
import copy
import importlib
import importlib.abc
import io
import json
import re
import sys
import tempfile
import types
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Dict, List
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import transform  # noqa: E402
from plan import Check, Column, Failure, PlanError, RowCount, parse_plan  # noqa: E402

GOOD: Dict[str, Any] = {
    "version": 1,
    "product": "orders/orders",
    "sql": "/etc/mesh/transform/transform.sql",
    "staging": "s3a://acme-mesh-prod-orders-orders/v1/",
    "catalog": "glue",
    "table": "orders_prod.orders_v1",
    "reads": [{"view": "orders__orders", "table": "orders_prod.orders_v1"}],
    "columns": [{"name": "order_id", "type": "string"}, {"name": "amount", "type": "decimal(18,2)"}],
    "checks": [
        {
            "rule": "required",
            "column": "order_id",
            "sql": "count(*) FILTER (WHERE `order_id` IS NULL)",
            "message": "order_id is null in {rows} row(s)",
        }
    ],
    "rowCount": {"min": 1},
    "emptyStaging": "SELECT CAST(NULL AS STRING) AS `order_id`, CAST(NULL AS DECIMAL(18,2)) AS `amount` WHERE false",
    "redacted": {"table": "customers_prod.customers_v2_redacted", "columns": ["order_id"]},
}


def plan_with(**changes: Any) -> Dict[str, Any]:
    data = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def rejection(data: Any) -> str:
    """The PlanError message for `data`; fails the test if the plan is accepted."""
    try:
        parse_plan(data)
    except PlanError as e:
        return str(e)
    raise AssertionError(f"accepted: {data!r}")


class PlanValidation(unittest.TestCase):
    def test_accepts_the_documented_plan(self) -> None:
        plan = parse_plan(GOOD)
        self.assertEqual(plan.product, "orders/orders")
        self.assertEqual(plan.table, "orders_prod.orders_v1")
        self.assertEqual(plan.staging, "s3a://acme-mesh-prod-orders-orders/v1/")
        self.assertEqual(plan.columns, (Column("order_id", "string"), Column("amount", "decimal(18,2)")))
        self.assertEqual(plan.reads[0].view, "orders__orders")
        self.assertEqual(plan.checks[0].rule, "required")
        self.assertEqual(plan.checks[0].column, "order_id")
        self.assertEqual(plan.row_count, RowCount(1, None))
        self.assertIsNotNone(plan.redacted)
        assert plan.redacted is not None
        self.assertEqual(plan.redacted.columns, ("order_id",))

    def test_optional_parts_may_be_empty_or_absent(self) -> None:
        plan = parse_plan(plan_with(reads=[], checks=[], rowCount={}, redacted=None))
        self.assertEqual(plan.reads, ())
        self.assertEqual(plan.checks, ())
        self.assertEqual(plan.row_count, RowCount(None, None))
        self.assertIsNone(plan.redacted)

    def test_rejects_each_missing_key_by_name(self) -> None:
        keys = ["version", "product", "sql", "staging", "catalog", "table", "reads", "columns", "checks"]
        for key in [*keys, "rowCount", "emptyStaging"]:
            with self.subTest(key=key):
                self.assertEqual(rejection(plan_with(**{key: None})), f'missing "{key}"')

    def test_rejects_another_version(self) -> None:
        self.assertIn('"version" 2 is not supported', rejection(plan_with(version=2)))
        self.assertIn('"version" true is not supported', rejection(plan_with(version=True)))

    def test_rejects_wrong_types_naming_the_key(self) -> None:
        cases = {
            '"product" must be a non-empty string': plan_with(product=""),
            '"sql" must be a non-empty string': plan_with(sql=3),
            '"catalog" must be an identifier': plan_with(catalog="glue.x"),
            '"table" must be "database.table"': plan_with(table="orders_v1"),
            '"reads" must be a list': plan_with(reads={}),
            '"reads[0].view" must be an identifier': plan_with(reads=[{"view": "a-b", "table": "d.t"}]),
            '"reads[0].table" must be "database.table"': plan_with(reads=[{"view": "v", "table": "a.b.c"}]),
            '"columns" must not be empty': plan_with(columns=[]),
            '"columns[1]" must be an object': plan_with(columns=[{"name": "a", "type": "int"}, "b"]),
            '"columns[0].type" must be a non-empty string': plan_with(columns=[{"name": "a", "type": None}]),
            '"columns" repeats a': plan_with(columns=[{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]),
            'missing "checks[0].sql"': plan_with(checks=[{"rule": "r", "column": "c", "message": "m"}]),
            '"checks[0].column" must be a non-empty string': plan_with(
                checks=[{"rule": "r", "column": 5, "sql": "s", "message": "m"}]
            ),
            '"rowCount" must be an object': plan_with(rowCount=3),
            '"rowCount.min" must be a non-negative integer': plan_with(rowCount={"min": -1}),
            '"rowCount.max" must be a non-negative integer': plan_with(rowCount={"max": 1.5}),
            '"rowCount.min" (5) is above "rowCount.max" (3)': plan_with(rowCount={"min": 5, "max": 3}),
            '"emptyStaging" must be a non-empty string': plan_with(emptyStaging=" "),
            '"redacted.table" must be "database.table"': plan_with(redacted={"table": "x", "columns": ["order_id"]}),
            '"redacted.columns" must be a non-empty list': plan_with(redacted={"table": "d.t", "columns": []}),
            '"redacted.columns" names segment, not in "columns"': plan_with(
                redacted={"table": "d.t", "columns": ["order_id", "segment"]}
            ),
        }
        for expected, data in cases.items():
            with self.subTest(expected=expected):
                self.assertIn(expected, rejection(data))

    def test_rejects_a_plan_that_is_not_an_object(self) -> None:
        self.assertIn('"the plan" must be an object', rejection([GOOD]))

    def test_load_plan_reports_unreadable_and_malformed_files(self) -> None:
        with self.assertRaises(PlanError) as missing:
            transform.load_plan("/nonexistent/plan.json")
        self.assertEqual(str(missing.exception), "cannot read it: No such file or directory")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "plan.json")
            path.write_text("{not json", encoding="utf-8")
            with self.assertRaises(PlanError) as malformed:
                transform.load_plan(str(path))
            self.assertTrue(str(malformed.exception).startswith("not JSON: "))
            path.write_text(json.dumps(GOOD), encoding="utf-8")
            self.assertEqual(transform.load_plan(str(path)).product, "orders/orders")


class RestTables(unittest.TestCase):
    LOCATIONS = {
        "orders_prod.orders_v1": "s3://acme-warehouse/orders/orders/v1/",
        "customers_prod.customers_v2_redacted": "s3://acme-warehouse/customers/customers/v2-redacted/",
    }

    def test_a_plan_that_creates_tables_names_where_each_goes(self) -> None:
        plan = parse_plan(plan_with(createTables=True, locations=self.LOCATIONS))
        self.assertEqual(dict(plan.locations), self.LOCATIONS)
        sql = transform.create_table_sql("`warehouse`.`orders_prod`.`orders_v1`", plan.columns[:1], plan.locations[0][1])
        self.assertTrue(sql.endswith("USING iceberg LOCATION 's3://acme-warehouse/orders/orders/v1/'"), sql)

    def test_refuses_a_table_to_create_without_its_location(self) -> None:
        only_main = {"orders_prod.orders_v1": self.LOCATIONS["orders_prod.orders_v1"]}
        self.assertEqual(
            rejection(plan_with(createTables=True, locations=only_main)),
            '"locations.customers_prod.customers_v2_redacted" must be "s3://bucket/prefix/", got null',
        )
        self.assertIn("locations", rejection(plan_with(createTables=True)))


class CatalogCredentials(unittest.TestCase):
    URI = "https://polaris.example.com/api/catalog/"

    def test_a_rest_catalog_signs_in_with_the_domains_client_credentials(self) -> None:
        env = {"MESH_CATALOG_CLIENT_ID": "orders", "MESH_CATALOG_CLIENT_SECRET": "s3cret"}
        self.assertEqual(
            transform.catalog_credentials("warehouse", self.URI, env),
            [
                ("spark.sql.catalog.warehouse.credential", "orders:s3cret"),
                (
                    "spark.sql.catalog.warehouse.oauth2-server-uri",
                    "https://polaris.example.com/api/catalog/v1/oauth/tokens",
                ),
            ],
        )

    def test_none_without_both_or_without_a_rest_uri(self) -> None:
        self.assertEqual(transform.catalog_credentials("warehouse", self.URI, {"MESH_CATALOG_CLIENT_ID": "x"}), [])
        both = {"MESH_CATALOG_CLIENT_ID": "x", "MESH_CATALOG_CLIENT_SECRET": "y"}
        self.assertEqual(transform.catalog_credentials("glue", None, both), [])


class Columns(unittest.TestCase):
    EXPECTED = [Column("order_id", "string"), Column("amount", "decimal(18,2)"), Column("day", "date")]

    def test_no_failure_when_names_and_types_match_in_any_order(self) -> None:
        actual = [("day", "date"), ("order_id", "string"), ("amount", "decimal(18,2)")]
        self.assertEqual(transform.column_failures(self.EXPECTED, actual), [])

    def test_missing_then_mistyped_in_plan_order_then_extra(self) -> None:
        actual = [("extra", "int"), ("amount", "decimal(10,2)"), ("ingest_date", "date")]
        self.assertEqual(
            transform.column_failures(self.EXPECTED, actual),
            [
                Failure("column", "column order_id is missing", "order_id"),
                Failure("type", "column amount is decimal(10,2), the contract says decimal(18,2)", "amount"),
                Failure("column", "column day is missing", "day"),
                Failure("column", "column extra is not in the contract", "extra"),
                Failure("column", "column ingest_date is not in the contract", "ingest_date"),
            ],
        )

    def test_names_are_compared_exactly(self) -> None:
        failures = transform.column_failures([Column("order_id", "string")], [("ORDER_ID", "string")])
        self.assertEqual([f.message for f in failures], ["column order_id is missing", "column ORDER_ID is not in the contract"])

    def test_nested_types_are_written_out_whole(self) -> None:
        # The shapes of pyspark's StructType, ArrayType and MapType; 30 fields, more than Spark's
        # simpleString() would show.
        wide = types.SimpleNamespace(fields=[FakeField(f"f{i}", "int") for i in range(30)])
        lines = types.SimpleNamespace(elementType=types.SimpleNamespace(fields=[FakeField("sku", "string")]))
        tags = types.SimpleNamespace(keyType=FakeType("string"), valueType=FakeType("bigint"))
        self.assertEqual(transform.type_string(wide), "struct<" + ",".join(f"f{i}:int" for i in range(30)) + ">")
        self.assertEqual(transform.type_string(lines), "array<struct<sku:string>>")
        self.assertEqual(transform.type_string(tags), "map<string,bigint>")
        self.assertEqual(transform.type_string(FakeType("decimal(18,2)")), "decimal(18,2)")


class Sql(unittest.TestCase):
    def test_check_query_counts_rows_and_every_rule_in_one_scan(self) -> None:
        checks = [
            Check("required", "a", "count(*) FILTER (WHERE `a` IS NULL)", "m"),
            Check("unique", "b", "count(`b`) - count(DISTINCT `b`)", "m"),
        ]
        self.assertEqual(
            transform.check_query(checks),
            "SELECT count(*) AS total, count(*) FILTER (WHERE `a` IS NULL) AS r0, "
            "count(`b`) - count(DISTINCT `b`) AS r1 FROM candidate",
        )
        self.assertEqual(transform.check_query([]), "SELECT count(*) AS total FROM candidate")

    def test_table_ref_quotes_each_part(self) -> None:
        self.assertEqual(transform.table_ref("glue", "orders_prod.orders_v1"), "`glue`.`orders_prod`.`orders_v1`")
        self.assertEqual(transform.quote_ident("we`ird"), "`we``ird`")

    def test_missing_staging_is_recognised_by_error_class_or_message(self) -> None:
        self.assertTrue(transform.is_missing_staging("PATH_NOT_FOUND", ""))
        self.assertTrue(transform.is_missing_staging("UNABLE_TO_INFER_SCHEMA", ""))
        self.assertFalse(transform.is_missing_staging("TABLE_OR_VIEW_NOT_FOUND", "Path does not exist"))
        self.assertTrue(transform.is_missing_staging(None, "[PATH_NOT_FOUND] Path does not exist: s3a://b/v1"))
        self.assertFalse(transform.is_missing_staging(None, "Access Denied"))


class Counts(unittest.TestCase):
    CHECKS = [
        Check("required", "order_id", "s0", "order_id is null in {rows} row(s)"),
        Check("unique", "order_id", "s1", "order_id repeats a value in {rows} row(s)"),
        Check("min", "amount", "s2", "amount is below 0 in {rows} row(s)"),
    ]

    def test_each_rule_with_rows_is_a_failure_with_its_count(self) -> None:
        failures = transform.count_failures(self.CHECKS, RowCount(), 10, [2, 0, 7])
        self.assertEqual(
            failures,
            [
                Failure("required", "order_id is null in 2 row(s)", "order_id"),
                Failure("min", "amount is below 0 in 7 row(s)", "amount"),
            ],
        )

    def test_row_count_bounds(self) -> None:
        self.assertEqual(
            transform.count_failures([], RowCount(min=1), 0, []),
            [Failure("rowCount", "0 row(s), fewer than the minimum 1")],
        )
        self.assertEqual(
            transform.count_failures([], RowCount(max=100), 101, []),
            [Failure("rowCount", "101 row(s), more than the maximum 100")],
        )
        self.assertEqual(transform.count_failures([], RowCount(min=1, max=100), 1, []), [])
        self.assertEqual(transform.count_failures([], RowCount(min=1, max=100), 100, []), [])

    def test_rules_come_before_the_row_count(self) -> None:
        failures = transform.count_failures(self.CHECKS[:1], RowCount(min=5), 3, [1])
        self.assertEqual([f.rule for f in failures], ["required", "rowCount"])

    def test_counts_must_match_the_checks(self) -> None:
        with self.assertRaises(ValueError):
            transform.count_failures(self.CHECKS, RowCount(), 1, [0])


class Messages(unittest.TestCase):
    def test_contract_report_lines(self) -> None:
        lines = transform.contract_report(
            "orders/orders",
            "orders_prod.orders_v1",
            [
                Failure("required", "order_id is null in 2 row(s)", "order_id"),
                Failure("rowCount", "0 row(s), fewer than the minimum 1"),
            ],
        )
        self.assertEqual(
            lines,
            [
                "orders/orders: the output breaks its contract; orders_prod.orders_v1 is unchanged:",
                "  required (order_id): order_id is null in 2 row(s)",
                "  rowCount: 0 row(s), fewer than the minimum 1",
            ],
        )

    def test_loaded_and_error_lines(self) -> None:
        self.assertEqual(
            transform.loaded_line("orders/orders", 42, "orders_prod.orders_v1"),
            "orders/orders: 42 rows loaded into orders_prod.orders_v1",
        )
        self.assertEqual(
            transform.error_line("orders/orders", "boom", "orders_prod.orders_v1"),
            "orders/orders: boom; orders_prod.orders_v1 is unchanged",
        )
        self.assertEqual(
            transform.error_line("c/c", "boom", "c.c_redacted", "c.c"),
            "c/c: boom; c.c was replaced but c.c_redacted is unchanged",
        )

    def test_as_query_wraps_the_sql_so_only_a_query_parses(self) -> None:
        self.assertEqual(
            transform.as_query("SELECT 1 -- trailing comment\n;"),
            "SELECT * FROM (\nSELECT 1 -- trailing comment\n) AS mesh_transform",
        )
        # A second statement or a command ends up inside a subquery, where Spark cannot parse it.
        wrapped = transform.as_query("SELECT 1; DROP TABLE x")
        self.assertTrue(wrapped.startswith("SELECT * FROM (\n"))
        self.assertTrue(wrapped.endswith("\n) AS mesh_transform"))

    def test_first_line_skips_py4j_preamble(self) -> None:
        py4j = (
            "An error occurred while calling o42.table.\n"
            ": software.amazon.awssdk.services.glue.model.AccessDeniedException: not authorized\n"
            "\tat software.amazon.awssdk..."
        )
        self.assertEqual(
            transform.first_line(py4j),
            "software.amazon.awssdk.services.glue.model.AccessDeniedException: not authorized",
        )
        self.assertEqual(transform.first_line("[PARSE_SYNTAX_ERROR] at 'x'.\n== SQL ==\nSELEC x"), "[PARSE_SYNTAX_ERROR] at 'x'.")
        self.assertEqual(transform.first_line("", "KeyError"), "KeyError")


class SparkDefaults(unittest.TestCase):
    def test_parser(self) -> None:
        text = "# comment\n! also\n\nspark.a   one two\nspark.b=2\nspark.c: 3\n"
        self.assertEqual(
            transform.parse_spark_defaults(text), [("spark.a", "one two"), ("spark.b", "2"), ("spark.c", "3")]
        )

    def test_the_image_defines_the_glue_catalog_and_irsa_credentials(self) -> None:
        conf = dict(transform.parse_spark_defaults((HERE / "spark-defaults.conf").read_text(encoding="utf-8")))
        self.assertEqual(conf["spark.sql.catalog.glue"], "org.apache.iceberg.spark.SparkCatalog")
        self.assertEqual(conf["spark.sql.catalog.glue.catalog-impl"], "org.apache.iceberg.aws.glue.GlueCatalog")
        self.assertEqual(conf["spark.sql.catalog.glue.io-impl"], "org.apache.iceberg.aws.s3.S3FileIO")
        self.assertEqual(
            conf["spark.sql.extensions"], "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"
        )
        self.assertEqual(
            conf["spark.hadoop.fs.s3a.aws.credentials.provider"],
            "com.amazonaws.auth.WebIdentityTokenCredentialsProvider",
        )
        self.assertTrue(conf["spark.sql.warehouse.dir"].startswith("/tmp/"))
        self.assertEqual(transform.SPARK_DEFAULTS, HERE / "spark-defaults.conf")


class Image(unittest.TestCase):
    def test_dockerfile_matches_the_platform(self) -> None:
        dockerfile = (HERE / "Dockerfile").read_text(encoding="utf-8")
        application = (HERE.parent / "components/compute/sparkApplication.ts").read_text(encoding="utf-8")
        version = re.search(r'SPARK_VERSION = "([^"]+)"', application)
        entry = re.search(r'SPARK_ENTRY_POINT = "local://([^"]+)"', application)
        assert version is not None and entry is not None
        self.assertIn(f"ARG SPARK_IMAGE=apache/spark:{version.group(1)}-python3\n", dockerfile)
        self.assertIn(f"COPY spark-defaults.conf transform.py plan.py {Path(entry.group(1)).parent}/\n", dockerfile)
        self.assertIn("\nUSER 65532:65532\n", dockerfile)
        self.assertIn('\nENTRYPOINT ["/opt/entrypoint.sh"]\n', dockerfile)
        # Every downloaded jar is checked against a pinned sha256 build arg.
        fetches = re.findall(r'^fetch "[^"]+\.jar" "\$([A-Z0-9_]+_SHA256)"$', dockerfile, re.M)
        self.assertEqual(len(fetches), 4)
        for arg in fetches:
            self.assertIn(f"\nARG {arg}=", dockerfile)


class CommandLine(unittest.TestCase):
    def run_main(self, *argv: str) -> "tuple[int, List[str], List[str]]":
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = transform.main(list(argv))
        return code, out.getvalue().splitlines(), err.getvalue().splitlines()

    def test_a_bad_plan_exits_2_with_one_line(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "plan.json")
            path.write_text(json.dumps(plan_with(table="nodot")), encoding="utf-8")
            code, out, err = self.run_main("--plan", str(path))
        self.assertEqual(code, 2)
        self.assertEqual(out, [])
        self.assertEqual(err, [f'error: --plan {path}: "table" must be "database.table", got "nodot"'])

    def test_an_unreadable_sql_file_exits_1_before_spark_starts(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "plan.json")
            path.write_text(json.dumps(plan_with(sql=f"{tmp}/missing.sql")), encoding="utf-8")
            code, out, err = self.run_main("--plan", str(path))
        self.assertEqual(code, 1)
        self.assertEqual(
            err,
            [
                f"orders/orders: cannot read the SQL file {tmp}/missing.sql: No such file or directory; "
                "orders_prod.orders_v1 is unchanged"
            ],
        )
        self.assertNotIn("pyspark", sys.modules)


class Imports(unittest.TestCase):
    def test_importing_transform_does_not_import_pyspark(self) -> None:
        attempts: List[str] = []

        class Watch(importlib.abc.MetaPathFinder):
            def find_spec(self, name: str, path: Any, target: Any = None) -> None:
                if name.split(".")[0] == "pyspark":
                    attempts.append(name)
                return None

        watch = Watch()
        saved = sys.modules.pop("transform")
        sys.meta_path.insert(0, watch)
        try:
            importlib.import_module("transform")
        finally:
            sys.meta_path.remove(watch)
            sys.modules["transform"] = saved
        self.assertEqual(attempts, [])
        self.assertNotIn("pyspark", sys.modules)

    def test_source_parses_as_python_3_10(self) -> None:
        # The image's Python is Ubuntu's 3.10, older than the development machines'.
        source = (HERE / "transform.py").read_text(encoding="utf-8")
        ast.parse(source, feature_version=(3, 10))


# ---- run() against a stand-in for the few PySpark calls it makes ------------------------------
# Not Spark: it checks run()'s order of work (views, checks, writes) and what it returns, under the
# PySpark API as documented for 3.5, which this machine cannot run.


class FakeAnalysisException(Exception):
    def __init__(self, error_class: str) -> None:
        super().__init__(f"[{error_class}] stand-in")
        self.error_class = error_class

    def getErrorClass(self) -> str:
        return self.error_class


class FakeType:
    def __init__(self, name: str) -> None:
        self.name = name

    def simpleString(self) -> str:
        return self.name


class FakeField:
    def __init__(self, name: str, kind: str) -> None:
        self.name, self.dataType = name, FakeType(kind)


class FakeFrame:
    def __init__(self, spark: "FakeSpark", columns: List[tuple], rows: Any = None, selected: Any = None) -> None:
        self.spark, self.columns, self.rows, self.selected = spark, columns, rows, selected
        self.schema = types.SimpleNamespace(fields=[FakeField(n, t) for n, t in columns])

    def createOrReplaceTempView(self, name: str) -> None:
        self.spark.views.append(name)

    def persist(self) -> "FakeFrame":
        return self

    def count(self) -> int:
        return self.rows

    def first(self) -> Any:
        return self.rows

    def select(self, *columns: str) -> "FakeFrame":
        return FakeFrame(self.spark, [], selected=list(columns))

    def writeTo(self, name: str) -> Any:
        def overwrite(condition: Any) -> None:
            assert condition == "lit(True)"
            if name in self.spark.failing:
                raise RuntimeError("An error occurred while calling o9.overwrite.\n: java.io.IOException: boom")
            self.spark.writes.append((name, self.selected))

        return types.SimpleNamespace(overwrite=overwrite)


class FakeSpark:
    """The session; `counts` is the check query's row, `tables` the catalog's tables."""

    def __init__(self, tables: List[str], columns: List[tuple], counts: Dict[str, int], staged: bool) -> None:
        self.tables, self.columns, self.counts, self.staged = tables, columns, counts, staged
        self.views: List[str] = []
        self.writes: List[tuple] = []
        self.queries: List[str] = []
        self.stopped = False
        self.failing: List[str] = []
        self.read = types.SimpleNamespace(parquet=self.parquet)

    def table(self, name: str) -> FakeFrame:
        if name not in self.tables:
            raise FakeAnalysisException("TABLE_OR_VIEW_NOT_FOUND")
        return FakeFrame(self, [])

    def parquet(self, path: str, **options: str) -> FakeFrame:
        if not self.staged:
            raise FakeAnalysisException("PATH_NOT_FOUND")
        self.queries.append(f"parquet {path}")
        return FakeFrame(self, [])

    def sql(self, text: str) -> FakeFrame:
        self.queries.append(text)
        if text.startswith("SELECT count(*) AS total"):
            return FakeFrame(self, [], rows=self.counts)
        return FakeFrame(self, self.columns, rows=self.counts["total"])

    def stop(self) -> None:
        self.stopped = True


def fake_pyspark(spark: FakeSpark) -> Dict[str, Any]:
    """sys.modules entries standing in for pyspark, pyspark.errors, pyspark.sql and its functions."""
    conf = types.SimpleNamespace(settings={})
    conf.setIfMissing = lambda k, v: conf.settings.setdefault(k, v)
    conf.set = lambda k, v: conf.settings.__setitem__(k, v)
    conf.get = lambda k, default=None: conf.settings.get(k, default)
    builder = types.SimpleNamespace()
    builder.appName = lambda name: builder
    builder.config = lambda conf: builder
    builder.getOrCreate = lambda: spark
    functions = types.SimpleNamespace(col=lambda name: name, lit=lambda v: f"lit({v})")
    return {
        "pyspark": types.SimpleNamespace(
            SparkConf=lambda: conf, SparkContext=types.SimpleNamespace(_ensure_initialized=lambda: None)
        ),
        "pyspark.errors": types.SimpleNamespace(AnalysisException=FakeAnalysisException),
        "pyspark.sql": types.SimpleNamespace(
            DataFrame=FakeFrame, SparkSession=types.SimpleNamespace(builder=builder), functions=functions
        ),
        "pyspark.sql.functions": functions,
    }


class Run(unittest.TestCase):
    TABLES = ["`glue`.`orders_prod`.`orders_v1`", "`glue`.`customers_prod`.`customers_v2_redacted`"]
    COLUMNS = [("order_id", "string"), ("amount", "decimal(18,2)")]

    def run_plan(self, spark: FakeSpark, sql: str = "SELECT * FROM staging") -> "tuple[Any, List[str]]":
        written: List[str] = []
        with mock.patch.dict(sys.modules, fake_pyspark(spark)):
            outcome = transform.run(parse_plan(GOOD), sql, written)
        self.assertTrue(spark.stopped)
        return outcome, written

    def test_loads_the_main_table_then_the_redacted_one(self) -> None:
        spark = FakeSpark(self.TABLES, self.COLUMNS, {"total": 3, "r0": 0}, staged=False)
        outcome, written = self.run_plan(spark)
        self.assertEqual((outcome.failures, outcome.rows), ([], 3))
        self.assertEqual(written, ["orders_prod.orders_v1", "customers_prod.customers_v2_redacted"])
        self.assertEqual(
            spark.writes,
            [
                ("`glue`.`orders_prod`.`orders_v1`", ["`order_id`", "`amount`"]),
                ("`glue`.`customers_prod`.`customers_v2_redacted`", ["`order_id`"]),
            ],
        )
        # Nothing staged yet: `staging` is the plan's empty relation.
        self.assertEqual(spark.views, ["staging", "orders__orders", "candidate"])
        self.assertEqual(spark.queries[0], GOOD["emptyStaging"])

    def test_a_broken_rule_writes_nothing(self) -> None:
        spark = FakeSpark(self.TABLES, self.COLUMNS, {"total": 3, "r0": 2}, staged=True)
        outcome, written = self.run_plan(spark)
        self.assertEqual(outcome.failures, [Failure("required", "order_id is null in 2 row(s)", "order_id")])
        self.assertEqual((written, spark.writes), ([], []))
        self.assertEqual(spark.queries[0], f"parquet {GOOD['staging']}ingest_date=*/batch-*.parquet")

    def test_a_column_problem_skips_the_checks(self) -> None:
        spark = FakeSpark(self.TABLES, [("order_id", "int")], {"total": 3}, staged=True)
        outcome, written = self.run_plan(spark)
        self.assertEqual(
            [f.message for f in outcome.failures],
            ["column order_id is int, the contract says string", "column amount is missing"],
        )
        self.assertEqual(outcome.rows, 3)
        self.assertFalse(any(q.startswith("SELECT count(*) AS total") for q in spark.queries))
        self.assertEqual(spark.writes, [])

    def test_a_missing_read_names_view_and_table(self) -> None:
        spark = FakeSpark(self.TABLES, self.COLUMNS, {"total": 1, "r0": 0}, staged=True)
        plan = parse_plan(plan_with(reads=[{"view": "x__y", "table": "x_prod.y_v1"}]))
        with mock.patch.dict(sys.modules, fake_pyspark(spark)), self.assertRaises(transform.RunError) as caught:
            transform.run(plan, "SELECT 1", [])
        self.assertEqual(
            str(caught.exception),
            "--read x__y=x_prod.y_v1: no such table in the warehouse catalog, or no permission to read it",
        )
        self.assertEqual(spark.writes, [])

    def main_with(self, spark: FakeSpark) -> "tuple[int, List[str], List[str]]":
        with tempfile.TemporaryDirectory() as tmp:
            sql, plan = Path(tmp, "transform.sql"), Path(tmp, "plan.json")
            sql.write_text("SELECT * FROM staging", encoding="utf-8")
            plan.write_text(json.dumps(plan_with(sql=str(sql))), encoding="utf-8")
            out, err = io.StringIO(), io.StringIO()
            with mock.patch.dict(sys.modules, fake_pyspark(spark)), redirect_stdout(out), redirect_stderr(err):
                code = transform.main(["--plan", str(plan)])
        return code, out.getvalue().splitlines(), err.getvalue().splitlines()

    def test_main_prints_the_rows_loaded(self) -> None:
        spark = FakeSpark(self.TABLES, self.COLUMNS, {"total": 3, "r0": 0}, staged=True)
        self.assertEqual(self.main_with(spark), (0, ["orders/orders: 3 rows loaded into orders_prod.orders_v1"], []))

    def test_main_prints_the_contract_report(self) -> None:
        spark = FakeSpark(self.TABLES, self.COLUMNS, {"total": 0, "r0": 0}, staged=True)
        self.assertEqual(
            self.main_with(spark),
            (
                1,
                [],
                [
                    "orders/orders: the output breaks its contract; orders_prod.orders_v1 is unchanged:",
                    "  rowCount: 0 row(s), fewer than the minimum 1",
                ],
            ),
        )

    def test_main_says_which_table_a_failed_write_left_behind(self) -> None:
        spark = FakeSpark(self.TABLES, self.COLUMNS, {"total": 3, "r0": 0}, staged=True)
        spark.failing = ["`glue`.`customers_prod`.`customers_v2_redacted`"]
        self.assertEqual(
            self.main_with(spark),
            (
                1,
                [],
                [
                    "orders/orders: java.io.IOException: boom; orders_prod.orders_v1 was replaced "
                    "but customers_prod.customers_v2_redacted is unchanged"
                ],
            ),
        )

    def test_a_missing_redacted_table_fails_before_anything_runs(self) -> None:
        spark = FakeSpark(self.TABLES[:1], self.COLUMNS, {"total": 1, "r0": 0}, staged=True)
        with self.assertRaises(transform.RunError) as caught:
            self.run_plan(spark)
        self.assertTrue(str(caught.exception).startswith("--table customers_prod.customers_v2_redacted: no such"))
        self.assertEqual((spark.queries, spark.writes), ([], []))


if __name__ == "__main__":
    unittest.main()
