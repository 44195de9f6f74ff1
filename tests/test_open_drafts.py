"""Starting one wizard while another one's draft is open (/report while writing an idea,
/announce while a poll is half made, /newpoll again) asks first: carry on with the draft,
or delete it and go on. Nothing is lost without the resident's word."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.views.callbacks import (
    DraftKind,
    OpenDraftCallback,
    OpenDraftChoice,
    ReportAction,
    ReportCategoryCallback,
    ReportStepCallback,
    WizardAction,
)
from db.models import Idea, Resident, Role, SafetyCategory
from handlers.idea_wizard.writing import category_prompt, extras_prompt
from handlers.poll_wizard.draft import MAX_OPTIONS, MIN_OPTIONS, OPTION_LIMIT, QUESTION_LIMIT
from tests.ideas.helpers import wizard_action, write_idea
from tests.support.i18n import in_language

IDEA = "Benches along the path to the school, with a roof against the rain"
IDEA_OPEN = (
    "You have an idea you have not sent yet. Do you want to carry on with it, or delete it "
    "and go on?"
)
REPORT_OPEN = (
    "You have a report you have not sent yet. Do you want to carry on with it, or delete it "
    "and go on?"
)
POLL_OPEN = (
    "You have a poll you have not sent yet. Do you want to carry on with it, or delete it "
    "and go on?"
)
CARRY_ON, DELETE = "✏️ Carry on with the draft", "🗑 Delete it and go on"
ALREADY_CHOSEN = "You have already chosen. Carry on from the last message."
NO_DRAFT = "That draft is no longer open, so nothing was changed. Start again from the menu."
GONE_BUTTON = "This button no longer works. Type /start to see the menu."


def _text(i18n, code: str, msgid: str) -> str:
    return in_language(i18n, code, lambda: i18n.gettext(msgid))


def _choice(choice: OpenDraftChoice, starting: DraftKind) -> str:
    return OpenDraftCallback(choice=choice, starting=starting).pack()


async def _start_a_report(resident) -> None:
    await resident.send("/report")
    await resident.press_data(ReportStepCallback(action=ReportAction.START).pack())
    await resident.press_data(ReportCategoryCallback(category=SafetyCategory.LIGHTING).pack())


async def _organiser(person, session_factory, telegram_id: int, language: str):
    organiser = person(telegram_id, language)
    await organiser.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == telegram_id).values(role=Role.ORGANISER)
        )
    return organiser


async def test_a_report_started_while_writing_an_idea_asks_and_the_idea_carries_on(
    person, session_factory, i18n
) -> None:
    resident = person(731, "so")
    await write_idea(resident, IDEA)
    asked = await resident.send("/report")
    assert asked.texts == [_text(i18n, "so", IDEA_OPEN)]
    assert [b.text for b in asked.buttons()] == [
        _text(i18n, "so", CARRY_ON),
        _text(i18n, "so", DELETE),
    ]

    resumed = await resident.press_data(_choice(OpenDraftChoice.CARRY_ON, DraftKind.REPORT))
    assert resumed.texts == [in_language(i18n, "so", extras_prompt)]
    again = await resident.press_data(_choice(OpenDraftChoice.DELETE_AND_START, DraftKind.REPORT))
    assert again.alerts == [_text(i18n, "so", ALREADY_CHOSEN)]
    assert not again.texts

    await wizard_action(resident, WizardAction.NEXT)
    await wizard_action(resident, WizardAction.SEND)
    async with session_factory() as session:
        assert list(await session.scalars(select(Idea.body))) == [IDEA]


async def test_an_idea_started_while_writing_a_report_deletes_it_only_when_asked_to(
    person, i18n
) -> None:
    resident = person(732, "ar")
    await _start_a_report(resident)
    asked = await resident.send("/idea")
    assert asked.texts == [_text(i18n, "ar", REPORT_OPEN)]

    started = await resident.press_data(_choice(OpenDraftChoice.DELETE_AND_START, DraftKind.IDEA))
    assert started.texts == [in_language(i18n, "ar", category_prompt)]
    # The report is gone: asking for the idea wizard again now asks nothing.
    assert (await resident.send("/idea")).texts == [in_language(i18n, "ar", category_prompt)]


async def test_a_poll_half_made_is_asked_about_by_newpoll_and_by_announce(
    person, session_factory, i18n
) -> None:
    organiser = await _organiser(person, session_factory, 733, "sv")
    await organiser.send("/newpoll")
    await organiser.send("Vilken dag passar bäst för städdagen?")
    asked = await organiser.send("/newpoll")
    assert asked.texts == [_text(i18n, "sv", POLL_OPEN)]
    resumed = await organiser.press_data(_choice(OpenDraftChoice.CARRY_ON, DraftKind.POLL))
    options = _text(
        i18n,
        "sv",
        "Now the options, all in one message, one per line: {low} to {high} options, "
        "each up to {limit} characters.",
    ).format(low=MIN_OPTIONS, high=MAX_OPTIONS, limit=OPTION_LIMIT)
    assert resumed.texts == [options]

    asked = await organiser.send("/announce")
    assert asked.texts == [_text(i18n, "sv", POLL_OPEN)]
    started = await organiser.press_data(
        _choice(OpenDraftChoice.DELETE_AND_START, DraftKind.ANNOUNCEMENT)
    )
    announcement = _text(
        i18n,
        "sv",
        "<b>New announcement</b>\nWrite it in {language}: a text, or a photo with a "
        "caption. Type /cancel to stop.",
    ).format(language="svenska")
    assert started.texts == [announcement]
    # The poll is gone, and the announcement has nothing written yet: nothing to ask.
    question = _text(
        i18n,
        "sv",
        "<b>New poll</b>\nWrite the question in {language} (up to {limit} characters). "
        "Type /cancel to stop.",
    ).format(language="svenska", limit=QUESTION_LIMIT)
    assert (await organiser.send("/newpoll")).texts == [question]


async def test_a_resident_cannot_start_an_organisers_wizard_with_the_button(person, i18n) -> None:
    resident = person(734, "fi")
    await write_idea(resident, IDEA)
    forged = await resident.press_data(_choice(OpenDraftChoice.DELETE_AND_START, DraftKind.POLL))
    assert forged.alerts == [_text(i18n, "fi", GONE_BUTTON)]
    # The idea is still there.
    assert (await wizard_action(resident, WizardAction.NEXT)).texts


async def test_a_tap_once_the_draft_is_gone_changes_nothing(person, i18n) -> None:
    resident = person(735, "bs")
    await write_idea(resident, IDEA)
    await resident.send("/report")
    await resident.send("/cancel")
    for choice in OpenDraftChoice:
        reply = await resident.press_data(_choice(choice, DraftKind.REPORT))
        assert reply.alerts == [_text(i18n, "bs", NO_DRAFT)]
        assert not reply.texts
