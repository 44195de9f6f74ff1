"""Two real sending processes on PostgreSQL and Redis, one killed (SIGKILL) half way:
a broadcast to 2,000 residents through a fake server that allows 200 messages a second.

The processes are the broadcast benchmark's children (bench/broadcast_benchmark.py):
the bot's own engine and renderer, resuming what is unfinished, as the bot does.
"""

from __future__ import annotations

import asyncio
import importlib.util
import signal
import sys

import pytest
from aiohttp import web

from tests.support.database import postgres_unreachable_reason, reset_database
from tests.support.redis import redis_unreachable_reason, redis_url_for_tests

from .bot_process import REPO_ROOT

BENCH = REPO_ROOT / "bench" / "broadcast_benchmark.py"
RESIDENTS = 2000
LIMIT = 200
# Shorter than the bot's 60 s so the test need not wait a minute for the takeover; the
# same code path.
LEASE_SECONDS = 10.0


def _bench_module():
    spec = importlib.util.spec_from_file_location("broadcast_benchmark", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_two_instances_lose_nothing_when_one_is_killed_half_way(tmp_path) -> None:
    import os

    database_url = os.environ.get("TEST_DATABASE_URL", "")
    if not database_url.startswith("postgresql"):
        pytest.skip("several instances need PostgreSQL: set TEST_DATABASE_URL")
    if reason := postgres_unreachable_reason(database_url):
        pytest.skip(reason)
    redis_url = redis_url_for_tests()
    if reason := redis_unreachable_reason(redis_url):
        pytest.skip(reason)
    bench = _bench_module()
    await reset_database(database_url)
    await bench._seed(database_url, RESIDENTS)

    api = bench.RateLimitedAPI(LIMIT)
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    expected = RESIDENTS - RESIDENTS // bench.BLOCKED_SHARE
    api.kill_after = expected // 2
    rate = LIMIT * 0.97
    command = [sys.executable, str(BENCH), "--child", database_url, base, str(rate),
               redis_url, str(LEASE_SECONDS)]  # fmt: skip
    children = [await asyncio.create_subprocess_exec(*command, cwd=REPO_ROOT) for _ in "ab"]
    try:
        # A hang detector only: two children start (13 s each to import and load the
        # catalogues on this busy machine) and send 950 messages.
        await asyncio.wait_for(api.reached.wait(), 120)
        children[0].send_signal(signal.SIGKILL)
        await children[0].wait()
        assert await asyncio.wait_for(children[1].wait(), 180) == 0
    finally:
        for child in children:
            if child.returncode is None:
                child.kill()
                await child.wait()
        await runner.cleanup()

    duplicates = sum(count - 1 for count in api.received.values() if count > 1)
    print(f"duplicates after the kill: {duplicates}")
    assert expected - len(api.received) == 0, "lost"
    assert api.too_many == 0, "the two together went over the server's limit"
    # Only messages sent but not yet recorded when the kill came: a flush every five
    # sends, and the few in flight.
    assert duplicates <= 10
