"""backend/sql/ (the canonical tables) and backend/migrations/ (the history) build the same schema."""

from __future__ import annotations

from typing import Any

import psycopg

from backend.db.canonical_schema import CANONICAL_TABLE_FILES, canonical_schema_sql
from backend.db.migrator import apply_migrations
from tests.conftest import REPO_ROOT
from tests.db.catalog import describe_schema


def test_every_canonical_file_is_listed() -> None:
    on_disk = {path.name for path in (REPO_ROOT / "backend" / "sql").glob("*.sql")}
    assert on_disk == set(CANONICAL_TABLE_FILES)


def test_canonical_sql_and_migrations_build_identical_catalogs(make_database: Any) -> None:
    from_migrations = make_database()
    apply_migrations(from_migrations)
    from_canonical = make_database()
    with psycopg.connect(from_canonical, autocommit=True) as conn:
        conn.execute(canonical_schema_sql())

    migrated, canonical = describe_schema(from_migrations), describe_schema(from_canonical)
    for part in migrated:
        assert canonical[part] == migrated[part], f"{part} differ between backend/sql and the migrations"
    assert migrated["columns"], "the comparison must have read some schema"
