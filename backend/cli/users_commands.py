"""`brokerage-insights users ...`: create users and their API tokens."""

from __future__ import annotations

import click

from backend.cli.context import ProductGroup, database_pool
from backend.users.accounts import add_user, list_users
from backend.users.tokens import issue_token, list_tokens, revoke_token


@click.group(cls=ProductGroup)
def users() -> None:
    """Users of the API and dashboard, and their tokens."""


@users.command("add")
@click.argument("email")
@click.option("--timezone", help="IANA time zone of the user's dates and daily run (default Asia/Kolkata).")
@click.option("--user-id", help="User id to use instead of the email (adopts mail already ingested for that id).")
def add(email: str, timezone: str | None, user_id: str | None) -> None:
    """Create a user."""
    with database_pool(max_size=1) as pool:
        user = add_user(pool, email, user_id=user_id, timezone=timezone)
    click.echo(f"user {user.user_id} <{user.email}> ({user.timezone})")


@users.command("token")
@click.argument("email")
@click.option("--label", help="What the token is for (shown in `users tokens`).")
def token(email: str, label: str | None) -> None:
    """Make an API token for a user and print it (it is shown only this once)."""
    with database_pool(max_size=1) as pool:
        issued = issue_token(pool, email, label=label)
    click.echo(issued.token)
    click.echo(f"token {issued.token_id} for {issued.user_id}: keep it now, it cannot be shown again", err=True)


@users.command("list")
def list_command() -> None:
    """List users with their number of active tokens."""
    with database_pool(max_size=1) as pool:
        listing = list_users(pool)
    for user in listing:
        click.echo(f"{user.user_id:<32} {user.email or '-':<40} {user.timezone:<20} tokens {user.active_tokens}")
    click.echo(f"{len(listing)} user(s)")


@users.command("tokens")
@click.argument("email")
def tokens(email: str) -> None:
    """List a user's tokens (their first characters only)."""
    with database_pool(max_size=1) as pool:
        listing = list_tokens(pool, email)
    for item in listing:
        state = f"revoked {item.revoked_at:%Y-%m-%d %H:%M}" if item.revoked_at else "active"
        click.echo(f"{item.id:>6}  {item.display_prefix}...  {state:<24} {item.label or ''}")


@users.command("revoke-token")
@click.argument("email")
@click.argument("token_id", type=click.IntRange(1, 2**63 - 1))
def revoke(email: str, token_id: int) -> None:
    """Revoke one of a user's tokens; dashboard sessions opened with it end too."""
    with database_pool(max_size=1) as pool:
        revoked = revoke_token(pool, email, token_id)
    click.echo(f"token {revoked.id} ({revoked.display_prefix}...) of {revoked.user_id} revoked")
