"""Redis for tests: ``TEST_REDIS_URL`` (default the local server's database 0).

Each test works under its own key prefix and deletes only its own keys, so tests may
share a Redis database with each other and with other people's runs.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

__all__ = ["redis_unreachable_reason", "redis_url_for_tests"]

DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url_for_tests() -> str:
    return os.environ.get("TEST_REDIS_URL") or DEFAULT_TEST_REDIS_URL


def redis_unreachable_reason(url: str) -> str | None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as error:
        return f"Redis at {host}:{port} is not reachable ({error.strerror or error})"
