"""Regenerate the field reference in docs/records.md from the record schema table.

python scripts/records_reference.py        # tests/test_schema.py fails until it is run
"""

from pathlib import Path

from danvan_kg.records.schema import write_reference

DOC = Path(__file__).resolve().parent.parent / "docs" / "records.md"

if __name__ == "__main__":
    print(f"{DOC}: {'updated' if write_reference(DOC) else 'up to date'}")
