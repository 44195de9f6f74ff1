"""Abuse found by an attack review (issue 12): forged buttons that hid ideas, answered
polls meant for others, kept a removed administrator's powers, or crashed on a number."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from bot.services.polls import NewPoll, create_poll
from bot.services.review import restore_idea
from bot.views.callbacks import (
    IdeaFlagCallback,
    PollAnswerCallback,
    StaffAction,
    StaffReportCallback,
)
from db.models import FlagReason, Idea, IdeaStatus, PollAnswer, PollOption, SafetyReport
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import report
from tests.support.i18n import in_language

STALE = "This button no longer works. Type /start to see the menu."


async def _flag(person, idea_id: int, flaggers: range) -> None:
    for telegram_id in flaggers:
        resident = person(telegram_id, "sv")
        await resident.send("/start")
        await resident.press_data(IdeaFlagCallback(idea_id=idea_id, reason=FlagReason.SPAM).pack())


async def _idea(session_factory, idea_id: int) -> Idea:
    async with session_factory() as session:
        idea = await session.get(Idea, idea_id)
    assert idea is not None
    return idea


async def _flags(session_factory, idea_id: int) -> int:
    from db.models import IdeaFlag

    async with session_factory() as session:
        return (
            await session.scalar(
                select(func.count()).select_from(IdeaFlag).where(IdeaFlag.idea_id == idea_id)
            )
            or 0
        )


@pytest.mark.parametrize("state", ["hidden", "withdrawn", "duplicate"])
async def test_flags_on_an_idea_nobody_can_see_count_for_nothing(
    person, session_factory, state
) -> None:
    idea_id = await seed_idea(session_factory, 980_001, "Fler bänkar vid lekplatsen")
    async with session_factory() as session, session.begin():
        idea = await session.get(Idea, idea_id)
        assert idea is not None
        if state == "hidden":
            idea.hidden = True
        else:
            idea.status = IdeaStatus(state)
    await _flag(person, idea_id, range(980_010, 980_013))
    assert await _flags(session_factory, idea_id) == 0


async def test_after_staff_restore_only_new_flaggers_count(person, session_factory) -> None:
    idea_id = await seed_idea(session_factory, 980_001, "Fler bänkar vid lekplatsen")
    await _flag(person, idea_id, range(980_010, 980_013))
    assert (await _idea(session_factory, idea_id)).hidden
    async with session_factory() as session, session.begin():
        staff = await seed_staff(session)
        assert await restore_idea(session, idea_id, staff, "inget fel")
    await _flag(person, idea_id, range(980_010, 980_013))
    assert not (await _idea(session_factory, idea_id)).hidden
    await _flag(person, idea_id, range(980_020, 980_022))
    assert not (await _idea(session_factory, idea_id)).hidden
    await _flag(person, idea_id, range(980_022, 980_023))
    assert (await _idea(session_factory, idea_id)).hidden


async def seed_staff(session):
    from bot.services.residents import register_contact
    from db.models import Role

    contact = await register_contact(
        session, telegram_id=980_900, language_code="sv", default_locale="sv", admin_ids=()
    )
    contact.resident.role = Role.STAFF
    await session.flush()
    return contact.resident


async def test_a_poll_for_arabic_speakers_takes_no_swedish_answer(person, session_factory) -> None:
    new = NewPoll(
        question={"sv": "Vilken dag?", "ar": "أي يوم؟"},
        options=[{"sv": "Lördag", "ar": "السبت"}, {"sv": "Söndag", "ar": "الأحد"}],
        multiple_choice=False,
        shows_results=True,
        closes_at=None,
        audience_language="ar",
    )
    async with session_factory() as session, session.begin():
        poll, _broadcast = await create_poll(session, new, created_by_id=None)
        option = await session.scalar(select(PollOption.id).where(PollOption.poll_id == poll.id))
    swede = person(980_100, "sv")
    await swede.send("/start")
    tapped = await swede.press_data(PollAnswerCallback(poll_id=poll.id, option_id=option).pack())
    assert tapped.alerts
    arab = person(980_101, "ar")
    await arab.send("/start")
    await arab.press_data(PollAnswerCallback(poll_id=poll.id, option_id=option).pack())
    async with session_factory() as session:
        languages = list(await session.scalars(select(PollAnswer.language)))
    assert languages == ["ar"]


HUGE = "9" * 40


@pytest.mark.parametrize(
    "data",
    [
        f"io:{HUGE}",
        f"iv:{HUGE}:newest::-1:1",
        f"if:{HUGE}:spam",
        f"pa:{HUGE}:1",
        f"pa:1:{HUGE}",
        f"il:newest::{HUGE}",
        f"ra:{HUGE}",
        f"rr:{HUGE}",
        f"io:-{HUGE}",
    ],
)
async def test_an_oversized_number_in_a_button_is_a_stale_button(
    person, i18n, caplog, data
) -> None:
    resident = person(980_200, "sv")
    await resident.send("/start")
    with caplog.at_level(logging.ERROR):
        pressed = await resident.press_data(data)
    assert pressed.alerts == [in_language(i18n, "sv", lambda: i18n.gettext(STALE))]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_an_administrator_removed_from_admin_ids_has_no_powers_in_the_staff_chat(
    person, session_factory, dispatcher, settings
) -> None:
    await report(person(980_300, "sv"), "Lampan vid porten är trasig", photo=False)
    await person(ADMIN_ID, "sv").send("/start")
    dispatcher["settings"] = settings.model_copy(update={"admin_ids": frozenset()})
    in_staff_chat = person(ADMIN_ID, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    pressed = await in_staff_chat.press_data(
        StaffReportCallback(report_id=1, action=StaffAction.ACKNOWLEDGE).pack()
    )
    assert pressed.alerts
    async with session_factory() as session:
        status = await session.scalar(select(SafetyReport.status))
    assert status is IdeaStatus.RECEIVED
