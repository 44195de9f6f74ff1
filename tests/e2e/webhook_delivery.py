"""Telegram's side of a webhook, for the fake Bot API: POST each update to the bot.

Like Telegram: once the bot has called setWebhook, updates are POSTed one by one, in
order, with the ``X-Telegram-Bot-Api-Secret-Token`` header the bot chose; an update is
forgotten only when the bot answers 2xx, and otherwise sent again. ``target`` is where
a reverse proxy would forward the public https address (the bot's WEBHOOK_LISTEN).
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


async def _deliver(api: FakeBotAPI, target: str) -> None:
    async with aiohttp.ClientSession() as http:
        while True:
            update = api.next_for_webhook()
            if update is None or api.webhook is None:
                await api.wait_changed(1.0)
                continue
            secret = api.webhook.get("secret_token")
            headers = {SECRET_HEADER: secret} if secret else {}
            try:
                async with http.post(target, json=update, headers=headers) as response:
                    status: int | None = response.status
            except aiohttp.ClientError:
                status = None
            api.webhook_answers.append(status)
            if status is not None and 200 <= status < 300:
                api.accepted(update["update_id"])
            else:
                await asyncio.sleep(RETRY_AFTER)


@asynccontextmanager
async def deliver_by_webhook(api: FakeBotAPI, target: str):
    task = asyncio.create_task(_deliver(api, target))
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
