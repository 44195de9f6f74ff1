"""Staff read every resident: texts not in the staff language reach the staff chat at
once and are edited with their machine translation when it comes; a language the engine
lacks gets a note, never a wrong pair; the engine being down loses and delays nothing."""

from __future__ import annotations

import io
import logging
from functools import partial

import pytest
from sqlalchemy import func, select

from bot.delivery.exports import run_export
from bot.delivery.translating import TranslationJob
from bot.i18n.languages import LANGUAGES
from bot.services.exports import ExportFilters, ExportKind
from bot.services.review import QueueKind
from bot.services.translations import MachineTranslation
from bot.translation import LibreTranslate
from bot.views.callbacks import (
    AnswerStaffCallback,
    ForgetCallback,
    ForgetChoice,
    ReviewOpenCallback,
    StaffAction,
    StaffReportCallback,
)
from bot.views.translation_notes import translation_note
from db.models import Translation, Visibility
from handlers.privacy import privacy_text
from tests.conftest import STAFF_CHAT_ID
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff, report
from tests.safety.test_reporter_privacy import run_outbox, staff_chat_now
from tests.support.fake_libretranslate import marked
from tests.support.i18n import in_language
from tests.translation.conftest import API_KEY

REPORTER = 981_001
STAFF = 981_900
ARABIC = "المصباح عند مدخل العمارة مكسور منذ أسبوعين والممر مظلم جدا في الليل"
TIGRINYA = "ኣብ መእተዊ ህንጻ ዘሎ መብራህቲ ካብ ክልተ ሰሙን ጀሚሩ ተሰቢሩ ኣሎ፣ ምሸት ጸልማት እዩ"
SWEDISH = "Lampan vid porten har varit trasig i två veckor och gången är mörk"


@pytest.fixture
async def translate(session_factory, settings, libretranslate):
    """One round of the translator, as the bot runs it."""
    engine = LibreTranslate(libretranslate.url, API_KEY, timeout=settings.translate_timeout)
    woken: list[bool] = []
    job = TranslationJob(engine, session_factory, settings, translated=lambda: woken.append(True))
    job.woken = woken
    yield job
    await engine.close()


def _note(i18n, text: str | None, language: str) -> str:
    return in_language(
        i18n, "sv", lambda: translation_note(MachineTranslation(0, language, "sv", text))
    )


def _staff_texts(bot) -> list[str]:
    """The staff chat's messages that say something (not the location pins)."""
    return [text for text in staff_chat_now(bot).values() if text]


async def _alert(bot) -> str:
    (text,) = _staff_texts(bot)
    return text


async def test_an_arabic_report_reaches_staff_at_once_then_with_its_translation(
    person, session_factory, bot, i18n, settings, dispatcher, translate, libretranslate
) -> None:
    area = dispatcher["area"]
    await report(person(REPORTER, "ar"), ARABIC, photo=False)

    await run_outbox(bot, i18n, session_factory, settings, area)
    first = await _alert(bot)
    assert ARABIC in first
    assert "⟦" not in first  # posted without waiting for the engine

    assert await translate() == 1
    assert translate.woken == [True]
    await run_outbox(bot, i18n, session_factory, settings, area)

    edited = await _alert(bot)
    # Under the original, never instead of it, and marked as a machine translation.
    assert edited.startswith(first)
    assert edited.endswith(_note(i18n, marked(ARABIC, "ar", "sv"), "ar"))
    # Made once, reused: another round asks the engine nothing and edits nothing.
    assert await translate() == 0
    await run_outbox(bot, i18n, session_factory, settings, area)
    assert len(libretranslate.translations()) == 1
    assert await _alert(bot) == edited


async def test_a_report_in_a_language_the_engine_lacks_says_so(
    person, session_factory, bot, i18n, settings, dispatcher, translate, libretranslate
) -> None:
    area = dispatcher["area"]
    await report(person(REPORTER, "ti"), TIGRINYA, photo=False)
    await run_outbox(bot, i18n, session_factory, settings, area)

    await translate()
    await run_outbox(bot, i18n, session_factory, settings, area)

    alert = await _alert(bot)
    assert TIGRINYA in alert
    assert alert.endswith(_note(i18n, None, "ti"))
    # Nothing was sent for a pair the engine does not list: no wrong language pair.
    assert libretranslate.translations() == []


