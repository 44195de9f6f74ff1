"""One broadcast rate for every instance: evenly spaced slots handed out by Redis.

Telegram's limit (about 30 messages a second in bulk) is per bot, not per process, so
two instances sending a broadcast together must share it. Redis keeps the time of the
next free slot; each send takes one atomically (a Lua script, on Redis's own clock, so
the instances' clocks need not agree) and waits for it. A 429 ``retry_after`` moves
every instance's next slot past the pause.
"""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from bot.delivery.broadcast_sender import Limiter

__all__ = ["SharedRateLimiter"]

# Microseconds on Redis's clock. KEYS: next slot, paused until. ARGV: interval, key life.
_TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local slot = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'),
                      tonumber(redis.call('GET', KEYS[2]) or '0'), now)
redis.call('SET', KEYS[1], string.format('%.0f', slot + tonumber(ARGV[1])), 'PX', ARGV[2])
return string.format('%.0f', slot - now)
"""
_PAUSE = """
local t = redis.call('TIME')
local until_ = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > paused then
  redis.call('SET', KEYS[1], string.format('%.0f', until_), 'PX', ARGV[2])
end
return 1
"""
# Keys outlive an idle minute, then Redis forgets them.
KEY_LIFE_MS = 60_000


class SharedRateLimiter(Limiter):
    """Slots for sending, held in Redis."""

    def __init__(self, redis: Redis, rate: float, *, key: str) -> None:
        self.redis = redis
        self.interval_us = round(1_000_000 / rate)
        self.next_key = f"{key}:next"
        self.paused_key = f"{key}:paused"
        self._take = redis.register_script(_TAKE_SLOT)
        self._pause = redis.register_script(_PAUSE)

    async def acquire(self) -> float:
        wait_us = int(
            await self._take(
                keys=[self.next_key, self.paused_key], args=[self.interval_us, KEY_LIFE_MS]
            )
        )
        # On this process's clock, as late as Redis's answer could have placed it.
        slot = self.now() + max(wait_us, 0) / 1_000_000
        if wait_us > 0:
            await asyncio.sleep(wait_us / 1_000_000)
        return slot

    async def pause(self, seconds: float) -> None:
        await self._pause(
            keys=[self.paused_key],
            args=[round(seconds * 1_000_000), max(KEY_LIFE_MS, round(seconds * 2000))],
        )
