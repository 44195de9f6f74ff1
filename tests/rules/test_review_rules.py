"""The staff's review queue and what staff do to an idea: which ideas a filter shows, in
which order, page by page, with their counts; merging a duplicate; an idea's history."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.idea_submission import submit_idea
from bot.services.lifecycle import change_idea_status, change_report_status
from bot.services.moderation import flag_idea
from bot.services.review import (
    QUEUE_PAGE,
    MergeOutcome,
    QueueFilters,
    QueueKind,
    idea_history,
    merge_duplicate,
    restore_idea,
    review_queue,
)
from bot.services.safety import ReportDraft, submit_report
from bot.services.votes import toggle_vote
from db.models import (
    AuditEntry,
    FlagReason,
    Idea,
    IdeaFollower,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVote,
    Role,
    SafetyCategory,
    TimeOfDay,
    Visibility,
    WhenHappened,
)
from tests.rules.helpers import NOW, new_idea, new_resident
from tests.rules.test_idea_rules import draft


async def shown(session_factory, **filters) -> tuple[list[int], bool]:
    async with session_factory() as session:
        items, more = await review_queue(session, QueueFilters(**filters), now=NOW)
    return [item.id for item in items], more


async def test_the_queue_shows_open_ideas_hidden_first_then_newest(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author = await new_resident(session, 2)
        old = await new_idea(session, author.id, "The oldest idea in the queue")
        done = await new_idea(session, author.id, "An idea that is already done")
        flagged = await new_idea(session, author.id, "An idea residents flagged")
        newest = await new_idea(session, author.id, "The newest idea in the queue")
        await change_idea_status(
            session, await session.get(Idea, done), IdeaStatus.DONE, actor_id=staff.id
        )
        for telegram_id in (3, 4, 5):
            flagger = await new_resident(session, telegram_id)
            await flag_idea(session, flagged, flagger.id, FlagReason.SPAM, threshold=3)

    assert await shown(session_factory) == ([flagged, newest, old], False)
    assert await shown(session_factory, status=IdeaStatus.DONE.value) == ([done], False)


async def test_each_item_carries_its_own_counts(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        supported = await new_idea(session, author.id, "An idea two residents support")
        flagged = await new_idea(session, author.id, "An idea one resident flagged")
        for telegram_id in (2, 3):
            supporter = await new_resident(session, telegram_id)
            await toggle_vote(session, supported, supporter.id, support=True)
        flagger = await new_resident(session, 4)
        await flag_idea(session, flagged, flagger.id, FlagReason.OFFENSIVE, threshold=3)

    async with session_factory() as session:
        items, _more = await review_queue(session, QueueFilters(), now=NOW)

    counts = {item.id: (item.support_count, item.flags, item.hidden) for item in items}
    assert counts == {supported: (2, 0, False), flagged: (0, 1, False)}
    assert {item.id: (item.created_at, item.text) for item in items} == {
        supported: (NOW, "An idea two residents support"),
        flagged: (NOW, "An idea one resident flagged"),
    }
    assert {item.reference for item in items} == {f"#{supported}", f"#{flagged}"}


async def test_most_supported_orders_by_support_and_then_newest(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        popular = await new_idea(session, author.id, "The idea with two supporters")
        quiet = await new_idea(session, author.id, "An idea nobody supports yet")
        liked = await new_idea(session, author.id, "The idea with one supporter")
        also_quiet = await new_idea(session, author.id, "Another idea nobody supports")
        for telegram_id, idea in ((2, popular), (3, popular), (4, liked)):
            supporter = await new_resident(session, telegram_id)
            await toggle_vote(session, idea, supporter.id, support=True)

    assert await shown(session_factory, most_supported=True) == (
        [popular, liked, also_quiet, quiet],
        False,
    )
    # Without asking for it, support does not count: newest first.
    assert await shown(session_factory) == ([also_quiet, liked, quiet, popular], False)


async def test_category_and_age_filters_show_only_what_they_name(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        outdoor = await new_idea(
            session, author.id, "Benches by the playground", category="outdoor"
        )
        course = await new_idea(
            session, author.id, "A course for the residents", category="activities"
        )
        week_old = await new_idea(
            session, author.id, "Benches from a week ago", now=NOW - timedelta(days=7)
        )
        month_old = await new_idea(
            session, author.id, "Benches from last month", now=NOW - timedelta(days=30)
        )

    # Newest first, by number; a week old to the minute is still within the last seven days.
    assert await shown(session_factory, category="outdoor") == (
        [month_old, week_old, outdoor],
        False,
    )
    assert await shown(session_factory, max_age_days=7) == ([week_old, course, outdoor], False)


async def test_the_queue_pages_without_gaps_and_says_when_there_is_more(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        ids = [
            await new_idea(session, author.id, f"Idea number {n:02d} for the queue")
            for n in range(QUEUE_PAGE * 2 + 1)
        ]

    pages = [await shown(session_factory, page=page) for page in range(3)]

    assert [more for _ids, more in pages] == [True, True, False]
    assert [idea for page, _more in pages for idea in page] == sorted(ids, reverse=True)


async def test_a_queue_of_exactly_one_page_has_no_next_page(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        ids = [
            await new_idea(session, author.id, f"Idea number {n:02d} for the queue")
            for n in range(QUEUE_PAGE)
        ]

    assert await shown(session_factory) == (sorted(ids, reverse=True), False)


async def test_flags_dismissed_by_a_restore_count_no_more_in_the_queue_or_the_history(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author = await new_resident(session, 2)
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        for telegram_id, reason in ((3, FlagReason.SPAM), (4, FlagReason.OFFENSIVE)):
            flagger = await new_resident(session, telegram_id)
            await flag_idea(session, idea_id, flagger.id, reason, threshold=10)
        await restore_idea(session, idea_id, staff, "fine as it is")
        newcomer = await new_resident(session, 5)
        await flag_idea(session, idea_id, newcomer.id, FlagReason.SPAM, threshold=10)

    async with session_factory() as session:
        items, _more = await review_queue(session, QueueFilters(), now=NOW)
        history = await idea_history(session, idea_id)

    assert [(item.id, item.flags) for item in items] == [(idea_id, 1)]
    assert history.flags == {FlagReason.SPAM: 1}


async def new_report(
    session, reporter_id: int, category: SafetyCategory, *, now=NOW, place: str = "door 4"
):
    _outcome, report = await submit_report(
        session,
        reporter_id,
        ReportDraft(
            category=category,
            happened=WhenHappened.TODAY,
            time_of_day=TimeOfDay.NIGHT,
            visibility=Visibility.ANONYMOUS,
            language="sv",
            body=f"Something about {category.value} at {place}, {now.isoformat()}",
        ),
        daily_limit=100,
        now=now,
    )
    return report


async def safety_shown(session_factory, **filters):
    async with session_factory() as session:
        items, more = await review_queue(
            session, QueueFilters(kind=QueueKind.SAFETY, **filters), now=NOW
        )
    return [
        (item.kind, item.id, item.reference, item.status, item.category, item.created_at, item.text)
        for item in items
    ], more


async def test_safety_reports_have_their_own_queue_with_its_own_filters(session_factory) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        staff = await new_resident(session, 2, role=Role.STAFF)
        await new_idea(session, reporter.id, "An idea, not a report")
        lamp = await new_report(session, reporter.id, SafetyCategory.LIGHTING)
        door = await new_report(session, reporter.id, SafetyCategory.ENTRANCES)
        old = await new_report(
            session, reporter.id, SafetyCategory.LIGHTING, now=NOW - timedelta(days=8)
        )
        fixed = await new_report(session, reporter.id, SafetyCategory.LIGHTING, place="door 6")
        await change_report_status(session, fixed.id, IdeaStatus.DONE, actor_id=staff.id)
        week_old = await new_report(
            session, reporter.id, SafetyCategory.ENTRANCES, now=NOW - timedelta(days=7)
        )

    def row(report, category):
        return (
            QueueKind.SAFETY,
            report.id,
            report.reference,
            IdeaStatus.RECEIVED,
            category,
            report.created_at,
            report.body,
        )

    assert await safety_shown(session_factory) == (
        [
            row(week_old, SafetyCategory.ENTRANCES),
            row(old, SafetyCategory.LIGHTING),
            row(door, SafetyCategory.ENTRANCES),
            row(lamp, SafetyCategory.LIGHTING),
        ],
        False,
    )
    lighting, _ = await safety_shown(session_factory, category=SafetyCategory.LIGHTING.value)
    this_week, _ = await safety_shown(session_factory, max_age_days=7)
    done, _ = await safety_shown(session_factory, status=IdeaStatus.DONE.value)
    assert [item[1] for item in lighting] == [old.id, lamp.id]
    # A week old to the minute is still within the last seven days.
    assert [item[1] for item in this_week] == [week_old.id, door.id, lamp.id]
    assert [item[1] for item in done] == [fixed.id]


async def test_the_safety_queue_pages_without_gaps(session_factory) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        ids = [
            (
                await new_report(
                    session, reporter.id, SafetyCategory.LIGHTING, now=NOW + timedelta(seconds=n)
                )
            ).id
            for n in range(QUEUE_PAGE * 2 + 1)
        ]

    pages = [await safety_shown(session_factory, page=page) for page in range(3)]

    assert [more for _items, more in pages] == [True, True, False]
    assert [item[1] for items, _more in pages for item in items] == sorted(ids, reverse=True)


async def test_merging_moves_supporters_and_followers_once_and_leaves_other_ideas(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author = await new_resident(session, 2)
        both = await new_resident(session, 3)
        only_duplicate = await new_resident(session, 4)
        elsewhere = await new_resident(session, 5)
        # Follows the duplicate for its news without supporting it.
        watcher = await new_resident(session, 6)
        original = await new_idea(session, author.id, "Benches by the playground")
        duplicate = await new_idea(session, author.id, "More benches near the playground")
        other = await new_idea(session, author.id, "Lamps along the footpath")
        for resident, idea in (
            (both, original),
            (both, duplicate),
            (only_duplicate, duplicate),
            (elsewhere, other),
        ):
            await toggle_vote(session, idea, resident.id, support=True)
        session.add(IdeaFollower(idea_id=duplicate, resident_id=watcher.id))
        await session.flush()
        supported_at = await session.scalar(
            select(IdeaVote.created_at).where(
                IdeaVote.idea_id == duplicate, IdeaVote.resident_id == only_duplicate.id
            )
        )
        outcome = await merge_duplicate(session, duplicate, original, staff)

    async with session_factory() as session:
        votes = set(await session.execute(select(IdeaVote.idea_id, IdeaVote.resident_id)))
        followers = set(
            await session.execute(select(IdeaFollower.idea_id, IdeaFollower.resident_id))
        )
        merged = await session.get(Idea, duplicate)
        moved_at = await session.scalar(
            select(IdeaVote.created_at).where(
                IdeaVote.idea_id == original, IdeaVote.resident_id == only_duplicate.id
            )
        )
        change = (
            await session.execute(
                select(
                    IdeaStatusChange.status, IdeaStatusChange.changed_by_id, IdeaStatusChange.note
                )
                .where(IdeaStatusChange.idea_id == duplicate)
                .order_by(IdeaStatusChange.id.desc())
            )
        ).first()
        audit = list(
            await session.execute(
                select(
                    AuditEntry.actor_id, AuditEntry.action, AuditEntry.subject, AuditEntry.details
                )
            )
        )

    assert outcome is MergeOutcome.MERGED
    assert votes == {(original, both.id), (original, only_duplicate.id), (other, elsewhere.id)}
    # Who followed the duplicate follows the original; the duplicate keeps its author.
    assert followers == {
        (original, author.id),
        (original, both.id),
        (original, only_duplicate.id),
        (original, watcher.id),
        (duplicate, author.id),
        (duplicate, watcher.id),
        (other, author.id),
        (other, elsewhere.id),
    }
    # A moved support keeps its moment, for the export's support rows.
    assert moved_at == supported_at
    assert tuple(change) == (IdeaStatus.DUPLICATE, staff.id, f"#{original}")
    assert (merged.status, merged.duplicate_of_id) == (IdeaStatus.DUPLICATE, original)
    assert [tuple(row) for row in audit] == [
        (staff.id, "idea.duplicate", f"idea:{duplicate}", {"original": original})
    ]


async def test_merging_refuses_the_same_idea_and_a_missing_one(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        idea = await new_idea(session, staff.id, "Benches by the playground")
        outcomes = (
            await merge_duplicate(session, idea, idea, staff),
            await merge_duplicate(session, idea, idea + 100, staff),
            await merge_duplicate(session, idea + 100, idea, staff),
        )

    assert outcomes == (MergeOutcome.SAME_IDEA, MergeOutcome.NOT_FOUND, MergeOutcome.NOT_FOUND)


async def test_an_ideas_history_is_its_own_changes_in_order_and_its_flags_by_reason(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author = await new_resident(session, 2)
        _outcome, idea_id = await submit_idea(
            session, author.id, draft("Benches by the playground"), daily_limit=5, now=NOW
        )
        other = await new_idea(session, author.id, "Lamps along the footpath")
        idea = await session.get(Idea, idea_id)
        await change_idea_status(
            session,
            idea,
            IdeaStatus.UNDER_REVIEW,
            actor_id=staff.id,
            note="We look at it",
            now=NOW + timedelta(hours=1),
        )
        await change_idea_status(
            session, idea, IdeaStatus.PLANNED, actor_id=staff.id, now=NOW + timedelta(hours=1)
        )
        # Written last, by an instance whose clock is behind: shown at its moment.
        await change_idea_status(
            session,
            idea,
            IdeaStatus.PLANNED,
            actor_id=staff.id,
            note="Noted late",
            now=NOW + timedelta(minutes=30),
        )
        await change_idea_status(
            session, await session.get(Idea, other), IdeaStatus.DONE, actor_id=staff.id
        )
        for telegram_id, reason in (
            (3, FlagReason.SPAM),
            (4, FlagReason.SPAM),
            (5, FlagReason.OFFENSIVE),
        ):
            flagger = await new_resident(session, telegram_id)
            await flag_idea(session, idea_id, flagger.id, reason, threshold=10)
        await flag_idea(session, other, flagger.id, FlagReason.PERSONAL_DATA, threshold=10)

    async with session_factory() as session:
        history = await idea_history(session, idea_id)

    assert history.flags == {FlagReason.SPAM: 2, FlagReason.OFFENSIVE: 1}
    assert history.changes == [
        (NOW, IdeaStatus.RECEIVED, None),
        (NOW + timedelta(minutes=30), IdeaStatus.PLANNED, "Noted late"),
        (NOW + timedelta(hours=1), IdeaStatus.UNDER_REVIEW, "We look at it"),
        (NOW + timedelta(hours=1), IdeaStatus.PLANNED, None),
    ]
