"""Reads Iceberg tables back with PyIceberg (the second engine): `readIceberg.py <metadata.json>…`
prints, per table, its snapshot count and its rows as JSON (dates and decimals as strings).

The tables are those of a Hadoop-layout warehouse folder, read from their current metadata file
(`metadata/version-hint.text` names it) with PyIceberg's StaticTable.
"""

import json
import sys
from pathlib import Path

from pyiceberg.table import StaticTable


def current_metadata(table_dir: Path) -> Path:
    version = (table_dir / "metadata" / "version-hint.text").read_text().strip()
    return table_dir / "metadata" / f"v{version}.metadata.json"


def main(folders):
    out = {}
    for folder in folders:
        table = StaticTable.from_metadata(str(current_metadata(Path(folder))))
        rows = table.scan().to_arrow().to_pylist() if table.current_snapshot() else []
        out[folder] = {
            "snapshots": len(table.metadata.snapshots),
            "columns": [f.name for f in table.schema().fields],
            "rows": [{k: (v if v is None or isinstance(v, (int, float, bool)) else str(v)) for k, v in r.items()} for r in rows],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
