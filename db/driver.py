"""Core statements compiled once and run on the hot connections (db.hot_connections).

SQLAlchemy's async layer (greenlet hand-offs, transaction bookkeeping, result objects)
costs about half a millisecond of CPU per unit of work: more than the statements of a
resident's tap themselves, on the path that runs thousands of times when a poll goes
out. There, and for reading the resident behind every update, a ``DriverUnit`` runs the
same Core statements, compiled by SQLAlchemy for the engine's dialect with the same
bind and result processing of the column types, straight on ``sqlite3`` or asyncpg. The
schema, the constraints and the SQLite writers' queue (``db.session``) are the same.

A ``DriverUnit`` answers the part of ``AsyncSession`` that services use on these paths
(``execute(statement, params)`` with ``.all()``, ``.first()``, ``.scalar()``,
``.rowcount``, and ``get_bind()``), so a service runs unchanged on either. Statements
must not use expanding parameters (``in_`` with a list): compiled once, they stay fixed.
Column defaults computed in Python are not applied here either: such statements are
refused, and the caller gives every value.
"""

from __future__ import annotations

import asyncio
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Protocol, TypeVar

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.sql import ClauseElement

from db.hot_connections import (
    CONNECTION_LOST,
    HotConnections,
    PostgresConnections,
    SQLiteConnections,
    run_when_not_busy,
)

__all__ = ["DriverUnit", "Executes", "as_loaded"]


class Executes(Protocol):
    """What the hot services need of a unit of work: an AsyncSession or a DriverUnit."""

    async def execute(self, statement: Any, params: dict[str, Any] | None = None) -> Any: ...

    async def scalar(self, statement: Any, params: dict[str, Any] | None = None) -> Any: ...

    def get_bind(self) -> Any: ...


def _result_processor(type_: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    try:
        return type_.dialect_impl(dialect).result_processor(dialect, None)
    except TypeError:
        # asyncpg's numeric processing asks for the column's type OID, which a plain fetch
        # does not give; asyncpg returns a float column as float already.
        return None


_MISSING = object()
_Model = TypeVar("_Model")


def as_loaded(model: type[_Model], values: Mapping[str, Any]) -> _Model:
    """An ORM object holding a row read here, as a session fills one when it loads a row:
    the values are its loaded state, not changes (a quarter of the cost of ``__init__``,
    which records each value as a change). ``UnitOfWorkSession.adopt`` then attaches it."""
    instance = sa_inspect(model).class_manager.new_instance()
    instance_state(instance).dict.update(values)
    return instance


class _Prepared:
    """One statement, compiled for one dialect, with its type processing."""

    __slots__ = (
        "binds",
        "changes",
        "fixed",
        "names",
        "processed",
        "processors",
        "returns_rows",
        "row",
        "sql",
    )

    def __init__(self, statement: Any, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if "POSTCOMPILE" in compiled.string:
            raise ValueError("expanding parameters cannot be compiled once; write them out")
        if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None):
            # SQLAlchemy computes those defaults while executing, which this path skips.
            raise ValueError("columns with Python-side defaults must be given values here")
        self.sql = compiled.string
        self.changes = bool(getattr(statement, "is_dml", False))
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())
        self.binds = tuple(
            compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in self.names
        )
        # Values written into the statement (the closed statuses, say) are converted for
        # the driver once, here; only what the caller gives is converted per execution.
        defaults = compiled.params
        self.fixed = tuple(
            _MISSING
            if name not in defaults or compiled.binds[name].required
            else (process(defaults[name]) if process else defaults[name])
            for name, process in zip(self.names, self.binds, strict=True)
        )
        # What a SELECT selects, or what an INSERT, UPDATE or DELETE returns.
        columns = statement.exported_columns
        self.returns_rows = bool(columns)
        self.processors: tuple[Callable[[Any], Any] | None, ...] = tuple(
            _result_processor(column.type, dialect) for column in columns
        )
        # Only the columns whose type converts what the driver returns are touched per row.
        self.processed = tuple(
            (index, process) for index, process in enumerate(self.processors) if process
        )
        self.row = namedtuple(
            "Row", [column.key or f"column_{n}" for n, column in enumerate(columns)], rename=True
        )

    def parameters(self, given: dict[str, Any] | None) -> list[Any]:
        given = given or {}
        values = []
        for name, process, fixed in zip(self.names, self.binds, self.fixed, strict=True):
            if name in given:
                value = given[name]
                values.append(process(value) if process else value)
            elif fixed is _MISSING:
                raise KeyError(f"the statement needs a value for {name!r}")
            else:
                values.append(fixed)
        return values

    def rows(self, raw: Sequence[Sequence[Any]]) -> list[Any]:
        make = self.row._make
        if not self.processed:
            return [make(row) for row in raw]
        made = []
        for row in raw:
            values = list(row)
            for index, process in self.processed:
                values[index] = process(values[index])
            made.append(make(values))
        return made


class _Result:
    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def all(self) -> list[Any]:
        return self._rows

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def __iter__(self) -> Any:
        return iter(self._rows)


_prepared: dict[tuple[int, str], tuple[ClauseElement, _Prepared]] = {}


def _prepare(statement: ClauseElement, dialect: Dialect) -> _Prepared:
    key = (id(statement), dialect.name)
    found = _prepared.get(key)
    # The statement is kept with it, so its id cannot be reused by another one.
    if found is None or found[0] is not statement:
        found = _prepared[key] = (statement, _Prepared(statement, dialect))
    return found[1]


