"""Residents read every answer: a staff note or question reaches each resident with its
machine translation into their language under the staff's original; the news waits for
the translator's round, never for an engine that is down."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.delivery.jobs import outbox_jobs
from bot.delivery.translating import TranslationJob, TranslationWait
from bot.services.lifecycle import change_idea_status
from bot.services.translations import MachineTranslation
from bot.translation import LibreTranslate
from bot.views.callbacks import (
    ReviewAction,
    ReviewActionCallback,
    StaffAction,
    StaffReportCallback,
)
from bot.views.translation_notes import translation_note
from db.models import Idea, IdeaFollower, IdeaStatus, Resident, Visibility
from tests.conftest import STAFF_CHAT_ID
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff, report
from tests.support.fake_libretranslate import marked
from tests.support.i18n import in_language
from tests.translation.conftest import API_KEY

AUTHOR, NEIGHBOUR, TIGRINYA_READER, STAFF = 982_001, 982_002, 982_003, 982_900
NOTE = "Vi bygger cykeltaket i vår"


@pytest.fixture
async def translate(session_factory, settings, libretranslate):
    engine = LibreTranslate(libretranslate.url, API_KEY, timeout=settings.translate_timeout)
    yield TranslationJob(engine, session_factory, settings, translated=lambda: None)
    await engine.close()


@pytest.fixture
def outbox(bot, i18n, session_factory, settings, dispatcher, translate):
    wait = TranslationWait(settings.staff_locale, translate.health)

    async def run() -> None:
        jobs = outbox_jobs(bot, i18n, session_factory, settings, dispatcher["area"], wait)
        for job in jobs:
            await job()

    return run


def _told(bot, telegram_id: int) -> list[str]:
    return [
        message.text or ""
        for (chat_id, _id), message in bot.session.messages.items()
        if chat_id == telegram_id
    ]


async def _idea_followed_in_three_languages(session_factory) -> int:
    idea_id = await seed_idea(session_factory, AUTHOR, "نحتاج إلى مظلة للدراجات", language="ar")
    await seed_idea(session_factory, NEIGHBOUR, "Fler bänkar vid lekplatsen, tack")
    await seed_idea(session_factory, TIGRINYA_READER, "ዝያዳ መናበሪ ኣብ ጥቓ መጻወቲ ቆልዑ")
    async with session_factory() as session, session.begin():
        for telegram_id, language in ((AUTHOR, "ar"), (TIGRINYA_READER, "ti")):
            await session.execute(
                update(Resident)
                .where(Resident.telegram_id == telegram_id)
                .values(language=language)
            )
        for telegram_id in (NEIGHBOUR, TIGRINYA_READER):
            resident = await session.scalar(
                select(Resident.id).where(Resident.telegram_id == telegram_id)
            )
            session.add(IdeaFollower(idea_id=idea_id, resident_id=resident))
    return idea_id


async def _note_on(session_factory, idea_id: int) -> None:
    async with session_factory() as session, session.begin():
        idea = await session.get(Idea, idea_id)
        await change_idea_status(session, idea, IdeaStatus.PLANNED, actor_id=None, note=NOTE)


async def test_a_staff_note_reaches_an_arabic_author_with_its_translation(
    bot, i18n, session_factory, outbox, translate, libretranslate
) -> None:
    idea_id = await _idea_followed_in_three_languages(session_factory)
    await _note_on(session_factory, idea_id)

    await outbox()
    # The Swedish reader needs nothing and is told at once; the others wait one round.
    assert any(NOTE in text for text in _told(bot, NEIGHBOUR))
    assert _told(bot, AUTHOR) == []
    assert _told(bot, TIGRINYA_READER) == []

    await translate()
    await outbox()

    (arabic,) = _told(bot, AUTHOR)
    translated = MachineTranslation(0, "sv", "ar", marked(NOTE, "sv", "ar"))
    assert NOTE in arabic  # the staff's original, with the translation under it
    assert arabic.endswith(in_language(i18n, "ar", lambda: translation_note(translated)))
    (tigrinya,) = _told(bot, TIGRINYA_READER)
    assert NOTE in tigrinya
    missing = MachineTranslation(0, "sv", "ti", None)
    assert tigrinya.endswith(
        in_language(i18n, "ti", lambda: translation_note(missing, for_resident=True))
    )
    # The note went only into Arabic (the other pair is the Arabic idea, for staff):
    # nothing into Swedish, and nothing into Tigrinya, which the engine lacks.
    pairs = [(r["source"], r["target"]) for r in libretranslate.translations()]
    assert sorted(pairs) == [("ar", "sv"), ("sv", "ar")]
    assert all("🌐" not in text for text in _told(bot, NEIGHBOUR))


async def test_with_the_engine_down_the_note_goes_untranslated_at_once(
    bot, session_factory, outbox, translate, libretranslate
) -> None:
    idea_id = await _idea_followed_in_three_languages(session_factory)
    await libretranslate.stop()
    await _note_on(session_factory, idea_id)

    await translate()  # finds the engine down
    await outbox()

    (arabic,) = _told(bot, AUTHOR)
    assert NOTE in arabic
    assert "🌐" not in arabic


async def test_a_staff_question_reaches_an_arabic_reporter_with_its_translation(
    person, bot, i18n, session_factory, outbox, translate
) -> None:
    resident = person(AUTHOR, "ar")
    await report(resident, "المصباح مكسور عند المدخل منذ أسبوع", photo=False,
                 visibility=Visibility.ANONYMOUS)  # fmt: skip
    staff = person(STAFF, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await make_staff(session_factory, person(STAFF, "sv"))
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Vilken port?")

    before = len(_told(bot, AUTHOR))
    await outbox()
    assert len(_told(bot, AUTHOR)) == before  # waits for the translator's round
    await translate()
    await outbox()

    question = _told(bot, AUTHOR)[-1]
    assert "Vilken port?" in question
    assert marked("Vilken port?", "sv", "ar") in question


async def _write_to_author(person, session_factory, idea_id: int, text: str):
    staff = person(STAFF, "sv")
    await make_staff(session_factory, staff)
    await staff.press_data(ReviewActionCallback(idea_id=idea_id, action=ReviewAction.REPLY).pack())
    return await staff.send(text)


async def test_a_staff_message_to_an_arabic_author_comes_with_its_translation(
    person, bot, session_factory, dispatcher
) -> None:
    idea_id = await _idea_followed_in_three_languages(session_factory)
    try:
        await _write_to_author(person, session_factory, idea_id, "Kan du visa oss platsen?")
    finally:
        await dispatcher["translation_engine"].close()

    (arabic,) = _told(bot, AUTHOR)
    assert "Kan du visa oss platsen?" in arabic
    assert marked("Kan du visa oss platsen?", "sv", "ar") in arabic


async def test_a_staff_message_goes_untranslated_when_the_engine_is_down(
    person, bot, session_factory, dispatcher, libretranslate
) -> None:
    idea_id = await _idea_followed_in_three_languages(session_factory)
    await libretranslate.stop()
    try:
        sent = await _write_to_author(person, session_factory, idea_id, "Kan du visa oss platsen?")
    finally:
        await dispatcher["translation_engine"].close()

    (arabic,) = _told(bot, AUTHOR)
    assert "Kan du visa oss platsen?" in arabic
    assert "🌐" not in arabic
    assert sent.texts  # staff are told it was sent
