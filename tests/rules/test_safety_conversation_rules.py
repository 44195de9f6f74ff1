"""Staff's questions about a report reach only its sender while the bot still knows them;
only that sender's answers are taken; retention forgets senders to the second."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.safety import (
    forget_expired_links,
    record_answer,
    record_question,
    reporter_of,
    staff_view,
)
from db.models import MessageDirection, Role, SafetyMessage, SafetyReportLink, Visibility
from tests.rules.helpers import NOW, new_resident
from tests.rules.test_lifecycle_rules import report_by


async def test_a_question_and_its_answer_are_kept_with_that_report(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        reporter, neighbour = await new_resident(session, 2), await new_resident(session, 3)
        report_id = await report_by(session, reporter.id, "The lamp by the path is out")
        other_id = await report_by(session, neighbour.id, "Broken glass at the bus stop")
        question = await record_question(session, report_id, staff.id, "Which lamp?")
        stranger = await record_answer(session, report_id, neighbour.id, "Not mine")
        missing = await record_answer(session, other_id + 100, reporter.id, "Nothing")
        answer = await record_answer(session, report_id, reporter.id, "By the school")

    async with session_factory() as session:
        messages = [
            (m.report_id, m.direction, m.body, m.staff_id)
            for m in await session.scalars(select(SafetyMessage).order_by(SafetyMessage.id))
        ]

    assert (stranger, missing) == (None, None)
    assert question.id < answer.id
    assert messages == [
        (report_id, MessageDirection.TO_RESIDENT, "Which lamp?", staff.id),
        (report_id, MessageDirection.FROM_RESIDENT, "By the school", None),
    ]


async def test_retention_forgets_senders_at_the_limit_and_then_nobody_can_be_asked(
    session_factory,
) -> None:
    retention = timedelta(days=90)
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        old, recent = await new_resident(session, 2), await new_resident(session, 3)
        old_report = await report_by(session, old.id, "The lamp by the path is out")
        recent_report = await report_by(session, recent.id, "Broken glass at the bus stop")
        links = {link.report_id: link for link in await session.scalars(select(SafetyReportLink))}
        links[recent_report].created_at = NOW + timedelta(seconds=1)
        await session.flush()
        forgotten = await forget_expired_links(session, retention, NOW + retention)
        question = await record_question(session, old_report, staff.id, "Which lamp?")
        answer = await record_answer(session, old_report, old.id, "By the school")
        still_known = await reporter_of(session, recent_report)
        view = await staff_view(session, old_report)

    assert forgotten == 1
    assert (question, answer) == (None, None)
    assert still_known.id == recent.id
    # A private report whose sender is forgotten shows nobody, and the report stays.
    assert view.visibility is Visibility.PRIVATE
    assert view.reporter_telegram_id is None
    assert view.body == "The lamp by the path is out"
