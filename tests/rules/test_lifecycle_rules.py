"""A status change of an idea or a report: stored with who, when and the note, the subject
moved to it, every follower but the one who made it owed one message, and staff's changes
in the audit log under the name staff use."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.lifecycle import (
    IDEA_STATUS_NOTIFICATION,
    StaffStatusChange,
    StatusSubject,
    change_idea_status,
    change_report_status,
    set_status_with_note,
)
from bot.services.safety import SAFETY_STATUS_NOTIFICATION, forget_expired_links, submit_report
from bot.services.votes import toggle_vote
from db.models import (
    AuditEntry,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    Notification,
    Role,
    SafetyReport,
    SafetyStatusChange,
    Visibility,
)
from tests.rules.helpers import NOW, new_idea, new_resident
from tests.rules.test_safety_rules import draft

LATER = NOW + timedelta(hours=2)


async def owed(session_factory) -> set[tuple[int, str, int]]:
    async with session_factory() as session:
        rows = await session.execute(
            select(Notification.resident_id, Notification.kind, Notification.subject_id)
        )
        return set(rows)


async def audit_trail(session_factory) -> list[tuple[int | None, str, str, dict]]:
    async with session_factory() as session:
        rows = await session.execute(
            select(
                AuditEntry.actor_id, AuditEntry.action, AuditEntry.subject, AuditEntry.details
            ).order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


async def test_an_idea_status_change_is_owed_to_its_followers_but_not_to_whoever_made_it(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author, supporter, elsewhere = [await new_resident(session, n) for n in (2, 3, 4)]
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        other_id = await new_idea(session, elsewhere.id, "A bicycle shed")
        for resident in (supporter, staff):
            await toggle_vote(session, idea_id, resident.id, support=True)

    async with session_factory() as session, session.begin():
        idea = await session.get(Idea, idea_id)
        change = await change_idea_status(
            session, idea, IdeaStatus.PLANNED, actor_id=staff.id, note="", now=LATER
        )

    async with session_factory() as session:
        idea, other = await session.get(Idea, idea_id), await session.get(Idea, other_id)
        stored = await session.get(IdeaStatusChange, change.id)

    assert (idea.status, idea.status_changed_at, idea.duplicate_of_id) == (
        IdeaStatus.PLANNED,
        LATER,
        None,
    )
    assert other.status is IdeaStatus.RECEIVED
    assert (stored.idea_id, stored.status, stored.note, stored.changed_by_id) == (
        idea_id,
        IdeaStatus.PLANNED,
        None,  # an empty note is no note
        staff.id,
    )
    assert stored.created_at == LATER
    assert await owed(session_factory) == {
        (author.id, IDEA_STATUS_NOTIFICATION, change.id),
        (supporter.id, IDEA_STATUS_NOTIFICATION, change.id),
    }


async def test_a_duplicate_points_at_the_idea_it_repeats_and_keeps_its_note(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        original = await new_idea(session, author.id, "Benches by the playground")
        repeat = await new_idea(session, author.id, "More benches near the swings")
        idea = await session.get(Idea, repeat)
        change = await change_idea_status(
            session,
            idea,
            IdeaStatus.DUPLICATE,
            actor_id=None,
            note="Same as the first",
            duplicate_of_id=original,
            now=LATER,
        )

    async with session_factory() as session:
        idea = await session.get(Idea, repeat)
        stored = await session.get(IdeaStatusChange, change.id)

    assert (idea.status, idea.duplicate_of_id) == (IdeaStatus.DUPLICATE, original)
    assert (stored.note, stored.changed_by_id) == ("Same as the first", None)
    # Made by nobody (the bot itself): the author, who follows their idea, is told.
    assert await owed(session_factory) == {(author.id, IDEA_STATUS_NOTIFICATION, change.id)}


async def report_by(session, resident_id: int, body: str, visibility=Visibility.PRIVATE):
    _outcome, report = await submit_report(
        session, resident_id, draft(body, visibility), daily_limit=10, now=NOW
    )
    assert report is not None
    return report.id


async def test_a_report_status_change_is_owed_to_the_resident_behind_it_only(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        reporter, neighbour = await new_resident(session, 2), await new_resident(session, 3)
        report_id = await report_by(session, reporter.id, "The lamp by the path is out")
        other_id = await report_by(session, neighbour.id, "Broken glass at the bus stop")

    async with session_factory() as session, session.begin():
        change = await change_report_status(
            session, report_id, IdeaStatus.IN_PROGRESS, actor_id=staff.id, note="", now=LATER
        )
        missing = await change_report_status(
            session, other_id + 100, IdeaStatus.DONE, actor_id=staff.id
        )

    async with session_factory() as session:
        report, other = [await session.get(SafetyReport, n) for n in (report_id, other_id)]
        stored = await session.get(SafetyStatusChange, change.id)

    assert missing is None
    assert (report.status, report.status_changed_at) == (IdeaStatus.IN_PROGRESS, LATER)
    assert other.status is IdeaStatus.RECEIVED
    assert (stored.report_id, stored.status, stored.note, stored.changed_by_id) == (
        report_id,
        IdeaStatus.IN_PROGRESS,
        None,
        staff.id,
    )
    assert await owed(session_factory) == {(reporter.id, SAFETY_STATUS_NOTIFICATION, change.id)}


async def test_a_report_whose_sender_is_forgotten_changes_status_and_tells_nobody(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 2)
        report_id = await report_by(session, reporter.id, "The lamp by the path is out")
        assert await forget_expired_links(session, timedelta(days=30), NOW + timedelta(days=30))
        change = await change_report_status(
            session, report_id, IdeaStatus.DONE, actor_id=None, now=LATER
        )

    assert change is not None
    assert change.status is IdeaStatus.DONE
    assert await owed(session_factory) == set()


async def test_staff_status_changes_are_named_as_staff_call_them_and_audited(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        resident = await new_resident(session, 2)
        idea_id = await new_idea(session, resident.id, "Benches by the playground")
        # Staff who support the idea follow it, but know of their own change.
        await toggle_vote(session, idea_id, staff.id, support=True)
        report_id = await report_by(session, resident.id, "The lamp by the path is out")
        reference = (await session.get(SafetyReport, report_id)).reference

    async with session_factory() as session, session.begin():
        staff = await session.merge(staff)
        on_idea = await set_status_with_note(
            session, StatusSubject.IDEA, idea_id, IdeaStatus.PLANNED, actor=staff, note="Spring"
        )
        on_report = await set_status_with_note(
            session, StatusSubject.REPORT, report_id, IdeaStatus.DONE, actor=staff, note=None
        )
        gone = [
            await set_status_with_note(
                session, subject, 999, IdeaStatus.DONE, actor=staff, note="x"
            )
            for subject in StatusSubject
        ]

    async with session_factory() as session:
        note, idea_changed_by = (
            await session.execute(
                select(IdeaStatusChange.note, IdeaStatusChange.changed_by_id).where(
                    IdeaStatusChange.status == IdeaStatus.PLANNED
                )
            )
        ).one()
        report_changed_by = await session.scalar(
            select(SafetyStatusChange.changed_by_id).where(
                SafetyStatusChange.status == IdeaStatus.DONE
            )
        )

    assert on_idea == StaffStatusChange(
        StatusSubject.IDEA, idea_id, f"#{idea_id}", IdeaStatus.PLANNED
    )
    assert on_report == StaffStatusChange(
        StatusSubject.REPORT, report_id, reference, IdeaStatus.DONE
    )
    assert gone == [None, None]
    assert note == "Spring"
    assert (idea_changed_by, report_changed_by) == (staff.id, staff.id)
    assert {resident_id for resident_id, _kind, _id in await owed(session_factory)} == {resident.id}
    assert await audit_trail(session_factory) == [
        (staff.id, "idea.status", f"idea:{idea_id}", {"status": "planned"}),
        (staff.id, "report.status", reference, {"status": "done"}),
    ]
