"""Faults injected into the real database: a statement fails as a locked or vanished
database would, once, and later ones succeed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

__all__ = ["APOLOGY", "failing_once"]

# What a resident is told when a handler fails (handlers/errors.py), before translation.
APOLOGY = (
    "Sorry, something went wrong on our side. Everything I confirmed to you is saved. "
    "Please try again in a moment."
)


@contextmanager
def failing_once(session_factory, statement_start: str) -> Iterator[list[str]]:
    """The next statement beginning with ``statement_start`` fails as a locked or
    vanished database would; later ones succeed. Yields the statements that failed."""
    engine = session_factory.kw["bind"].sync_engine
    failed: list[str] = []

    def fail(conn, cursor, statement, parameters, context, executemany):
        if not failed and statement.lstrip().upper().startswith(statement_start):
            failed.append(statement)
            raise OperationalError(statement, parameters, Exception("database is locked"))

    event.listen(engine, "before_cursor_execute", fail)
    try:
        yield failed
    finally:
        event.remove(engine, "before_cursor_execute", fail)
