"""/language in the middle of a wizard: the step being asked is asked again in the new
language, the draft is kept, and the wizard goes on from there."""

from __future__ import annotations

from sqlalchemy import select

from bot.views.callbacks import (
    LanguageCallback,
    ReportAction,
    ReportCategoryCallback,
    ReportPlaceCallback,
    ReportStepCallback,
    WizardAction,
)
from db.models import Idea, SafetyCategory
from handlers.idea_wizard.writing import extras_prompt
from tests.ideas.helpers import wizard_action, write_idea
from tests.support.i18n import in_language

IDEA = "A small library corner in the meeting room, with books in many languages"


async def test_an_idea_draft_survives_a_change_of_language(person, session_factory, i18n) -> None:
    resident = person(701, "en")
    await resident.send("/start")
    await write_idea(resident, IDEA)
    await resident.send("/language")
    changed = await resident.press_data(LanguageCallback(code="so").pack())

    menu_question = in_language(
        i18n, "so", lambda: i18n.gettext("What would you like to do? Choose below, or type /help.")
    )
    assert menu_question not in changed.texts
    assert in_language(i18n, "so", extras_prompt) in changed.texts
    # The step's buttons come with it, in Somali.
    continue_label = in_language(i18n, "so", lambda: i18n.gettext("➡️ Continue"))
    assert continue_label in [button.text for button in changed.buttons()]

    located = await resident.send_location(57.79, 12.05)
    assert located.texts == [in_language(i18n, "so", lambda: i18n.gettext("Location added."))]
    preview = await wizard_action(resident, WizardAction.NEXT)
    assert any(IDEA in text for text in preview.texts)
    await wizard_action(resident, WizardAction.SEND)
    async with session_factory() as session:
        idea = await session.scalar(select(Idea))
    assert idea is not None
    assert (idea.body, idea.latitude) == (IDEA, 57.79)


async def test_a_safety_report_is_asked_its_current_question_again(person, i18n) -> None:
    resident = person(702, "sv")
    await resident.send("/report")
    await resident.press_data(ReportStepCallback(action=ReportAction.START).pack())
    await resident.press_data(ReportCategoryCallback(category=SafetyCategory.LIGHTING).pack())
    await resident.press_data(ReportPlaceCallback(place_id="parken").pack())
    await resident.send("/language")
    changed = await resident.press_data(LanguageCallback(code="ar").pack())
    assert changed.texts[-1] == in_language(i18n, "ar", lambda: i18n.gettext("When was it?"))
    assert changed.buttons()


async def test_outside_a_wizard_the_menu_follows(person, i18n) -> None:
    resident = person(703, "sv")
    await resident.send("/start")
    await resident.send("/language")
    changed = await resident.press_data(LanguageCallback(code="fi").pack())
    assert changed.texts[-1] == in_language(
        i18n, "fi", lambda: i18n.gettext("What would you like to do? Choose below, or type /help.")
    )
