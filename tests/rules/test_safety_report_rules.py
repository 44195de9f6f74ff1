"""A safety report as sent and as staff see it: the text's limits at the boundary, a
voice report, the resend window to the second, and every field kept where it was put."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.safety import (
    BODY_MAX,
    DOUBLE_SUBMISSION_WINDOW,
    ReportDraft,
    ReportOutcome,
    StaffReportView,
    staff_view,
    submit_report,
)
from db.models import (
    IdeaStatus,
    SafetyCategory,
    SafetyReport,
    SafetyStatusChange,
    TimeOfDay,
    Visibility,
    WhenHappened,
)
from tests.rules.helpers import NOW, new_resident
from tests.rules.test_safety_rules import draft


async def test_a_report_is_taken_from_one_character_to_the_longest_allowed(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        outcomes = [
            (await submit_report(session, reporter.id, draft(body), daily_limit=10, now=NOW))[0]
            for body in ("", "x", "y" * BODY_MAX, "z" * (BODY_MAX + 1))
        ]
        voice = ReportDraft(**{**_fields(draft("unused")), "body": None, "voice_file_id": "v"})
        nothing = ReportDraft(**{**_fields(draft("unused")), "body": None})
        by_voice = (await submit_report(session, reporter.id, voice, daily_limit=10, now=NOW))[0]
        empty = (await submit_report(session, reporter.id, nothing, daily_limit=10, now=NOW))[0]

    assert outcomes == [
        ReportOutcome.INVALID,
        ReportOutcome.SAVED,
        ReportOutcome.SAVED,
        ReportOutcome.INVALID,
    ]
    assert (by_voice, empty) == (ReportOutcome.SAVED, ReportOutcome.INVALID)


def _fields(value) -> dict:
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


async def test_the_same_words_after_the_resend_window_are_a_new_report(session_factory) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        words = draft("The lamp at door 4 is out")
        _o, first = await submit_report(session, reporter.id, words, daily_limit=10, now=NOW)
        inside, same = await submit_report(
            session,
            reporter.id,
            words,
            daily_limit=10,
            now=NOW + DOUBLE_SUBMISSION_WINDOW - timedelta(seconds=1),
        )
        after, new = await submit_report(
            session, reporter.id, words, daily_limit=10, now=NOW + DOUBLE_SUBMISSION_WINDOW
        )

    assert (inside, same.id) == (ReportOutcome.DOUBLE, first.id)
    assert after is ReportOutcome.SAVED
    assert new.id != first.id


async def test_staff_see_every_field_of_a_report_as_it_was_sent(session_factory) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 7001)
        sent = ReportDraft(
            category=SafetyCategory.ENTRANCES,
            happened=WhenHappened.RECURRING,
            time_of_day=TimeOfDay.NIGHT,
            visibility=Visibility.PRIVATE,
            language="ti",
            body="The door does not lock",
            voice_file_id="voice-1",
            photo_file_ids=("photo-1", "photo-2"),
            place_id="binkan",
            place_text="by door 4",
            latitude=57.7,
            longitude=12.0,
        )
        _o, report = await submit_report(session, reporter.id, sent, daily_limit=10, now=NOW)
        report.staff_message_id = 55

    async with session_factory() as session:
        view = await staff_view(session, report.id)
        missing = await staff_view(session, report.id + 100)

    assert view == StaffReportView(
        id=report.id,
        reference=f"T-2026-{report.id:04d}",
        category=SafetyCategory.ENTRANCES,
        place_id="binkan",
        place_text="by door 4",
        latitude=57.7,
        longitude=12.0,
        happened=WhenHappened.RECURRING,
        time_of_day=TimeOfDay.NIGHT,
        body="The door does not lock",
        language="ti",
        voice_file_id="voice-1",
        photo_file_ids=("photo-1", "photo-2"),
        visibility=Visibility.PRIVATE,
        status=IdeaStatus.RECEIVED,
        created_at=NOW,
        staff_message_id=55,
        reporter_telegram_id=7001,
    )
    assert missing is None


async def test_the_daily_limit_counts_the_last_24_hours_to_the_second(session_factory) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        first = await submit_report(
            session, reporter.id, draft("The lamp at door 4 is out"), daily_limit=1, now=NOW
        )
        within = await submit_report(
            session,
            reporter.id,
            draft("The door at number 6 does not close"),
            daily_limit=1,
            now=NOW + timedelta(days=1) - timedelta(seconds=1),
        )
        a_day_later = await submit_report(
            session,
            reporter.id,
            draft("The door at number 6 does not close"),
            daily_limit=1,
            now=NOW + timedelta(days=1),
        )

    assert [first[0], within[0], a_day_later[0]] == [
        ReportOutcome.SAVED,
        ReportOutcome.LIMIT_REACHED,
        ReportOutcome.SAVED,
    ]


async def test_a_report_is_received_at_the_moment_it_was_sent(session_factory) -> None:
    """Its status, and the first line of its history, carry the moment it was sent: the
    export's "status changed" column and the report's history start there."""
    sent_at = NOW - timedelta(hours=3)
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 7002)
        _o, report = await submit_report(
            session, reporter.id, draft("The lamp at door 4 is out"), daily_limit=10, now=sent_at
        )

    async with session_factory() as session:
        stored = await session.get(SafetyReport, report.id)
        history = list(
            await session.execute(
                select(SafetyStatusChange.status, SafetyStatusChange.created_at).where(
                    SafetyStatusChange.report_id == report.id
                )
            )
        )

    assert (stored.status, stored.status_changed_at) == (IdeaStatus.RECEIVED, sent_at)
    assert [tuple(row) for row in history] == [(IdeaStatus.RECEIVED, sent_at)]
