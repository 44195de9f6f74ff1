"""SQLite takes one instance: a second one on the same file is refused with a reason."""

from __future__ import annotations

import pytest

from db.sqlite_lock import AnotherInstanceError, SQLiteInstanceLock


def test_a_second_instance_on_the_same_file_is_refused(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    first = SQLiteInstanceLock(url)
    first.acquire()
    refused = r"already running on .*bot\.sqlite3.*PostgreSQL"
    with pytest.raises(AnotherInstanceError, match=refused):
        SQLiteInstanceLock(url).acquire()
    # Another file is another bot.
    SQLiteInstanceLock(f"sqlite+aiosqlite:///{tmp_path}/other.sqlite3").acquire()
    first.release()
    SQLiteInstanceLock(url).acquire()  # free again once the first has stopped


def test_postgresql_and_memory_take_no_lock() -> None:
    assert SQLiteInstanceLock("postgresql+asyncpg://postgres@127.0.0.1/x").path is None
    assert SQLiteInstanceLock("sqlite+aiosqlite:///:memory:").path is None
