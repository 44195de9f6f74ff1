"""The translation engine's client: LibreTranslate's HTTP API, and the shape another
engine must have to take its place (``TranslationEngine``).

LibreTranslate: ``POST /translate`` with ``q``, ``source``, ``target``, ``format`` and
``api_key``, answering ``{"translatedText": ...}``; ``GET /languages`` lists
``{"code", "name", "targets"}``; an error is ``{"error": "..."}`` with 400 (bad request,
a language it lacks), 403 (API key), 429 (slow down) or 500.

Our language codes are sent only where the engine lists the very same language: Bosnian
is never sent as Serbian or Croatian, Sorani never as another Kurdish; a pair the engine
lacks is ``PairUnsupportedError``, and the text stays untranslated.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol

import aiohttp

__all__ = [
    "ENGINE_CODES",
    "EngineUnavailableError",
    "LibreTranslate",
    "PairUnsupportedError",
    "TranslationEngine",
    "build_engine",
    "translate_within",
]

logger = logging.getLogger(__name__)

# Our language code -> the engine's, for the same written language only.
ENGINE_CODES = {
    "sv": "sv",
    "en": "en",
    "ar": "ar",
    "so": "so",
    "fa": "fa",
    "bs": "bs",
    "ckb": "ckb",
    "fi": "fi",
    "ti": "ti",
}

# What the engine can translate is asked again after this long (a model added, removed).
LANGUAGES_TTL = 60.0 * 60


class EngineUnavailableError(Exception):
    """Down, too slow, refusing (429, 5xx, a wrong API key): try again later."""


class PairUnsupportedError(Exception):
    """The engine has no model from this language to that one; asking again will not help."""


class TranslationEngine(Protocol):
    async def can_translate(self, source: str, target: str) -> bool:
        """Whether the engine has this pair (our language codes)."""
        ...

    async def translate(self, text: str, source: str, target: str) -> str:
        """``text`` from ``source`` into ``target`` (our codes); raises ``PairUnsupportedError``
        or ``EngineUnavailableError``."""
        ...

    async def close(self) -> None: ...


class LibreTranslate:
    """A LibreTranslate server at ``url``; one HTTP session, opened on first use."""

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 15.0) -> None:
        self.url = url.rstrip("/")
        self._api_key = api_key
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._pairs: dict[str, frozenset[str]] | None = None
        self._pairs_read_at = 0.0

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def can_translate(self, source: str, target: str) -> bool:
        engine_source, engine_target = ENGINE_CODES.get(source), ENGINE_CODES.get(target)
        if engine_source is None or engine_target is None:
            return False
        pairs = await self._languages()
        return engine_target in pairs.get(engine_source, frozenset())

    async def translate(self, text: str, source: str, target: str) -> str:
        if not await self.can_translate(source, target):
            raise PairUnsupportedError(f"{source}->{target}")
        payload = {
            "q": text,
            "source": ENGINE_CODES[source],
            "target": ENGINE_CODES[target],
            "format": "text",
        }
        if self._api_key:
            payload["api_key"] = self._api_key
        status, body = await self._request("POST", "/translate", payload)
        if status == 400 and "not supported" in str(_error(body)).lower():
            # It listed the pair but refuses it: read the list again next time.
            self._pairs = None
            raise PairUnsupportedError(f"{source}->{target}: {_error(body)}")
        if status != 200:
            raise EngineUnavailableError(f"/translate answered {status}: {_error(body)}")
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if not isinstance(translated, str):
            raise EngineUnavailableError("/translate answered without translatedText")
        return translated

    async def _languages(self) -> dict[str, frozenset[str]]:
        fresh = time.monotonic() - self._pairs_read_at < LANGUAGES_TTL
        if self._pairs is not None and fresh:
            return self._pairs
        params = {"api_key": self._api_key} if self._api_key else None
        status, body = await self._request("GET", "/languages", params=params)
        if status != 200 or not isinstance(body, list):
            raise EngineUnavailableError(f"/languages answered {status}: {_error(body)}")
        self._pairs = {
            entry["code"]: frozenset(entry.get("targets") or ())
            for entry in body
            if isinstance(entry, dict) and isinstance(entry.get("code"), str)
        }
        self._pairs_read_at = time.monotonic()
        return self._pairs

    async def _request(
        self, method: str, path: str, payload: dict | None = None, params: dict | None = None
    ) -> tuple[int, object]:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        try:
            async with self._session.request(
                method, self.url + path, json=payload, params=params
            ) as response:
                try:
                    body = await response.json(content_type=None)
                except ValueError:
                    body = None
                return response.status, body
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            raise EngineUnavailableError(f"{path}: {type(error).__name__}") from None


def _error(body: object) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"]
    return "no error message"


async def translate_within(
    engine: TranslationEngine, text: str, source: str, target: str, seconds: float
) -> tuple[bool, str | None]:
    """For a message sent at once, not through a background round: ``(True, text)``,
    ``(True, None)`` when the engine lacks the pair, ``(False, None)`` when it did not
    answer within ``seconds`` (then the message goes without a translation)."""
    try:
        async with asyncio.timeout(seconds):
            return True, await engine.translate(text, source, target)
    except PairUnsupportedError:
        return True, None
    except (EngineUnavailableError, TimeoutError) as error:
        logger.info("no translation for a message sent now: %s", error or "timeout")
        return False, None


def build_engine(url: str | None, api_key: str | None, timeout: float) -> TranslationEngine | None:
    """The engine the settings name, or None: then nothing is ever translated."""
    if not url:
        return None
    return LibreTranslate(url, api_key, timeout)