class DriverUnit:
    """One unit of work on the hot connections: ``async with DriverUnit(engine, ...)``.

    ``write=True`` begins a transaction (on SQLite after the bot's other writers, with
    ``write_lock``) and commits it on leaving, or rolls it back on an error; otherwise
    each statement reads on its own, taking no lock.

    ``one_change=True`` is for a write unit that changes rows in one statement at most,
    as a tap does (its reads before it are what it shows, not what it relies on). On
    PostgreSQL that statement then is its own transaction, committed as it ends: no BEGIN
    and COMMIT round trips, and the rows it locks (a poll's counters, which every answer
    to the poll changes) are free as soon as it is done, not a round trip later. At READ
    COMMITTED, which the bot uses, each statement of a transaction sees what others
    committed before it anyway, so the unit reads what it would have read inside one. On
    SQLite the unit still takes the write lock first: a tap's read of the counts relies on
    it. On both, a change after one that changed rows is refused, before it is sent.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        connections: HotConnections,
        *,
        write: bool,
        one_change: bool = False,
        write_lock: asyncio.Lock | None = None,
    ) -> None:
        self._engine = engine
        self._connections = connections
        self._lock = write_lock if write else None
        self._dialect = engine.dialect
        self._sqlite: SQLiteConnections | None = (
            connections if isinstance(connections, SQLiteConnections) else None
        )
        self._postgres: PostgresConnections | None = (
            connections if isinstance(connections, PostgresConnections) else None
        )
        self._transaction = write and (self._sqlite is not None or not one_change)
        self._one_change = one_change
        self._changed = False
        self._driver: Any = None
        # Once a transaction has begun, a cut connection takes its statements with it, and
        # the update fails as a whole; so does a change of its own the cut meets, which may
        # have been applied. Other statements meeting a cut are sent again on a fresh one.
        self._begun = False
        self._sending_change = False

    def get_bind(self) -> AsyncEngine:
        return self._engine

    async def __aenter__(self) -> DriverUnit:
        if self._sqlite is not None:
            # The statements below run on the loop without a pause: let the updates that
            # are waiting go first, as a hop to a driver thread used to.
            await asyncio.sleep(0)
        if self._lock is not None:
            await self._lock.acquire()
        try:
            if self._sqlite is not None:
                self._driver = self._sqlite.writer if self._transaction else self._sqlite.reader
                if self._transaction:
                    self._announce("BEGIN IMMEDIATE", [])
                    await run_when_not_busy(self._driver, "BEGIN IMMEDIATE", ())
            else:
                assert self._postgres is not None
                self._driver = await self._postgres.acquire()
                if self._transaction:
                    await self._run("BEGIN", [])
                    self._begun = True
        except BaseException:
            self._release(failed=True)
            raise
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        ended = False
        try:
            if self._transaction:
                await self._run("COMMIT" if kind is None else "ROLLBACK", [])
                if kind is None and self._sqlite is not None:
                    self._sqlite.committed()
            ended = True
        finally:
            # A connection whose transaction could not be ended is in doubt: it is closed,
            # not handed to another update. A statement a cancel left halfway is finished
            # by asyncpg itself before the connection's next one.
            self._release(failed=not ended)

    def _release(self, *, failed: bool) -> None:
        try:
            if self._postgres is not None and self._driver is not None:
                self._postgres.release(self._driver, failed=failed)
        finally:
            self._driver = None
            if self._lock is not None:
                self._lock.release()

    async def _run(self, sql: str, parameters: list[Any]) -> list[Any]:
        self._announce(sql, parameters)
        if self._sqlite is not None:
            return self._driver.execute(sql, parameters).fetchall()
        return await self._on_postgres("fetch", sql, parameters)

    async def _on_postgres(self, method: str, sql: str, parameters: list[Any]) -> Any:
        try:
            return await getattr(self._driver, method)(sql, *parameters)
        except CONNECTION_LOST:
            if self._begun or self._sending_change:
                raise
        # Nothing was done on the cut connection (a read, or BEGIN): after a restart of
        # PostgreSQL the resident's update carries on, on a fresh connection.
        assert self._postgres is not None
        cut, self._driver = self._driver, None
        self._driver = await self._postgres.replace(cut)
        return await getattr(self._driver, method)(sql, *parameters)

    def _announce(self, sql: str, parameters: list[Any]) -> None:
        # Whatever watches the engine's statements (logging, counting, a test that makes
        # one fail) sees these too, as if SQLAlchemy had sent them.
        self._engine.sync_engine.dispatch.before_cursor_execute(
            None, None, sql, parameters, None, False
        )

    async def execute(self, statement: Any, params: dict[str, Any] | None = None) -> _Result:
        prepared = _prepare(statement, self._dialect)
        parameters = prepared.parameters(params)
        if not prepared.changes:
            return await self._execute(prepared, parameters)
        if self._one_change and self._changed:
            raise RuntimeError(
                "a unit of one change has changed rows already; a second change would not "
                "be atomic with it: use a unit without one_change"
            )
        self._sending_change = True
        try:
            result = await self._execute(prepared, parameters)
        finally:
            self._sending_change = False
        self._changed = self._changed or result.rowcount > 0
        return result

    async def _execute(self, prepared: _Prepared, parameters: list[Any]) -> _Result:
        if prepared.returns_rows:
            rows = prepared.rows(await self._run(prepared.sql, parameters))
            return _Result(rows, len(rows))
        self._announce(prepared.sql, parameters)
        if self._sqlite is not None:
            # The statement's own rows, as SQLAlchemy counts them: not what cascades did.
            return _Result([], self._driver.execute(prepared.sql, parameters).rowcount)
        # asyncpg answers a statement that returns nothing with its tag, e.g. "DELETE 3".
        tag = await self._on_postgres("execute", prepared.sql, parameters)
        return _Result([], int(tag.rsplit(" ", 1)[-1]))

    async def scalar(self, statement: Any, params: dict[str, Any] | None = None) -> Any:
        return (await self.execute(statement, params)).scalar()
