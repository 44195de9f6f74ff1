"""Per-resident throttling counters in Redis, so a flood spread over several instances
meets one bucket, and no instance keeps a bucket per resident in its memory.

The same token bucket as ``bot.middlewares.throttling`` (``burst`` at once, refilled at
``per_second``), kept in one Redis hash per resident that expires when they go quiet;
the "slow down" answer is a key that lives ``WARN_EVERY`` seconds.
"""

from __future__ import annotations

from redis.asyncio import Redis

from bot.settings import Settings

__all__ = ["FORGET_AFTER", "SharedThrottleCounters", "shared_throttle"]

# A quiet resident's bucket is full again long before this; then Redis forgets it.
FORGET_AFTER = 600

# KEYS: the resident's bucket. ARGV: burst, per second, seconds to keep an idle bucket.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local burst = tonumber(ARGV[1])
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(stored[1]) or burst
local updated = tonumber(stored[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - updated) * tonumber(ARGV[2]))
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens),
           'updated', string.format('%.6f', now))
redis.call('EXPIRE', KEYS[1], ARGV[3])
return allowed
"""


class SharedThrottleCounters:
    def __init__(
        self, redis: Redis, *, burst: int, per_second: float, key: str, forget_after: int
    ) -> None:
        self.redis = redis
        self.burst = burst
        self.per_second = per_second
        self.key = key
        self.forget_after = forget_after
        self._take = redis.register_script(_TAKE)

    async def take(self, user_id: int) -> bool:
        """One token from the resident's bucket; False when it is empty."""
        args = [self.burst, self.per_second, self.forget_after]
        return bool(await self._take(keys=[f"{self.key}:{user_id}"], args=args))

    async def first_warning(self, user_id: int, every: float) -> bool:
        """True once per ``every`` seconds per resident, whichever instance asks."""
        key = f"{self.key}:{user_id}:warned"
        return bool(await self.redis.set(key, 1, nx=True, ex=max(1, round(every))))


def shared_throttle(settings: Settings, redis: Redis, bot_id: int) -> SharedThrottleCounters:
    return SharedThrottleCounters(
        redis,
        burst=settings.throttle_burst,
        per_second=settings.throttle_per_second,
        key=f"throttle:{bot_id}",
        forget_after=FORGET_AFTER,
    )
