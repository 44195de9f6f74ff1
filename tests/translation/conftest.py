"""A fake LibreTranslate for every test here, and the bot's settings pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from tests.support.fake_libretranslate import FakeLibreTranslate

API_KEY = "a-key-for-the-fake-engine"


@pytest.fixture
async def libretranslate() -> AsyncIterator[FakeLibreTranslate]:
    server = FakeLibreTranslate(api_key=API_KEY)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def settings(settings: Settings, libretranslate: FakeLibreTranslate) -> Settings:
    return settings.model_copy(
        update={
            "translate_url": libretranslate.url,
            "translate_api_key": SecretStr(API_KEY),
            # A slow engine is given up on quickly here; the default is 15 s.
            "translate_timeout": 1.0,
        }
    )
