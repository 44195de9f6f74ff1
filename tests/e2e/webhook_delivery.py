"""Telegram's side of a webhook, for the fake Bot API: POST each update to the bot.

Like Telegram: once the bot has called setWebhook, updates are POSTed one by one, in
order, with the ``X-Telegram-Bot-Api-Secret-Token`` header the bot chose; an update is
forgotten only when the bot answers 2xx, and otherwise sent again. The targets are
where a reverse proxy would forward the public https address (each instance's
WEBHOOK_LISTEN), taken in turn.
"""

from __future__ import annotations

import asyncio
import socket
from contextlib import asynccontextmanager, suppress

import aiohttp

from .fake_bot_api import FakeBotAPI

__all__ = ["SECRET_HEADER", "deliver_by_webhook", "free_port"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram retries a refused update after a while; this fake after a tenth of a second.
RETRY_AFTER = 0.1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _post(http: aiohttp.ClientSession, target: str, update: dict, secret: str | None):
    headers = {SECRET_HEADER: secret} if secret else {}
    try:
        async with http.post(target, json=update, headers=headers) as response:
            return response.status
    except aiohttp.ClientError:
        return None


async def _deliver(api: FakeBotAPI, targets: tuple[str, ...]) -> None:
    turn = 0
    async with aiohttp.ClientSession() as http:
        while True:
            update = api.next_for_webhook()
            if update is None or api.webhook is None:
                await api.wait_changed(1.0)
                continue
            secret = api.webhook.get("secret_token")
            # Round robin, as a proxy spreads requests; one that fails goes to the next.
            for attempt in range(len(targets)):
                target = targets[(turn + attempt) % len(targets)]
                status = await _post(http, target, update, secret)
                api.webhook_answers.append(status)
                if status is not None and 200 <= status < 300:
                    api.accepted(update["update_id"])
                    break
            else:
                await asyncio.sleep(RETRY_AFTER)
            turn += 1


@asynccontextmanager
async def deliver_by_webhook(api: FakeBotAPI, *targets: str):
    """POST updates to ``targets`` in turn (several: instances behind one proxy)."""
    task = asyncio.create_task(_deliver(api, targets))
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
