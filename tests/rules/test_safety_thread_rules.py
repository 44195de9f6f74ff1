"""A report's thread with staff and its link to the reporter, with a second report (and a
second reporter) beside it that must stay untouched: questions and answers belong to
their own report, stopping answers stops one report's, retention forgets links to the
second, and what it drops is only that report's news and mentions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.lifecycle import change_idea_status, change_report_status
from bot.services.safety import (
    ReportOutcome,
    forget_expired_links,
    open_question,
    record_answer,
    record_question,
    stop_answers,
    submit_report,
)
from db.models import (
    Idea,
    IdeaFollower,
    IdeaStatus,
    Notification,
    Role,
    SafetyMessage,
    SafetyReportLink,
    StaffMention,
    Visibility,
)
from tests.rules.helpers import NOW, new_idea, new_resident
from tests.rules.test_safety_rules import draft

RETENTION = timedelta(days=90)


async def _report(session, resident, body: str, now=NOW):
    outcome, report = await submit_report(
        session, resident.id, draft(body, Visibility.PRIVATE), daily_limit=10, now=now
    )
    assert outcome is ReportOutcome.SAVED
    return report


async def test_a_question_and_its_answer_belong_to_their_own_report(session_factory) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        staff = await new_resident(session, 2, role=Role.STAFF)
        lamp = await _report(session, reporter, "The lamp at door 4 is out")
        door = await _report(session, reporter, "The door at number 6 does not close")
        await record_question(session, lamp.id, staff.id, "Which lamp?")
        nothing_asked = await open_question(session, door.id, reporter.id)
        answered = await record_answer(session, lamp.id, reporter.id, "The one by the bikes", NOW)
        await record_question(session, door.id, staff.id, "Which door?")
        assert await stop_answers(session, lamp.id, NOW)
        still_asked = await open_question(session, door.id, reporter.id)
        gone = await stop_answers(session, 999, NOW)

    assert nothing_asked is None
    assert answered is not None
    assert answered.created_at.replace(tzinfo=None) == NOW.replace(tzinfo=None)
    assert still_asked is not None
    assert still_asked.body == "Which door?"
    assert gone is False


async def test_one_telegram_account_keeps_its_daily_report_limit_after_erasure(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        before = await new_resident(session, 1)
        # The same person after /forget: a new resident row, the same account's key.
        after = await new_resident(session, 2)
        first = await submit_report(
            session, before.id, draft("The lamp at door 4 is out"), daily_limit=1,
            now=NOW, sender_key="the-account",
        )  # fmt: skip
        again = await submit_report(
            session, after.id, draft("The door at number 6 does not close"), daily_limit=1,
            now=NOW + timedelta(hours=1), sender_key="the-account",
        )  # fmt: skip

    assert (first[0], again[0]) == (ReportOutcome.SAVED, ReportOutcome.LIMIT_REACHED)


async def test_retention_forgets_only_links_as_old_as_it_and_only_their_news(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        old_reporter = await new_resident(session, 1)
        new_reporter = await new_resident(session, 2)
        staff = await new_resident(session, 3, role=Role.STAFF)
        old = await _report(session, old_reporter, "The lamp at door 4 is out")
        new = await _report(
            session, new_reporter, "The door at number 6", now=NOW + timedelta(seconds=1)
        )
        report_change = await change_report_status(
            session, old.id, IdeaStatus.IN_PROGRESS, actor_id=staff.id
        )
        await change_report_status(session, new.id, IdeaStatus.IN_PROGRESS, actor_id=staff.id)
        # News about an idea whose status change has the same id as the report's.
        idea_id = await new_idea(session, staff.id, "Benches by the playground")
        idea = await session.get(Idea, idea_id)
        await change_idea_status(session, idea, IdeaStatus.UNDER_REVIEW, actor_id=staff.id)
        session.add(IdeaFollower(idea_id=idea_id, resident_id=old_reporter.id))
        await session.flush()
        idea_change = await change_idea_status(session, idea, IdeaStatus.PLANNED, actor_id=staff.id)
        assert idea_change.id == report_change.id
        for report in (old, new):
            session.add(
                StaffMention(
                    report_id=report.id, reference=report.reference, chat_id=-100, message_id=1
                )
            )
        later = NOW + RETENTION
        forgotten = await forget_expired_links(session, RETENTION, later)

    async with session_factory() as session:
        linked = list(await session.scalars(select(SafetyReportLink.report_id)))
        news = list(await session.execute(select(Notification.resident_id, Notification.kind)))
        mentions = dict(
            (await session.execute(select(StaffMention.report_id, StaffMention.redact_after))).all()
        )

    assert forgotten == 1
    assert linked == [new.id]
    assert sorted(news) == sorted(
        [(old_reporter.id, "idea_status"), (new_reporter.id, "safety_status")]
    )
    assert mentions[new.id] is None
    assert mentions[old.id].replace(tzinfo=None) == later.replace(tzinfo=None)


async def _lamp_report_asked_which_lamp(session):
    reporter = await new_resident(session, 1)
    staff = await new_resident(session, 2, role=Role.STAFF)
    lamp = await _report(session, reporter, "The lamp at door 4 is out")
    await record_question(session, lamp.id, staff.id, "Which lamp?")
    return reporter, staff, lamp


async def test_stopping_answers_closes_the_questions_still_open_and_nothing_else(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        reporter, staff, lamp = await _lamp_report_asked_which_lamp(session)
        await record_answer(session, lamp.id, reporter.id, "The one by the bikes", NOW)
        await stop_answers(session, lamp.id, NOW)
        await record_question(session, lamp.id, staff.id, "Is it still out?")
        later = NOW + timedelta(days=1)
        await stop_answers(session, lamp.id, later)
        closed = list(
            await session.execute(
                select(SafetyMessage.body, SafetyMessage.closed_at).order_by(SafetyMessage.id)
            )
        )

    # A question closed before keeps its moment; the resident's answer is no question.
    assert [tuple(row) for row in closed] == [
        ("Which lamp?", NOW),
        ("The one by the bikes", None),
        ("Is it still out?", later),
    ]


async def test_of_two_questions_not_yet_answered_the_newer_is_the_one_answered(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        reporter, staff, lamp = await _lamp_report_asked_which_lamp(session)
        await record_question(session, lamp.id, staff.id, "Is it still out?")
        asked = await open_question(session, lamp.id, reporter.id)

    assert asked is not None
    assert asked.body == "Is it still out?"
