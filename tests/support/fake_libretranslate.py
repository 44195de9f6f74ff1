"""A local fake LibreTranslate server that follows its HTTP API.

``POST /translate`` takes ``q``, ``source``, ``target``, ``format``, ``api_key`` and
``alternatives`` (JSON or a form), answers ``{"translatedText": ...}`` (with
``detectedLanguage`` for ``source: auto`` and ``alternatives`` when asked for); ``GET
/languages`` lists ``{"code", "name", "targets"}``; ``POST /detect`` answers
``[{"confidence", "language"}]``. Errors are ``{"error": ...}``: 400 for a missing field
or a language it lacks, 403 for a missing or wrong API key, 429 and 500 on demand.

Its "engine" marks what it returns: ``⟦ar→sv⟧ <text>``, so a test can tell a translation
from an original. It can be made slow (answers wait until released), failing (a status
code of choice), lacking a language, or stopped and started again on the same port.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field

from aiohttp import web

__all__ = ["DEFAULT_LANGUAGES", "FakeLibreTranslate", "marked"]

# What the fake has models for: Somali, Bosnian, Sorani and Tigrinya are left out, as a
# stock install may lack them (the bot reads /languages from the real server).
DEFAULT_LANGUAGES = {
    "sv": "Swedish",
    "en": "English",
    "ar": "Arabic",
    "fa": "Persian",
    "fi": "Finnish",
}


def marked(text: str, source: str, target: str) -> str:
    return f"⟦{source}→{target}⟧ {text}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class FakeLibreTranslate:
    api_key: str | None = None
    languages: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LANGUAGES))
    # Answer /translate with this status and {"error": ...} instead of translating.
    failing: int | None = None
    # Hold every answer until ``release()``: a slow engine.
    slow: bool = False
    port: int = field(default_factory=_free_port)
    requests: list[tuple[str, dict]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._released = asyncio.Event()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def translations(self) -> list[dict]:
        """The /translate requests that reached the engine, as sent."""
        return [fields for path, fields in self.requests if path == "/translate"]

    def release(self) -> None:
        self._released.set()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/translate", self._translate)
        app.router.add_get("/languages", self._languages)
        app.router.add_post("/detect", self._detect)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        """Down: connections are refused until ``start()`` again."""
        self.release()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._released = asyncio.Event()

    async def _fields(self, request: web.Request) -> dict:
        if request.content_type == "application/json":
            body = await request.json()
            return body if isinstance(body, dict) else {}
        return dict(await request.post())

    def _key_refused(self, fields: dict) -> web.Response | None:
        if self.api_key is not None and fields.get("api_key") != self.api_key:
            return web.json_response({"error": "Invalid API key"}, status=403)
        return None

    async def _translate(self, request: web.Request) -> web.Response:
        fields = await self._fields(request)
        self.requests.append(("/translate", fields))
        if self.slow:
            await self._released.wait()
        if refused := self._key_refused(fields):
            return refused
        if self.failing is not None:
            message = "Slow down: 1 per 1 second" if self.failing == 429 else "Cannot translate"
            return web.json_response({"error": message}, status=self.failing)
        for name in ("q", "source", "target"):
            if not fields.get(name):
                return web.json_response(
                    {"error": f"Invalid request: missing {name} parameter"}, status=400
                )
        source, target, text = fields["source"], fields["target"], str(fields["q"])
        detected = None
        if source == "auto":
            source = "ar" if any("\u0600" <= char <= "\u06ff" for char in text) else "en"
            detected = {"confidence": 90.0, "language": source}
        for code in (source, target):
            if code not in self.languages:
                return web.json_response({"error": f"{code} is not supported"}, status=400)
        answer: dict = {"translatedText": marked(text, source, target)}
        if detected:
            answer["detectedLanguage"] = detected
        if int(fields.get("alternatives") or 0) > 0:
            answer["alternatives"] = []
        return web.json_response(answer)

    async def _languages(self, request: web.Request) -> web.Response:
        self.requests.append(("/languages", dict(request.query)))
        codes = list(self.languages)
        return web.json_response(
            [
                {"code": code, "name": name, "targets": [t for t in codes if t != code]}
                for code, name in self.languages.items()
            ]
        )

    async def _detect(self, request: web.Request) -> web.Response:
        fields = await self._fields(request)
        self.requests.append(("/detect", fields))
        if refused := self._key_refused(fields):
            return refused
        text = str(fields.get("q") or "")
        language = "ar" if any("\u0600" <= char <= "\u06ff" for char in text) else "en"
        return web.json_response([{"confidence": 90.0, "language": language}])
