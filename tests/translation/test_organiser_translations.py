"""Organisers: "translate the missing languages" fills every language they did not write,
marked as machine-translated, shown in the preview before Send; their own translation
wins; languages the engine lacks are named and get the default text."""

from __future__ import annotations

import pytest
from aiogram.methods import SendMessage
from sqlalchemy import select, update

from bot.i18n.names import language_name
from bot.views.callbacks import (
    AnnounceCallback,
    AnnounceStep,
    AudienceCallback,
    PollWizardCallback,
    PollWizardStep,
)
from db.models import Poll, Resident, Role
from tests.broadcast.test_announce import _deliver
from tests.support.fake_libretranslate import marked
from tests.support.i18n import in_language

ORGANISER = 983_001
SWEDISH = "Boendemöte på torsdag klockan 18 i lokalen vid Fjällkåpan"
ARABIC_OWN = "اجتماع السكان يوم الخميس في الساعة السادسة"


@pytest.fixture
async def organiser(person, session_factory, dispatcher):
    organiser = person(ORGANISER, "sv")
    await organiser.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == ORGANISER).values(role=Role.ORGANISER)
        )
    yield organiser
    await dispatcher["translation_engine"].close()


def _marker(i18n, code: str) -> str:
    return in_language(
        i18n,
        code,
        lambda: i18n.gettext("🌐 Machine-translated from {language}").format(
            language=language_name("sv")
        ),
    )


async def test_the_announcement_wizard_fills_the_missing_languages(
    organiser, person, bot, i18n, session_factory, libretranslate
) -> None:
    arabic_reader = person(983_010, "ar")
    finnish_reader = person(983_011, "fi")
    somali_reader = person(983_012, "so")
    for reader in (arabic_reader, finnish_reader, somali_reader):
        await reader.send("/start")
    await organiser.send("/announce")
    asked = await organiser.send(SWEDISH)
    assert any("🌐" in button.text for button in asked.buttons())
    await organiser.send(f"ar\n{ARABIC_OWN}")

    told = await organiser.press_data(AnnounceCallback(step=AnnounceStep.TRANSLATE_MISSING).pack())

    # Arabic was written by the organiser: kept, and never sent to the engine.
    assert [(r["source"], r["target"]) for r in libretranslate.translations()] == [
        ("sv", "en"), ("sv", "fa"), ("sv", "fi"),
    ]  # fmt: skip
    filled, missing = told.text.split("\n")
    assert filled.startswith("Maskinöversatt: engelska, persiska, finska.")
    # No model for these: they get the Swedish text.
    assert missing.startswith(
        "Ingen maskinöversättning för: somaliska, bosniska, kurdiska (sorani), tigrinja."
    )

    await organiser.press_data(AnnounceCallback(step=AnnounceStep.TRANSLATIONS_DONE).pack())
    preview = await organiser.press_data(AudienceCallback(language="").pack())
    assert marked(SWEDISH, "sv", "fi") in preview.text
    await organiser.press_data(AnnounceCallback(step=AnnounceStep.SEND).pack())

    before = len(bot.session.requests)
    await _deliver(bot, i18n, session_factory)
    got = {
        int(request.chat_id): request.text
        for request in bot.session.requests[before:]
        if isinstance(request, SendMessage)
    }
    assert ARABIC_OWN in got[983_010]
    assert "🌐" not in got[983_010]
    assert marked(SWEDISH, "sv", "fi") in got[983_011]
    assert _marker(i18n, "fi") in got[983_011]
    assert SWEDISH in got[983_012]
    assert "⟦" not in got[983_012]


async def test_the_poll_wizard_fills_question_and_options(
    organiser, session_factory, libretranslate
) -> None:
    await organiser.send("/newpoll")
    await organiser.send("Vilken dag passar bäst för städdagen?")
    await organiser.send("Lördag\nSöndag")

    await organiser.press_data(PollWizardCallback(step=PollWizardStep.TRANSLATE_MISSING).pack())
    await organiser.press_data(PollWizardCallback(step=PollWizardStep.TRANSLATIONS_DONE).pack())
    await organiser.press_data(PollWizardCallback(step=PollWizardStep.SINGLE_CHOICE).pack())
    await organiser.press_data(PollWizardCallback(step=PollWizardStep.SHOW_RESULTS).pack())
    await organiser.press_data(PollWizardCallback(step=PollWizardStep.NO_DEADLINE).pack())
    preview = await organiser.press_data(AudienceCallback(language="").pack())
    assert marked("Söndag", "sv", "ar") in str(preview.buttons())
    await organiser.press_data(PollWizardCallback(step=PollWizardStep.SEND).pack())

    async with session_factory() as session:
        poll = await session.scalar(select(Poll))
    assert set(poll.question) == {"sv", "en", "ar", "fa", "fi"}
    assert poll.question["ar"].startswith(
        marked("Vilken dag passar bäst för städdagen?", "sv", "ar")
    )


async def test_with_the_engine_down_nothing_is_filled_and_the_organiser_is_told(
    organiser, libretranslate
) -> None:
    await libretranslate.stop()
    await organiser.send("/announce")
    await organiser.send(SWEDISH)

    told = await organiser.press_data(AnnounceCallback(step=AnnounceStep.TRANSLATE_MISSING).pack())

    assert "går inte att nå" in told.text


@pytest.mark.parametrize(
    ("start", "text", "button"),
    [
        ("/announce", SWEDISH, AnnounceCallback(step=AnnounceStep.TRANSLATE_MISSING)),
        ("/newpoll", "Vilken dag passar bäst?", PollWizardCallback(
            step=PollWizardStep.TRANSLATE_MISSING)),
    ],
)  # fmt: skip
async def test_the_button_from_before_a_restart_without_an_engine_says_so(
    person, session_factory, dispatcher, start, text, button
) -> None:
    """A bot started again without TRANSLATE_URL still gets taps on the old button."""
    await dispatcher["translation_engine"].close()
    dispatcher["translation_engine"] = None
    organiser = person(ORGANISER, "so")
    await organiser.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == ORGANISER).values(role=Role.ORGANISER)
        )
    await organiser.send(start)
    await organiser.send(text)
    if start == "/newpoll":
        await organiser.send("Lördag\nSöndag")

    told = await organiser.press_data(button.pack())

    assert told.alerts == ["Bot-kan ma laha barnaamij turjumaad. Adigu ku dar turjumaadaha."]
    assert not told.texts
