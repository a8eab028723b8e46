"""What every command needs: settings, the database, and one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from psycopg_pool import ConnectionPool

from backend.config import Settings
from backend.db.connection import check_schema_current, open_pool, resolve_database_url
from backend.errors import BrokerageInsightsError


class ProductGroup(click.Group):
    """A click group that shows the product's own errors as one line and exits with status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokerageInsightsError as error:
            raise click.ClickException(str(error)) from error


class DefaultCommandGroup(ProductGroup):
    """A group whose arguments go to a default subcommand when they do not name another one.

    `ingest --user u inbox.mbox` runs `ingest files --user u inbox.mbox`, while
    `ingest imap ...` still reaches the `imap` subcommand.
    """

    def __init__(self, *args: Any, default_command: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_command = default_command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def settings() -> Settings:
    return Settings.from_env()


@contextmanager
def database_pool(
    max_size: int = 4,
    *,
    check_schema: bool = True,
    idle_in_transaction_timeout: float | None = None,
    application_name: str = "brokerage-insights",
) -> Iterator[ConnectionPool]:
    """The command's pool on a database whose schema is current (the embedded one is migrated).

    `check_schema=False` is for commands that must work on a drifted schema (doctor).
    """
    url = resolve_database_url(settings())
    if check_schema:
        check_schema_current(url)
    pool = open_pool(url, max_size=max_size, idle_in_transaction_timeout=idle_in_transaction_timeout,
                     application_name=application_name)
    try:
        yield pool
    finally:
        pool.close()
