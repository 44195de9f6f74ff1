"""Broadcast to 20,000 residents through a local fake Bot API that enforces a rate limit.

    python bench/broadcast_benchmark.py [--residents 20000] [--limit 200] [--kill-at 0.5]

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
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
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


def _child(database: str, api_base: str, rate: float) -> None:
    """Child mode: resume every unfinished broadcast, as the bot does after a restart."""
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    from bot.services.broadcast import BroadcastSender, Outgoing
    from db.session import create_engine, create_session_factory

    def render(broadcast, language):
        return Outgoing(broadcast.content["texts"].get(language, broadcast.content["texts"]["sv"]))

    async def run() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{database}")
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base))
        bot = Bot("123456:BENCH", session=session)
        try:
            await BroadcastSender(
                bot, create_session_factory(engine), render, rate=rate
            ).resume_all()
        finally:
            await bot.session.close()
            await engine.dispose()

    asyncio.run(run())


def _seed(database: Path, residents: int) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
    subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], env=env, check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    with sqlite3.connect(database) as connection:
        connection.executemany(
            "INSERT INTO residents (id, telegram_id, language, language_chosen, role, "
            "receives_announcements, receives_polls, blocked_bot, created_at, last_seen_at) "
            "VALUES (?, ?, ?, 1, 'resident', 1, 1, 0, '2026-01-01 10:00:00', "
            "'2026-01-01 10:00:00')",
            [(n, 1_000_000 + n, ("sv", "ar", "so")[n % 3]) for n in range(1, residents + 1)],
        )
        connection.execute(
            "INSERT INTO broadcasts (id, kind, content, state, created_at) VALUES "
            "(1, 'announcement', ?, 'sending', '2026-01-01 10:00:00')",
            (json.dumps({"texts": {"sv": "Hej!", "ar": "مرحبا", "so": "Salaan"}}),),
        )
        connection.execute(
            "INSERT INTO broadcast_deliveries (broadcast_id, resident_id, state, attempts) "
            "SELECT 1, id, 'pending', 0 FROM residents"
        )


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
        database = Path(folder) / "bench.sqlite3"
        _seed(database, arguments.residents)
        # The engine runs a little under the server limit: arrival jitter on the wire
        # would otherwise push a one-second window over it now and then.
        rate = arguments.limit * 0.97
        command = [sys.executable, __file__, "--child", str(database), base, str(rate)]
        expected = arguments.residents - arguments.residents // BLOCKED_SHARE
        kills = 0
        if arguments.kill_at:
            api.kill_after = int(expected * arguments.kill_at)
            child = await asyncio.create_subprocess_exec(*command, cwd=ROOT)
            await api.reached.wait()
            child.send_signal(signal.SIGKILL)
            await child.wait()
            kills = 1
        child = await asyncio.create_subprocess_exec(*command, cwd=ROOT)
        await child.wait()
    await runner.cleanup()
    delivered = len(api.received)
    duplicates = sum(count - 1 for count in api.received.values() if count > 1)
    duration = (api.last - api.first) if api.first else 0.0
    attempts = sum(api.received.values()) + api.blocked
    rate = attempts / duration if duration else 0.0
    print(f"residents: {arguments.residents}, server limit {arguments.limit}/s, kills: {kills}")
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
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        database, base, rate = arguments.child
        _child(database, base, float(rate))
        return 0
    return asyncio.run(_main(arguments))


if __name__ == "__main__":
    sys.exit(main())
