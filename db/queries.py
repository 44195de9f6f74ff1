"""Query helpers shared by services; they never commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["insert_ignoring_duplicates"]


def insert_ignoring_duplicates(session: AsyncSession, table: Any, **values: Any) -> Any:
    """An INSERT that does nothing when the row's key exists; rowcount tells which happened.

    Both databases we support have ``ON CONFLICT DO NOTHING``; it lets a race between
    two taps end in one row without a failed statement aborting the transaction.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table).values(**values).on_conflict_do_nothing()
