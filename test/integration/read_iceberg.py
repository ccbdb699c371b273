"""The second engine: reads an Iceberg table through the REST catalog with PyIceberg (and PyArrow's
S3 client), and prints what the scenarios compare as JSON: the current schema, every snapshot
(id, parent, operation), and the rows of the current snapshot, or of `--snapshot ID`.

usage: read_iceberg.py URI NAMESPACE.TABLE [--snapshot ID]   (S3 settings from the environment)
"""
import datetime
import decimal
import json
import os
import sys

from pyiceberg.catalog.rest import RestCatalog


def plain(value):
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return str(value)  # "2026-11-24 10:10:00", as DuckDB writes it
    return value


def main(argv):
    uri, name = argv[1], argv[2]
    snapshot = int(argv[4]) if len(argv) > 4 and argv[3] == "--snapshot" else None
    catalog = RestCatalog(
        "mesh",
        uri=uri,
        **{
            "s3.endpoint": os.environ["S3_ENDPOINT"],
            "s3.access-key-id": os.environ["AWS_ACCESS_KEY_ID"],
            "s3.secret-access-key": os.environ["AWS_SECRET_ACCESS_KEY"],
            "s3.region": os.environ["AWS_REGION"],
            "s3.path-style-access": "true",
        },
    )
    table = catalog.load_table(name)
    scan = table.scan(snapshot_id=snapshot) if snapshot is not None else table.scan()
    rows = [{k: plain(v) for k, v in row.items()} for row in scan.to_arrow().to_pylist()]
    print(
        json.dumps(
            {
                "columns": [
                    {"name": f.name, "type": str(f.field_type), "required": f.required}
                    for f in table.schema().fields
                ],
                "snapshots": [
                    {
                        "id": str(s.snapshot_id),
                        "parent": None if s.parent_snapshot_id is None else str(s.parent_snapshot_id),
                        "operation": s.summary.operation.value if s.summary else None,
                    }
                    for s in table.snapshots()
                ],
                "metadataLog": len(table.metadata.metadata_log),
                "location": table.location(),
                "rows": rows,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv)
