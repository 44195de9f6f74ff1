"""The LibreTranslate client against the fake server: what it sends, what it makes of the
answers, and that every way of failing comes out as "try again later"."""

from __future__ import annotations

import pytest

from bot.translation import EngineUnavailableError, LibreTranslate, PairUnsupportedError
from tests.support.fake_libretranslate import FakeLibreTranslate, marked
from tests.translation.conftest import API_KEY


@pytest.fixture
async def client(libretranslate: FakeLibreTranslate):
    engine = LibreTranslate(libretranslate.url, API_KEY, timeout=1.0)
    yield engine
    await engine.close()


async def test_a_translation_is_asked_for_with_the_api_fields(client, libretranslate) -> None:
    translated = await client.translate("الإنارة معطلة", "ar", "sv")

    assert translated == marked("الإنارة معطلة", "ar", "sv")
    assert libretranslate.translations() == [
        {"q": "الإنارة معطلة", "source": "ar", "target": "sv", "format": "text", "api_key": API_KEY}
    ]


async def test_a_language_the_engine_does_not_list_is_never_sent(client, libretranslate) -> None:
    for source in ("ti", "ckb", "bs", "so"):
        with pytest.raises(PairUnsupportedError):
            await client.translate("text", source, "sv")

    assert libretranslate.translations() == []
    # /languages was read once, not once per text.
    assert [path for path, _ in libretranslate.requests] == ["/languages"]


async def test_a_wrong_api_key_is_refused_as_unavailable(libretranslate) -> None:
    engine = LibreTranslate(libretranslate.url, "not-the-key", timeout=1.0)
    try:
        with pytest.raises(EngineUnavailableError, match="403"):
            await engine.translate("مرحبا", "ar", "sv")
    finally:
        await engine.close()


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_refusals_and_server_errors_are_unavailable(client, libretranslate, status) -> None:
    libretranslate.failing = status

    with pytest.raises(EngineUnavailableError, match=str(status)):
        await client.translate("مرحبا", "ar", "sv")


async def test_a_slow_engine_times_out(libretranslate) -> None:
    engine = LibreTranslate(libretranslate.url, API_KEY, timeout=0.2)
    await engine.can_translate("ar", "sv")  # the language list answers at once
    libretranslate.slow = True
    try:
        with pytest.raises(EngineUnavailableError, match="TimeoutError"):
            await engine.translate("مرحبا", "ar", "sv")
    finally:
        libretranslate.release()
        await engine.close()


async def test_an_engine_that_is_down_is_unavailable(client, libretranslate) -> None:
    await libretranslate.stop()

    with pytest.raises(EngineUnavailableError):
        await client.translate("مرحبا", "ar", "sv")


async def test_a_pair_listed_but_refused_is_unsupported(client, libretranslate) -> None:
    await client.can_translate("fa", "sv")
    # The server lost its Persian model after the list was read.
    del libretranslate.languages["fa"]

    with pytest.raises(PairUnsupportedError):
        await client.translate("سلام", "fa", "sv")


async def test_the_fake_follows_the_api_for_other_clients(libretranslate) -> None:
    """The fake's own contract: auto detection, alternatives, a missing field."""
    import aiohttp

    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{libretranslate.url}/translate",
            json={"q": "سلام", "source": "auto", "target": "en", "alternatives": 2,
                  "api_key": API_KEY},
        ) as response:  # fmt: skip
            answer = await response.json()
        async with http.post(
            f"{libretranslate.url}/translate", json={"source": "ar", "target": "en",
                                                     "api_key": API_KEY}
        ) as response:  # fmt: skip
            missing = (response.status, await response.json())
        async with http.get(f"{libretranslate.url}/languages") as response:
            languages = await response.json()

    assert answer["detectedLanguage"]["language"] == "ar"
    assert answer["alternatives"] == []
    assert missing == (400, {"error": "Invalid request: missing q parameter"})
    assert {"code": "sv", "name": "Swedish", "targets": ["en", "ar", "fa", "fi"]} in languages