async def test_nothing_is_sent_to_the_engine_for_a_text_in_the_staff_language(
    person, session_factory, bot, i18n, settings, dispatcher, translate, libretranslate
) -> None:
    await report(person(REPORTER, "sv"), SWEDISH, photo=False)
    await seed_idea(session_factory, REPORTER + 1, "Fler bänkar vid lekplatsen, tack")
    await run_outbox(bot, i18n, session_factory, settings, dispatcher["area"])

    assert await translate() == 0
    assert libretranslate.requests == []
    assert "🌐" not in await _alert(bot)


async def test_a_photo_alert_gets_the_translation_in_its_caption(
    person, session_factory, bot, i18n, settings, dispatcher, translate
) -> None:
    area = dispatcher["area"]
    await report(person(REPORTER, "ar"), ARABIC, photo=True)
    await run_outbox(bot, i18n, session_factory, settings, area)
    await translate()
    await run_outbox(bot, i18n, session_factory, settings, area)

    (message,) = [
        message for (chat, _id), message in bot.session.messages.items() if chat == STAFF_CHAT_ID
        and message.caption
    ]  # fmt: skip
    assert message.text is None
    assert marked(ARABIC, "ar", "sv") in message.caption
    assert len(message.caption) <= 1024


async def test_engine_down_then_up_loses_nothing_and_warns_once(
    person, session_factory, bot, i18n, settings, dispatcher, translate, libretranslate, caplog
) -> None:
    area = dispatcher["area"]
    await libretranslate.stop()
    await report(person(REPORTER, "ar"), ARABIC, photo=False)
    await report(
        person(REPORTER + 1, "fa"), "چراغ راه پله خاموش است و شب‌ها خیلی تاریک است", photo=False
    )

    with caplog.at_level(logging.INFO, logger="bot.delivery.translating"):
        for _round in range(3):
            assert await translate() == 0
            await run_outbox(bot, i18n, session_factory, settings, area)
        # The alerts went out all the same.
        assert len(_staff_texts(bot)) == 2
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1

        await libretranslate.start()
        assert await translate() == 2
    await run_outbox(bot, i18n, session_factory, settings, area)

    alerts = _staff_texts(bot)
    assert marked(ARABIC, "ar", "sv") in alerts[0]
    assert "⟦fa→sv⟧" in alerts[1]
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.INFO]


@pytest.mark.parametrize("failure", [429, 500])
async def test_a_refusing_engine_is_asked_again_later(
    person, session_factory, bot, i18n, settings, dispatcher, translate, libretranslate, failure
) -> None:
    await report(person(REPORTER, "ar"), ARABIC, photo=False)
    libretranslate.failing = failure
    assert await translate() == 0
    libretranslate.failing = None
    assert await translate() == 1


async def test_a_slow_engine_delays_no_alert(
    person, session_factory, bot, i18n, settings, dispatcher, translate, libretranslate
) -> None:
    await report(person(REPORTER, "ar"), ARABIC, photo=False)
    libretranslate.slow = True

    # The translator gives up at its timeout; the outbox never waited for it.
    await run_outbox(bot, i18n, session_factory, settings, dispatcher["area"])
    assert ARABIC in await _alert(bot)
    assert await translate() == 0
    libretranslate.release()
    libretranslate.slow = False
    assert await translate() == 1


async def test_an_answer_in_the_report_thread_is_translated_too(
    person, session_factory, bot, i18n, settings, dispatcher, translate
) -> None:
    area = dispatcher["area"]
    resident = person(REPORTER, "ar")
    await report(resident, ARABIC, visibility=Visibility.ANONYMOUS, photo=False)
    staff = person(STAFF, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await make_staff(session_factory, person(STAFF, "sv"))
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Vilken port?")
    await run_outbox(bot, i18n, session_factory, settings, area)
    await resident.press_data(AnswerStaffCallback(report_id=1).pack())
    await resident.send("الباب رقم ثلاثة بجانب الموقف")
    await run_outbox(bot, i18n, session_factory, settings, area)

    assert await translate() == 2  # the report and the answer
    await run_outbox(bot, i18n, session_factory, settings, area)

    answer = next(text for text in _staff_texts(bot) if "الباب رقم" in text)
    assert answer.endswith(_note(i18n, marked("الباب رقم ثلاثة بجانب الموقف", "ar", "sv"), "ar"))


async def test_the_review_screen_shows_an_ideas_translation(
    person, session_factory, translate
) -> None:
    idea = await seed_idea(session_factory, REPORTER, ARABIC, language="ar")
    staff = person(STAFF, "sv")
    await make_staff(session_factory, staff)
    await translate()

    opened = await staff.press_data(ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=idea).pack())

    assert ARABIC in opened.text
    assert marked(ARABIC, "ar", "sv") in opened.text


