"""The real bot process with TRANSLATE_URL pointing at a fake LibreTranslate: alerts go
out at once and are edited with their translation, a language the engine lacks gets a
note, a staff note reaches an Arabic author translated, the export has the column, and
the engine being down and up again loses nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import pytest_asyncio

from bot.services.exports import ExportKind
from bot.services.review import QueueKind
from bot.views.callbacks import (
    ExportCallback,
    ReviewAction,
    ReviewActionCallback,
    ReviewOpenCallback,
    ReviewStatusCallback,
)
from db.models import IdeaStatus, Visibility
from tests.support.fake_libretranslate import FakeLibreTranslate, marked

from .bot_process import STAFF_CHAT_ID
from .conftest import StartBot
from .fake_bot_api import FakeBotAPI, Request, TgUser
from .scenario import click_data
from .test_e2e_safety import _alert_for, _become_staff, _report
from .test_e2e_staff import _share_idea

API_KEY = "an-e2e-key-for-the-engine"
ARABIC = "الممر خلف العمارة مظلم جدا في الليل والمصباح مكسور"
TIGRINYA = "ኣብ ድሕሪ ህንጻ ዘሎ መሕለፊ ምሸት ኣዝዩ ጸልማት እዩ"
PERSIAN = "چراغ راه پله خاموش است و شب‌ها خیلی تاریک است"
IDEA = "نقترح بناء مظلة للدراجات بجانب المدخل الرئيسي"
NOTE = "Vi bygger cykeltaket i vår"


@pytest_asyncio.fixture
async def engine() -> AsyncIterator[FakeLibreTranslate]:
    server = FakeLibreTranslate(api_key=API_KEY)
    await server.start()
    yield server
    await server.stop()


async def _shown_with(api: FakeBotAPI, alert: Request, text: str) -> Request:
    """The alert as it shows ``text``: edited in, or (when the translator was quicker
    than the outbox) posted with it."""
    if text in (alert.plain_text or ""):
        return alert
    return await api.wait_for_request(
        lambda request: (
            request.method in ("editMessageText", "editMessageCaption")
            and request.chat_id == STAFF_CHAT_ID
            and request.params.get("message_id") == alert.message_id
            and text in (request.plain_text or "")
        ),
        description=f"the alert edited with {text!r}",
    )


async def test_staff_and_residents_read_each_other_through_the_engine(
    fake_api: FakeBotAPI, start_bot: StartBot, engine: FakeLibreTranslate
) -> None:
    await start_bot(
        TRANSLATE_URL=engine.url,
        TRANSLATE_API_KEY=API_KEY,
        PSEUDONYM_SECRET="an-e2e-secret-for-pseudonyms",
    )
    staff = TgUser(id=8501, first_name="Stina", language_code="sv")
    await _become_staff(fake_api, staff)

    # An Arabic report: the alert at once, then edited with the translation under it
    # (that it never waits for the engine is shown step by step in tests/translation).
    arabic = TgUser(id=8502, first_name="Amal", language_code="ar")
    await _report(fake_api, arabic, ARABIC, Visibility.PRIVATE)
    alert = await _alert_for(fake_api, ARABIC)
    edited = await _shown_with(fake_api, alert, marked(ARABIC, "ar", "sv"))
    assert ARABIC in (edited.plain_text or "")

    # Tigrinya, which the engine lacks: a note, and nothing sent for it.
    tigrinya = TgUser(id=8503, first_name="Selam", language_code="ti")
    await _report(fake_api, tigrinya, TIGRINYA, Visibility.ANONYMOUS)
    alert = await _alert_for(fake_api, TIGRINYA)
    note = await _shown_with(fake_api, alert, "🌐")
    assert TIGRINYA in (note.plain_text or "")
    assert all(request["source"] != "ti" for request in engine.translations())

    # The engine goes down: the alert still comes at once; once the engine is back, the
    # next round (woken by the next report) brings the translation.
    await engine.stop()
    persian = TgUser(id=8504, first_name="Dariush", language_code="fa")
    await _report(fake_api, persian, PERSIAN, Visibility.ANONYMOUS)
    waiting = await _alert_for(fake_api, PERSIAN)
    assert "🌐" not in (waiting.plain_text or "")
    await engine.start()
    await _report(fake_api, arabic, "المصباح عند الباب الثاني مكسور أيضا", Visibility.PRIVATE)
    await _shown_with(fake_api, waiting, marked(PERSIAN, "fa", "sv"))

    # A staff note on an Arabic idea reaches its author with the translation under it.
    author = TgUser(id=8505, first_name="Omar", language_code="ar")
    await _share_idea(fake_api, author, IDEA)
    queue = await fake_api.ask(staff, "/review")
    opened = await click_data(
        fake_api, staff, queue, ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=1)
    )
    statuses = await click_data(
        fake_api, staff, opened, ReviewActionCallback(idea_id=1, action=ReviewAction.STATUS)
    )
    await click_data(
        fake_api, staff, statuses, ReviewStatusCallback(idea_id=1, status=IdeaStatus.PLANNED)
    )
    mark = fake_api.mark()
    fake_api.push_message(staff, NOTE)
    told = await fake_api.wait_for_message(author.id, after=mark)
    assert NOTE in (told.plain_text or "")
    assert marked(NOTE, "sv", "ar") in (told.plain_text or "")

    # The export: a translation column next to the text.
    choice = await fake_api.ask(staff, "/export")
    document = await click_data(fake_api, staff, choice, ExportCallback(kind=ExportKind.IDEAS))
    upload = next(iter(document.files.values()))
    rows = list(csv.reader(io.StringIO(upload.data.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("Maskinöversättning")
    assert rows[0][column - 1] == "Text"
    assert rows[1][column - 1 : column + 1] == [IDEA, marked(IDEA, "ar", "sv")]
    assert fake_api.unanswered_callback_queries == []
