"""/language: the choice is stored and every later message follows it."""

from __future__ import annotations

from sqlalchemy import select

from bot.i18n.names import language_prompt
from bot.views.callbacks import LanguageCallback
from db.models import Resident
from handlers.menu import help_text
from tests.support.i18n import in_language


async def test_switching_from_arabic_to_somali(person, i18n, session_factory) -> None:
    resident = person(201, "ar")
    await resident.send("/start")
    reply = await resident.send("/language")
    assert reply.texts == [in_language(i18n, "ar", language_prompt)]

    chosen = await resident.press("Soomaali")
    assert "Soomaali" in chosen.texts[0]
    assert chosen.texts[0] != in_language(
        i18n,
        "en",
        lambda: i18n.gettext("Language: {language}. You can change it at any time with /language."),
    ).format(language="Soomaali")

    async with session_factory() as session:
        stored = await session.scalar(select(Resident).where(Resident.telegram_id == 201))
    assert stored is not None
    assert stored.language == "so"
    helped = await resident.send("/help")
    assert helped.texts == [in_language(i18n, "so", lambda: help_text(stored))]


async def test_a_forged_language_code_changes_nothing(person, session_factory, i18n) -> None:
    resident = person(202, "fi")
    await resident.send("/start")
    reply = await resident.press_data(LanguageCallback(code="de").pack())

    assert reply.alerts == [
        in_language(
            i18n,
            "fi",
            lambda: i18n.gettext("That language is not available. Please choose again."),
        )
    ]
    async with session_factory() as session:
        stored = await session.scalar(select(Resident).where(Resident.telegram_id == 202))
    assert stored is not None
    assert (stored.language, stored.language_chosen) == ("fi", False)


async def test_a_second_tap_on_the_same_language_is_harmless(person) -> None:
    resident = person(203, "sv")
    picker = await resident.send("/language")
    first = await resident.press("English", picker)
    second = await resident.press("English", picker)
    assert first.texts[0] == second.texts[0]
    assert "English" in second.texts[0]
