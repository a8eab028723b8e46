"""Settings read from the environment once, in the entry point (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "brokerage-insights"

DATABASE_URL_ENV = "DATABASE_URL"
DATA_DIR_ENV = "BROKERAGE_INSIGHTS_DATA_DIR"
ARCHIVE_DIR_ENV = "BROKERAGE_INSIGHTS_ARCHIVE_DIR"


@dataclass(frozen=True)
class Settings:
    """Where the product keeps its state.

    `database_url` None means "use the embedded PostgreSQL kept under `data_dir`".
    """

    database_url: str | None
    data_dir: Path
    archive_dir: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME)).expanduser()
        archive_dir = Path(env.get(ARCHIVE_DIR_ENV) or data_dir / "archive").expanduser()
        return cls(
            database_url=env.get(DATABASE_URL_ENV) or None,
            data_dir=data_dir,
            archive_dir=archive_dir,
        )

    @property
    def embedded_pgdata(self) -> Path:
        return self.data_dir / "postgres"
