"""Broadcast a poll to 20,000 residents through a local fake Bot API with a rate limit.

    python bench/broadcast_benchmark.py [--residents 20000] [--limit 200] [--kill-at 0.5]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]
        [--instances 2 --redis redis://127.0.0.1:6379/0]

With ``--instances N`` (PostgreSQL and Redis needed) N children send the same broadcast
together, claiming delivery rows and sharing one rate schedule in Redis; ``--kill-at``
then kills the first of them, and the others take its rows over when its claim runs out
(``--lease`` seconds).

The fake server allows ``--limit`` messages per second (a sliding one-second window)
and answers 429 with ``retry_after`` beyond it, and 403 for 5% of recipients. The bot's
engine runs in a child process configured at the same rate. Printed: the achieved rate
as a fraction of the server's limit, messages lost, duplicates, 429s. With ``--kill-at``
the child is killed (SIGKILL) when that fraction has been sent, then started again.
Targets: at least 0.95 of the limit, 0 lost, 0 duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import signal
import sys
import tempfile
import time
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
# This checkout's code, for the child too (it runs this file), not an installed copy.
sys.path.insert(0, str(ROOT))
BLOCKED_SHARE = 20  # every 20th recipient has blocked the bot: 5%


class RateLimitedAPI:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.window: collections.deque[float] = collections.deque()
        self.received: collections.Counter[int] = collections.Counter()
        self.too_many = 0
        self.blocked = 0
        self.first: float | None = None
        self.last = 0.0
        self.message_id = 0
        self.reached = asyncio.Event()
        self.kill_after: int | None = None

    async def handle(self, request: web.Request) -> web.Response:
        form = await request.post()
        chat_id = int(form["chat_id"])
        now = time.monotonic()
        while self.window and now - self.window[0] >= 1.0:
            self.window.popleft()
        if len(self.window) >= self.limit:
            self.too_many += 1
            return web.json_response(
                {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                 "parameters": {"retry_after": 1}}, status=429)  # fmt: skip
        self.window.append(now)
        if chat_id % BLOCKED_SHARE == 0:
            self.blocked += 1
            forbidden = "Forbidden: bot was blocked by the user"
            return web.json_response(
                {"ok": False, "error_code": 403, "description": forbidden}, status=403
            )
        self.first = self.first or now
        self.last = now
        self.received[chat_id] += 1
        self.message_id += 1
        if self.kill_after is not None and self.message_id >= self.kill_after:
            self.reached.set()
        return web.json_response({"ok": True, "result": {
            "message_id": self.message_id, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"}, "text": form.get("text", "")}})  # fmt: skip


def _child(database_url: str, api_base: str, rate: float, redis_url: str, lease: float) -> None:
    """Child mode: resume every unfinished broadcast, as the bot does after a restart,
    until none is left (rows another instance holds are waited for, as the bot's loop
    does every round)."""
    from zoneinfo import ZoneInfo

    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from sqlalchemy import select

    from bot.delivery.broadcast_queue import BroadcastQueue
    from bot.delivery.shared_rate import SharedRateLimiter
    from bot.i18n import LOCALES_DIR, Catalogues
    from db.models import Broadcast, BroadcastState
    from db.session import create_engine, create_session_factory

    async def run() -> None:
        engine = create_engine(database_url)
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base))
        bot = Bot("123456:BENCH", session=session)
        i18n = Catalogues(LOCALES_DIR, default_locale="sv")
        redis = None
        limiter = None
        if redis_url != "-":
            from redis.asyncio import Redis

            redis = Redis.from_url(redis_url)
            limiter = SharedRateLimiter(redis, rate, key=f"rate:bench:{database_url[-12:]}")
        factory = create_session_factory(engine)
        try:
            # The bot's own engine and poll renderer: each resident gets the poll in
            # their language with one button per option.
            sender = BroadcastQueue().sender(
                bot, i18n, factory, rate=rate, default_locale="sv",
                zone=ZoneInfo("Europe/Stockholm"), limiter=limiter,
            )  # fmt: skip
            sender.lease_seconds = lease
            while True:
                await sender.resume_all()
                async with factory() as check:
                    unfinished = await check.scalar(
                        select(Broadcast.id).where(Broadcast.state == BroadcastState.SENDING)
                    )
                if unfinished is None:
                    break
                await asyncio.sleep(0.5)
        finally:
            await bot.session.close()
            await engine.dispose()
            if redis is not None:
                await redis.aclose()

    asyncio.run(run())


async def _bench_database(server_url: str | None, folder: str) -> str:
    """A fresh database: a SQLite file, or an emptied ``rannebergen_bench`` database."""
    if not server_url:
        return f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
    import asyncpg
    from sqlalchemy.engine import make_url

    server = make_url(server_url)
    connection = await asyncpg.connect(
        host=server.host, port=server.port or 5432, user=server.username,
        password=server.password, database=server.database or "postgres",
    )  # fmt: skip
    try:
        await connection.execute("DROP DATABASE IF EXISTS rannebergen_bench")
        await connection.execute("CREATE DATABASE rannebergen_bench")
    finally:
        await connection.close()
    return server.set(database="rannebergen_bench").render_as_string(hide_password=False)


async def _seed(database_url: str, residents: int) -> None:
    """Residents in three languages, and a poll with Arabic and Somali translations,
    created by the bot's own service (which writes one delivery row per recipient)."""
    from sqlalchemy import insert

    from bot.services.polls import NewPoll, create_poll
    from db.migrate import upgrade_database
    from db.models import Resident
    from db.session import create_engine, create_session_factory

    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with create_session_factory(engine)() as session, session.begin():
            rows = [
                {"telegram_id": 1_000_000 + n, "language": ("sv", "ar", "so")[n % 3],
                 "language_chosen": True}
                for n in range(1, residents + 1)
            ]  # fmt: skip
            for start in range(0, len(rows), 5000):
                await session.execute(insert(Resident), rows[start : start + 5000])
            await create_poll(
                session,
                NewPoll(
                    question={"sv": "Vilken dag passar för städdagen?",
                              "ar": "ما هو اليوم المناسب ليوم التنظيف؟",
                              "so": "Maalintee ku habboon maalinta nadaafadda?"},
                    options=[{"sv": "Lördag", "ar": "السبت", "so": "Sabti"},
                             {"sv": "Söndag", "ar": "الأحد", "so": "Axad"}],
                    multiple_choice=False, shows_results=True, closes_at=None,
                    audience_language=None,
                ),
                None,
            )  # fmt: skip
    finally:
        await engine.dispose()