async def test_the_export_has_a_translation_column_next_to_the_text(
    person, session_factory, dispatcher, settings, translate
) -> None:
    await seed_idea(session_factory, REPORTER, ARABIC, language="ar")
    await seed_idea(session_factory, REPORTER + 1, TIGRINYA, language="ti")
    await seed_idea(session_factory, REPORTER + 2, SWEDISH)
    await report(person(REPORTER + 3, "ar"), ARABIC, photo=False)
    await translate()

    sheets = {}
    for kind in (ExportKind.IDEAS, ExportKind.SAFETY):
        target = io.BytesIO()
        await run_export(session_factory, dispatcher["i18n"], settings, dispatcher["area"],
                         kind, ExportFilters(), target, actor_id=None)  # fmt: skip
        rows = target.getvalue().decode("utf-8-sig").splitlines()
        sheets[kind] = [row.split(settings.csv_separator) for row in rows]

    ideas = sheets[ExportKind.IDEAS]
    column = ideas[0].index("Maskinöversättning")
    assert ideas[0][column - 1] == "Text"
    assert [row[column - 1 : column + 1] for row in ideas[1:]] == [
        [ARABIC, marked(ARABIC, "ar", "sv")],
        [TIGRINYA, "(ingen maskinöversättning för det här språket)"],
        [SWEDISH, ""],
    ]
    safety = sheets[ExportKind.SAFETY]
    column = safety[0].index("Maskinöversättning")
    assert safety[0][column - 1] == "Text"
    assert safety[1][column - 1 : column + 1] == [ARABIC, marked(ARABIC, "ar", "sv")]


async def test_privacy_says_where_texts_are_translated_in_every_language(
    dispatcher, settings, i18n
) -> None:
    plain = settings.model_copy(update={"translate_url": None})
    area = dispatcher["area"]
    for locale in LANGUAGES:
        told = in_language(i18n, locale, partial(privacy_text, area, settings, locale))
        untold = in_language(i18n, locale, partial(privacy_text, area, plain, locale))
        assert "127.0.0.1" in told, locale
        # One paragraph more, and only with TRANSLATE_URL.
        assert told.startswith(untold), locale
        assert told.count("\n\n") == untold.count("\n\n") + 1, locale


async def _translations(session_factory) -> int:
    async with session_factory() as session:
        return await session.scalar(select(func.count()).select_from(Translation)) or 0


async def test_forget_erases_the_translations_with_what_was_sent(
    person, session_factory, translate
) -> None:
    resident = person(REPORTER, "ar")
    await report(resident, ARABIC, photo=False)
    await seed_idea(session_factory, REPORTER + 1, ARABIC, language="ar")
    await translate()
    assert await _translations(session_factory) == 2

    await resident.send("/forget")
    await resident.press_data(ForgetCallback(choice=ForgetChoice.DELETE_EVERYTHING).pack())

    # The report and its translation are gone; someone else's idea keeps its own.
    assert await _translations(session_factory) == 1


async def test_an_answer_in_swedish_to_an_arabic_report_is_not_sent_as_arabic(
    person, session_factory, bot, i18n, settings, dispatcher, translate, libretranslate
) -> None:
    area = dispatcher["area"]
    resident = person(REPORTER, "ar")
    await report(resident, ARABIC, visibility=Visibility.ANONYMOUS, photo=False)
    staff = person(STAFF, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await make_staff(session_factory, person(STAFF, "sv"))
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Vilken port?")
    await run_outbox(bot, i18n, session_factory, settings, area)
    await resident.press_data(AnswerStaffCallback(report_id=1).pack())
    swedish = "Det är porten närmast parkeringen, bredvid lekplatsen och cykelstället"
    await resident.send(swedish)
    await run_outbox(bot, i18n, session_factory, settings, area)

    await translate()
    await run_outbox(bot, i18n, session_factory, settings, area)
    assert await translate() == 0  # settled: not looked at again

    assert [request["q"] for request in libretranslate.translations()] == [ARABIC]
    answer = next(text for text in _staff_texts(bot) if swedish in text)
    assert "🌐" not in answer
