"""Fixtures for several instances: a real Redis, under a key prefix of the test's own."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from tests.support.redis import redis_unreachable_reason, redis_url_for_tests


@pytest.fixture
def redis_url() -> str:
    url = redis_url_for_tests()
    if reason := redis_unreachable_reason(url):
        pytest.skip(reason)
    return url


@pytest.fixture
def redis_prefix() -> str:
    return f"test-{secrets.token_hex(6)}"


@pytest.fixture
async def redis(redis_url: str, redis_prefix: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    keys = [key async for key in client.scan_iter(match=f"{redis_prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()
