"""Starting the idea or safety wizard again while its draft is open (/idea, /report, or
an older menu's button) asks whether to carry on with the draft or start over, in the
resident's language; a second tap, or a tap once the draft is gone, loses nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.views.callbacks import (
    MenuAction,
    MenuCallback,
    ReportAction,
    ReportCategoryCallback,
    ReportPlaceCallback,
    ReportStepCallback,
    WizardAction,
)
from db.models import Idea, SafetyCategory, SafetyReport
from handlers.idea_wizard.writing import category_prompt, extras_prompt
from tests.ideas.helpers import wizard_action, write_idea
from tests.support.i18n import in_language

IDEA = "A small library corner in the meeting room, with books in many languages"
IDEA_QUESTION = (
    "You have an idea you have not sent yet. Do you want to carry on with it, or start "
    "over? Starting over deletes it."
)
REPORT_QUESTION = (
    "You have a report you have not sent yet. Do you want to carry on with it, or "
    "start over? Starting over deletes it."
)
ALREADY_CHOSEN = "You have already chosen. Carry on from the last message."
NO_DRAFT = "That draft is no longer open, so nothing was changed. Start again from the menu."


def _text(i18n, code: str, msgid: str) -> str:
    return in_language(i18n, code, lambda: i18n.gettext(msgid))


def _labels(i18n, code: str) -> list[str]:
    return [_text(i18n, code, "✏️ Carry on with it"), _text(i18n, code, "🗑 Start over")]


async def _count(session_factory, model) -> int:
    async with session_factory() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_an_older_menus_share_an_idea_asks_and_carry_on_keeps_the_draft(
    person, session_factory, i18n
) -> None:
    resident = person(721, "en")
    await write_idea(resident, IDEA)
    asked = await resident.press_data(MenuCallback(action=MenuAction.NEW_IDEA).pack())
    assert asked.texts == [_text(i18n, "en", IDEA_QUESTION)]
    assert [button.text for button in asked.buttons()] == _labels(i18n, "en")

    resumed = await wizard_action(resident, WizardAction.RESUME)
    assert resumed.texts == [in_language(i18n, "en", extras_prompt)]
    # A second tap on either button changes nothing and says so.
    again = await wizard_action(resident, WizardAction.RESTART)
    assert again.alerts == [_text(i18n, "en", ALREADY_CHOSEN)]

    preview = await wizard_action(resident, WizardAction.NEXT)
    assert any(IDEA in text for text in preview.texts)
    await wizard_action(resident, WizardAction.SEND)
    async with session_factory() as session:
        assert await session.scalar(select(Idea.body)) == IDEA


async def test_idea_again_asks_in_arabic_and_start_over_begins_afresh(
    person, session_factory, i18n
) -> None:
    resident = person(722, "ar")
    await write_idea(resident, "مكتبة صغيرة في غرفة الاجتماعات مع كتب بلغات كثيرة")
    asked = await resident.send("/idea")
    assert asked.texts == [_text(i18n, "ar", IDEA_QUESTION)]
    assert [button.text for button in asked.buttons()] == _labels(i18n, "ar")

    restarted = await wizard_action(resident, WizardAction.RESTART)
    assert restarted.texts == [in_language(i18n, "ar", category_prompt)]
    # The new wizard is not thrown away by a second tap.
    again = await wizard_action(resident, WizardAction.RESTART)
    assert again.alerts == [_text(i18n, "ar", ALREADY_CHOSEN)]
    assert not again.texts
    await write_idea(resident, IDEA)
    await wizard_action(resident, WizardAction.NEXT)
    await wizard_action(resident, WizardAction.SEND)
    async with session_factory() as session:
        assert list(await session.scalars(select(Idea.body))) == [IDEA]


async def test_a_report_being_written_is_asked_about_in_somali(
    person, session_factory, i18n
) -> None:
    resident = person(723, "so")
    await resident.send("/report")
    await resident.press_data(ReportStepCallback(action=ReportAction.START).pack())
    await resident.press_data(ReportCategoryCallback(category=SafetyCategory.LIGHTING).pack())
    await resident.press_data(ReportPlaceCallback(place_id="parken").pack())
    asked = await resident.press_data(MenuCallback(action=MenuAction.REPORT).pack())
    assert asked.texts == [_text(i18n, "so", REPORT_QUESTION)]
    assert [button.text for button in asked.buttons()] == _labels(i18n, "so")

    resumed = await resident.press_data(ReportStepCallback(action=ReportAction.RESUME).pack())
    assert resumed.texts == [_text(i18n, "so", "When was it?")]
    again = await resident.press_data(ReportStepCallback(action=ReportAction.RESTART).pack())
    assert again.alerts == [_text(i18n, "so", ALREADY_CHOSEN)]
    assert not again.texts


async def test_report_again_and_start_over_shows_the_guidance_in_finnish(person, i18n) -> None:
    resident = person(724, "fi")
    await resident.send("/report")
    await resident.press_data(ReportStepCallback(action=ReportAction.START).pack())
    await resident.press_data(ReportCategoryCallback(category=SafetyCategory.LIGHTING).pack())
    asked = await resident.send("/report")
    assert asked.texts == [_text(i18n, "fi", REPORT_QUESTION)]
    restarted = await resident.press_data(ReportStepCallback(action=ReportAction.RESTART).pack())
    assert restarted.buttons()
    assert _text(i18n, "fi", REPORT_QUESTION) not in restarted.texts
    assert "112" in restarted.texts[-1]


async def test_at_the_first_step_nothing_is_asked(person, i18n) -> None:
    resident = person(725, "en")
    await resident.send("/idea")
    again = await resident.send("/idea")
    assert again.texts == [in_language(i18n, "en", category_prompt)]


async def test_a_tap_after_the_draft_is_gone_changes_nothing(
    person, session_factory, dispatcher, bot, i18n
) -> None:
    resident = person(726, "bs")
    await write_idea(resident, IDEA)
    await resident.send("/idea")
    await resident.send("/cancel")
    for action in (WizardAction.RESUME, WizardAction.RESTART):
        reply = await wizard_action(resident, action)
        assert reply.alerts == [_text(i18n, "bs", NO_DRAFT)]
        assert not reply.texts

    # Expired while the question waited: told so, and nothing starts.
    await write_idea(resident, IDEA)
    await resident.send("/idea")
    context = dispatcher.fsm.get_context(bot, chat_id=726, user_id=726)
    await context.update_data(touched_at="2020-01-01T00:00:00+00:00")
    expired = await wizard_action(resident, WizardAction.RESTART)
    assert expired.alerts == [
        _text(
            i18n,
            "bs",
            "That took a while, so I deleted your draft. Nothing was saved. "
            "Start again from the menu.",
        )
    ]
    assert not expired.texts
    assert await _count(session_factory, Idea) == 0
    assert await _count(session_factory, SafetyReport) == 0
