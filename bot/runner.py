"""Long polling, with start-up (migrations, command menu) and a clean shutdown."""

from __future__ import annotations

import logging

from bot.instance import running_instance, settle_heap
from bot.settings import Settings

__all__ = ["UPDATES_AT_ONCE", "run_polling", "settle_heap"]

logger = logging.getLogger(__name__)
# Updates handled at once. When a poll goes out, thousands of taps arrive within seconds;
# beyond this many, polling waits for a free place instead of starting more tasks, so the
# event loop and memory stay bounded and each tap is served in the order it came.
UPDATES_AT_ONCE = 64


async def run_polling(settings: Settings) -> None:
    async with running_instance(settings) as instance:
        logger.info("polling %s", settings.telegram_api_base or "Telegram")
        await instance.dispatcher.start_polling(
            instance.bot, handle_signals=True, tasks_concurrency_limit=UPDATES_AT_ONCE
        )
