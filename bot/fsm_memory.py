"""Conversation state and per-resident locks in memory, kept only while they are in use.

aiogram's ``MemoryStorage`` makes a record for every key it is asked about and never
drops one, and ``SimpleEventIsolation`` keeps a lock for every resident who ever wrote:
both grow with everyone who ever wrote, and outlive /forget. These keep a record only
while it holds a state or data, and a lock only while an update holds or waits for it.
/forget clears the conversation through the storage interface (``FSMContext.clear``), so
any storage given to ``build_dispatcher`` is cleared the same way.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Mapping
from contextlib import asynccontextmanager
from copy import copy
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseEventIsolation, StateType, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage, MemoryStorageRecord

__all__ = ["ForgettingEventIsolation", "ForgettingMemoryStorage"]


class ForgettingMemoryStorage(MemoryStorage):
    """``MemoryStorage`` that reads without creating records and drops empty ones."""

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        record = self.storage.get(key) or MemoryStorageRecord()
        record.state = state.state if isinstance(state, State) else state
        self._keep(key, record)

    async def get_state(self, key: StorageKey) -> str | None:
        record = self.storage.get(key)
        return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        record = self.storage.get(key) or MemoryStorageRecord()
        record.data = data.copy()
        self._keep(key, record)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        record = self.storage.get(key)
        return record.data.copy() if record else {}

    async def get_value(
        self, storage_key: StorageKey, dict_key: str, default: Any | None = None
    ) -> Any | None:
        record = self.storage.get(storage_key)
        return copy(record.data.get(dict_key, default)) if record else default

    def _keep(self, key: StorageKey, record: MemoryStorageRecord) -> None:
        if record.state is None and not record.data:
            self.storage.pop(key, None)
        else:
            self.storage[key] = record


class _CountedLock:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ForgettingEventIsolation(BaseEventIsolation):
    """One update at a time per resident, like ``SimpleEventIsolation``; a resident's lock
    is dropped as soon as no update holds it or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[StorageKey, _CountedLock] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        counted = self._locks.get(key)
        if counted is None:
            counted = self._locks[key] = _CountedLock()
        counted.users += 1
        try:
            async with counted.lock:
                yield
        finally:
            counted.users -= 1
            if counted.users == 0:
                del self._locks[key]

    async def close(self) -> None:
        self._locks.clear()
