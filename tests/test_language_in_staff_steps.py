"""/language in the middle of an organiser's or staff member's step: the step's own
question is asked again in the new language (not a note that the draft is kept), and
the step goes on with what was already written."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.i18n.languages import LANGUAGES
from bot.i18n.names import idea_status_name, language_name
from bot.services.safety import BODY_MAX
from bot.views.callbacks import (
    AnnounceCallback,
    AnnounceStep,
    AnswerStaffCallback,
    AudienceCallback,
    LanguageCallback,
    PollWizardCallback,
    PollWizardStep,
    ReviewAction,
    ReviewActionCallback,
    ReviewStatusCallback,
    StaffAction,
    StaffReportCallback,
)
from db.models import IdeaStatus, IdeaStatusChange, Resident, Role, SafetyReport
from handlers.poll_wizard.draft import MAX_OPTIONS, MIN_OPTIONS, OPTION_LIMIT
from tests.conftest import STAFF_CHAT_ID
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff, report
from tests.support.i18n import in_language

ORGANISER_ID = 705
STAFF_ID = 706
KEPT = "Your draft is kept. Carry on where you left off, or type /cancel to stop."


async def _organiser(person, session_factory):
    organiser = person(ORGANISER_ID, "sv")
    await organiser.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == ORGANISER_ID).values(role=Role.ORGANISER)
        )
    return organiser


def _text(i18n, code: str, msgid: str, **values) -> str:
    return in_language(i18n, code, lambda: i18n.gettext(msgid).format(**values))


def _poll_step(step: PollWizardStep) -> str:
    return PollWizardCallback(step=step).pack()


@pytest.mark.parametrize("code", ["en", "ar"])
async def test_a_poll_being_written_asks_for_its_options_again(
    code, person, session_factory, i18n
) -> None:
    organiser = await _organiser(person, session_factory)
    await organiser.send("/newpoll")
    await organiser.send("Vilken dag passar städdagen?")
    await organiser.send("/language")
    changed = await organiser.press_data(LanguageCallback(code=code).pack())

    options_question = _text(
        i18n,
        code,
        "Now the options, all in one message, one per line: {low} to {high} options, "
        "each up to {limit} characters.",
        low=MIN_OPTIONS,
        high=MAX_OPTIONS,
        limit=OPTION_LIMIT,
    )
    assert changed.texts[-1] == options_question
    assert _text(i18n, code, KEPT) not in changed.texts
    # The options still go to the poll being written, and the next step is in the new language.
    options = await organiser.send("Lördag\nSöndag")
    continue_label = _text(i18n, code, "➡️ Continue")
    assert [button.text for button in options.buttons()] == [continue_label]


async def test_a_poll_at_its_preview_is_previewed_again(person, session_factory, i18n) -> None:
    organiser = await _organiser(person, session_factory)
    await organiser.send("/newpoll")
    await organiser.send("Vilken dag passar städdagen?")
    await organiser.send("Lördag\nSöndag")
    await organiser.press_data(_poll_step(PollWizardStep.TRANSLATIONS_DONE))
    await organiser.press_data(_poll_step(PollWizardStep.SINGLE_CHOICE))
    await organiser.press_data(_poll_step(PollWizardStep.SHOW_RESULTS))
    await organiser.press_data(_poll_step(PollWizardStep.NO_DEADLINE))
    await organiser.press_data(AudienceCallback(language="").pack())
    await organiser.send("/language")
    changed = await organiser.press_data(LanguageCallback(code="fa").pack())

    preview_line = in_language(
        i18n,
        "fa",
        lambda: i18n.gettext("Preview, {language}:").format(language=language_name("sv")),
    )
    assert preview_line in changed.texts
    assert any("Vilken dag passar städdagen?" in text for text in changed.texts)
    labels = [button.text for button in changed.buttons()]
    assert _text(i18n, "fa", "✅ Send") in labels
    assert _text(i18n, "fa", "✖️ Cancel") in labels


@pytest.mark.parametrize("code", ["so", "fi"])
async def test_an_announcement_asks_for_its_translations_again(
    code, person, session_factory, i18n
) -> None:
    organiser = await _organiser(person, session_factory)
    await organiser.send("/announce")
    await organiser.send("Boendemöte på torsdag klockan 18")
    await organiser.send("/language")
    changed = await organiser.press_data(LanguageCallback(code=code).pack())

    asked = in_language(
        i18n,
        code,
        lambda: i18n.gettext(
            "Add translations if you have them: send one message per language, with the "
            "language code alone on the first line and the text below, for example:\n"
            "ar\n(the text in Arabic)\n\nCodes: {codes}. Residents without a translation "
            "get the {language} text. Press Continue when you are done."
        ).format(codes=", ".join(c for c in LANGUAGES if c != "sv"), language=language_name("sv")),
    )
    assert changed.texts[-1] == asked
    assert [button.text for button in changed.buttons()] == [_text(i18n, code, "➡️ Continue")]
    # The Swedish text is kept: Continue and an audience reach the preview with it.
    await organiser.press_data(AnnounceCallback(step=AnnounceStep.TRANSLATIONS_DONE).pack())
    preview = await organiser.press_data(AudienceCallback(language="").pack())
    assert any("Boendemöte på torsdag klockan 18" in text for text in preview.texts)


@pytest.mark.parametrize("code", ["en", "bs"])
async def test_a_review_note_is_asked_for_again_with_its_status(
    code, person, session_factory, i18n
) -> None:
    idea_id = await seed_idea(session_factory, 981_020, "Fler cykelställ vid Fjällkåpan")
    staff = person(STAFF_ID, "sv")
    await make_staff(session_factory, staff)
    await staff.press_data(ReviewStatusCallback(idea_id=idea_id, status=IdeaStatus.PLANNED).pack())
    await staff.send("/language")
    changed = await staff.press_data(LanguageCallback(code=code).pack())

    asked = in_language(
        i18n,
        code,
        lambda: i18n.gettext(
            "Write a note for the author and followers about the new status “{status}”. "
            "It is sent as you write it. Send {no_note} for no note."
        ).format(status=idea_status_name(IdeaStatus.PLANNED), no_note="-"),
    )
    assert changed.texts[-1] == asked
    await staff.send("Vi bygger dem i maj.")
    async with session_factory() as session:
        notes = list(
            await session.scalars(
                select(IdeaStatusChange.note).where(IdeaStatusChange.status == IdeaStatus.PLANNED)
            )
        )
    assert notes == ["Vi bygger dem i maj."]


@pytest.mark.parametrize("code", ["ti", "ckb"])
async def test_a_reporter_answering_staff_is_asked_for_the_answer_again(
    code, person, session_factory, i18n
) -> None:
    resident = person(981_030, "so")
    await report(resident, "Laambadda jaranjarada ayaa dansan")
    await make_staff(session_factory, person(STAFF_ID, "sv"))
    staff = person(STAFF_ID, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    async with session_factory() as session:
        report_id = await session.scalar(select(SafetyReport.id))
    await staff.press_data(StaffReportCallback(report_id=report_id, action=StaffAction.ASK).pack())
    await staff.send("Vilken trappuppgång?")
    await resident.press_data(AnswerStaffCallback(report_id=report_id).pack())
    await resident.send("/language")
    changed = await resident.press_data(LanguageCallback(code=code).pack())

    asked = _text(
        i18n,
        code,
        "Write your answer (at most {limit} characters). It goes to staff through the bot.",
        limit=BODY_MAX,
    )
    assert changed.texts[-1] == asked
    answered = await resident.send("Nummer 4")
    assert answered.texts == [_text(i18n, code, "Thank you. Your answer was sent to staff.")]


@pytest.mark.parametrize(
    ("action", "msgid"),
    [
        (ReviewAction.RESTORE, "Why show it again? The reason is kept in the audit log."),
        (ReviewAction.HIDE, "Why hide it? The reason is kept in the audit log."),
        (
            ReviewAction.BAN,
            "Why ban the author of idea #{number}? They will get one message and then the bot "
            "no longer answers them. Write the reason (it is kept in the audit log), or /cancel.",
        ),
    ],
)
async def test_a_reason_is_asked_for_again_as_it_was_asked(
    action, msgid, person, session_factory, i18n
) -> None:
    idea_id = await seed_idea(session_factory, 981_040, "Fler cykelställ vid Fjällkåpan")
    staff = person(STAFF_ID, "sv")
    await make_staff(session_factory, staff)
    asked = await staff.press_data(ReviewActionCallback(idea_id=idea_id, action=action).pack())
    assert asked.texts == [_text(i18n, "sv", msgid, number=idea_id)]
    await staff.send("/language")
    changed = await staff.press_data(LanguageCallback(code="fa").pack())
    assert changed.texts[-1] == _text(i18n, "fa", msgid, number=idea_id)
