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


def per_dialect(build: Callable[[Any], Any]) -> dict[str, Any]:
    """A statement built once for each database we support, by dialect name: for the
    statements that use a dialect's own INSERT (``ON CONFLICT``) and are compiled once."""
    return {name: build(dialect) for name, dialect in _DIALECTS.items()}
