"""Safety reports: the daily limit, a resend that is not a second report, and who staff
see behind a report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.safety import ReportDraft, ReportOutcome, staff_view, submit_report
from db.models import SafetyCategory, SafetyReport, TimeOfDay, Visibility, WhenHappened
from tests.rules.helpers import NOW, new_resident


def draft(body: str, visibility: Visibility = Visibility.ANONYMOUS) -> ReportDraft:
    return ReportDraft(
        category=SafetyCategory.LIGHTING,
        happened=WhenHappened.TODAY,
        time_of_day=TimeOfDay.EVENING,
        visibility=visibility,
        language="sv",
        body=body,
    )


async def test_the_daily_limit_allows_exactly_the_limit_per_reporter(session_factory) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        neighbour = await new_resident(session, 2)
        for n in range(3):
            await submit_report(
                session, neighbour.id, draft(f"Lamp {n} is out"), daily_limit=5, now=NOW
            )
        outcomes = [
            (
                await submit_report(
                    session, reporter.id, draft(f"Broken lamp number {n}"), daily_limit=2, now=NOW
                )
            )[0]
            for n in range(3)
        ]
        next_day, _ = await submit_report(
            session,
            reporter.id,
            draft("Another broken lamp"),
            daily_limit=2,
            now=NOW + timedelta(days=1, seconds=1),
        )

    assert outcomes == [ReportOutcome.SAVED, ReportOutcome.SAVED, ReportOutcome.LIMIT_REACHED]
    assert next_day is ReportOutcome.SAVED


async def test_the_same_words_again_are_one_report_but_new_words_are_a_new_one(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        neighbour = await new_resident(session, 2)
        first, report = await submit_report(
            session, reporter.id, draft("The lamp at door 4 is out"), daily_limit=5, now=NOW
        )
        again, same = await submit_report(
            session,
            reporter.id,
            draft("The lamp at door 4 is out"),
            daily_limit=5,
            now=NOW + timedelta(seconds=30),
        )
        other, new = await submit_report(
            session,
            reporter.id,
            draft("The lamp at door 6 is out"),
            daily_limit=5,
            now=NOW + timedelta(seconds=40),
        )
        theirs, their_report = await submit_report(
            session,
            neighbour.id,
            draft("The lamp at door 4 is out"),
            daily_limit=5,
            now=NOW + timedelta(seconds=50),
        )
        stored = await session.scalar(
            select(SafetyReport.id).order_by(SafetyReport.id.desc()).limit(1)
        )

    assert (first, again, other, theirs) == (
        ReportOutcome.SAVED,
        ReportOutcome.DOUBLE,
        ReportOutcome.SAVED,
        ReportOutcome.SAVED,
    )
    assert same.id == report.id
    assert len({report.id, new.id, their_report.id}) == 3
    assert stored == their_report.id


async def test_staff_see_who_sent_a_private_report_and_nobody_behind_an_anonymous_one(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        named = await new_resident(session, 1001)
        hidden = await new_resident(session, 1002)
        _, private = await submit_report(
            session,
            named.id,
            draft("Door 4 does not lock", Visibility.PRIVATE),
            daily_limit=5,
            now=NOW,
        )
        _, anonymous = await submit_report(
            session, hidden.id, draft("Door 6 does not lock"), daily_limit=5, now=NOW
        )

    async with session_factory() as session:
        private_view = await staff_view(session, private.id)
        anonymous_view = await staff_view(session, anonymous.id)

    assert private_view.reporter_telegram_id == 1001
    assert anonymous_view.reporter_telegram_id is None
    assert (private_view.body, anonymous_view.body) == (
        "Door 4 does not lock",
        "Door 6 does not lock",
    )