async def _main(arguments: argparse.Namespace) -> int:
    api = RateLimitedAPI(arguments.limit)
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        database = await _bench_database(arguments.postgres, folder)
        await _seed(database, arguments.residents)
        # The engine runs a little under the server limit: arrival jitter on the wire
        # would otherwise push a one-second window over it now and then.
        rate = arguments.limit * 0.97
        redis = arguments.redis or "-"
        command = [sys.executable, __file__, "--child", database, base, str(rate), redis,
                   str(arguments.lease)]  # fmt: skip
        expected = arguments.residents - arguments.residents // BLOCKED_SHARE
        kills = 0
        children = [
            await asyncio.create_subprocess_exec(*command, cwd=ROOT)
            for _ in range(arguments.instances)
        ]
        if arguments.kill_at:
            api.kill_after = int(expected * arguments.kill_at)
            await api.reached.wait()
            children[0].send_signal(signal.SIGKILL)
            await children[0].wait()
            kills = 1
            if arguments.instances == 1:  # nobody left: start it again, as a restart does
                children.append(await asyncio.create_subprocess_exec(*command, cwd=ROOT))
        for child in children:
            await child.wait()
    await runner.cleanup()
    delivered = len(api.received)
    duplicates = sum(count - 1 for count in api.received.values() if count > 1)
    duration = (api.last - api.first) if api.first else 0.0
    attempts = sum(api.received.values()) + api.blocked
    rate = attempts / duration if duration else 0.0
    engine_name = "PostgreSQL" if arguments.postgres else "SQLite"
    print(f"poll to {arguments.residents} residents on {engine_name}, server limit "
          f"{arguments.limit}/s, instances: {arguments.instances}, kills: {kills}")  # fmt: skip
    print(
        f"achieved rate: {rate:.1f}/s = {rate / arguments.limit:.3f} of the limit (target >= 0.95)"
    )
    print(f"lost: {expected - delivered}, duplicates: {duplicates}, 429s: {api.too_many}, "
          f"403s: {api.blocked}")  # fmt: skip
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--kill-at", type=float, default=0.0)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server URL (postgresql+asyncpg://...); the benchmark creates and "
        "empties its own database rannebergen_bench there",
    )
    parser.add_argument("--instances", type=int, default=1, help="senders at once")
    parser.add_argument("--redis", metavar="URL", help="Redis for the shared rate (redis://...)")
    parser.add_argument(
        "--lease", type=float, default=60.0, help="seconds a claim of rows lasts (default 60)"
    )
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        database, base, rate, redis, lease = arguments.child
        _child(database, base, float(rate), redis, float(lease))
        return 0
    if arguments.instances > 1 and not (arguments.postgres and arguments.redis):
        parser.error("several instances need --postgres and --redis")
    return asyncio.run(_main(arguments))


if __name__ == "__main__":
    sys.exit(main())
