"""Query helpers shared by services; they never commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["insert_ignoring_duplicates", "per_dialect"]

_DIALECTS = {"sqlite": sqlite, "postgresql": postgresql}


def insert_ignoring_duplicates(session: AsyncSession, table: Any, **values: Any) -> Any:
    """An INSERT that does nothing when the row's key exists; rowcount tells which happened.

    Both databases we support have ``ON CONFLICT DO NOTHING``; it lets a race between
    two taps end in one row without a failed statement aborting the transaction.
    """
    dialect = _DIALECTS[session.get_bind().dialect.name]
    return dialect.insert(table).values(**values).on_conflict_do_nothing()


class per_dialect(dict[str, Any]):  # noqa: N801 - used like the function it replaced
    """A statement for each database we support, by dialect name, built on first use: for
    the statements that use a dialect's own INSERT (``ON CONFLICT``) and are compiled once.

    Built when first asked for rather than at import, so that what builds a statement
    runs in the process that uses it (mutation testing forks after import).
    """

    def __init__(self, build: Callable[[Any], Any]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, name: str) -> Any:
        statement = self[name] = self._build(_DIALECTS[name])
        return statement
