"""/mydata: the exact document for a resident who has done everything, with a neighbour
who has done the same beside them. The key names are a contract with the resident."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.idea_submission import IdeaDraft, submit_idea
from bot.services.lifecycle import change_idea_status, change_report_status
from bot.services.moderation import flag_idea
from bot.services.personal_data import collect_personal_data
from bot.services.safety import ReportDraft, record_answer, record_question, submit_report
from bot.services.votes import toggle_vote
from db.models import (
    FlagReason,
    Idea,
    IdeaFlag,
    IdeaStatus,
    IdeaVote,
    Notification,
    PollAnswer,
    Resident,
    Role,
    SafetyCategory,
    SafetyMessage,
    TimeOfDay,
    Visibility,
    WhenHappened,
)
from tests.rules.helpers import NOW, new_idea, new_resident
from tests.rules.test_poll_rules import make_poll, tap


def iso(value) -> str:
    return value.isoformat()


async def everything_done_by(session, resident: Resident, neighbours_idea: int, poll) -> dict:
    """One of each thing a resident can do; returns the ids the document refers to."""
    _outcome, idea_id = await submit_idea(
        session,
        resident.id,
        IdeaDraft(
            category="outdoor",
            body=f"Benches by the playground, says {resident.telegram_id}",
            language="so",
            place_id="playground",
            latitude=57.7,
            longitude=12.0,
            photo_file_ids=(f"photo-{resident.telegram_id}-a", f"photo-{resident.telegram_id}-b"),
        ),
        daily_limit=5,
        now=NOW,
    )
    await toggle_vote(session, neighbours_idea, resident.id, support=True)
    await flag_idea(session, neighbours_idea, resident.id, FlagReason.SPAM, threshold=10)
    poll_id, options = poll
    await tap(session, poll_id, options[0], resident.id)
    await tap(session, poll_id, options[2], resident.id)
    _outcome, report = await submit_report(
        session,
        resident.id,
        ReportDraft(
            category=SafetyCategory.LIGHTING,
            happened=WhenHappened.TODAY,
            time_of_day=TimeOfDay.EVENING,
            visibility=Visibility.PRIVATE,
            language="so",
            body=f"The lamp is out, says {resident.telegram_id}",
            place_text="Door 4",
            photo_file_ids=(f"photo-{resident.telegram_id}-door",),
        ),
        daily_limit=5,
        now=NOW,
    )
    await record_question(session, report.id, resident.id, "Which door?")
    await record_answer(session, report.id, resident.id, "Door 4, by the bikes")
    return {"idea": idea_id, "report": report}


async def test_mydata_holds_everything_about_the_resident_and_nothing_about_anyone_else(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        me = await new_resident(session, 5001, language="so")
        neighbour = await new_resident(session, 5002, language="ar")
        staff = await new_resident(session, 5003, role=Role.STAFF)
        my_first = await new_idea(session, staff.id, "An idea I support and flag, by staff")
        their_first = await new_idea(session, staff.id, "An idea my neighbour supports and flags")
        poll = await make_poll(session, multiple=True)
        mine = await everything_done_by(session, me, my_first, poll)
        await everything_done_by(session, neighbour, their_first, poll)

    async with session_factory() as session:
        document = await collect_personal_data(session, await session.get(Resident, me.id))
        resident = await session.get(Resident, me.id)
        vote_at = await session.scalar(
            select(IdeaVote.created_at).where(IdeaVote.resident_id == me.id)
        )
        flag_at = await session.scalar(
            select(IdeaFlag.created_at).where(IdeaFlag.resident_id == me.id)
        )
        answered_at = await session.scalar(
            select(PollAnswer.answered_at).where(PollAnswer.resident_id == me.id)
        )
        messages = list(
            await session.scalars(
                select(SafetyMessage)
                .where(SafetyMessage.report_id == mine["report"].id)
                .order_by(SafetyMessage.id)
            )
        )

    report = mine["report"]
    assert document == {
        "resident": {
            "telegram_id": 5001,
            "language": "so",
            "role": "resident",
            "receives_announcements": True,
            "receives_polls": True,
            "banned_at": None,
            "created_at": iso(resident.created_at),
            "last_seen_at": iso(resident.last_seen_at),
        },
        "ideas": [
            {
                "reference": f"#{mine['idea']}",
                "category": "outdoor",
                "text": "Benches by the playground, says 5001",
                "language": "so",
                "voice_message": False,
                "photos": ["photo-5001-a", "photo-5001-b"],
                "place": "playground",
                "latitude": 57.7,
                "longitude": 12.0,
                "status": "received",
                "created_at": iso(NOW),
            }
        ],
        "supported_ideas": [{"idea": f"#{my_first}", "at": iso(vote_at)}],
        "followed_ideas": [f"#{my_first}", f"#{mine['idea']}"],
        "poll_answers": [{"poll": f"#{poll[0]}", "options": [1, 3], "at": iso(answered_at)}],
        "reported_as_inappropriate": [
            {"idea": f"#{my_first}", "reason": "spam", "at": iso(flag_at)}
        ],
        "safety_reports": [
            {
                "reference": report.reference,
                "category": "lighting",
                "text": "The lamp is out, says 5001",
                "language": "so",
                "visibility": "private",
                "place": "Door 4",
                "latitude": None,
                "longitude": None,
                "photos": ["photo-5001-door"],
                "status": "received",
                "created_at": iso(NOW),
            }
        ],
        "messages_with_staff": [
            {
                "report": report.reference,
                "direction": "to_resident",
                "text": "Which door?",
                "at": iso(messages[0].created_at),
            },
            {
                "report": report.reference,
                "direction": "from_resident",
                "text": "Door 4, by the bikes",
                "at": iso(messages[1].created_at),
            },
        ],
        "pending_messages": [],
    }


async def _report(session, resident: Resident, body: str):
    _outcome, report = await submit_report(
        session,
        resident.id,
        ReportDraft(
            category=SafetyCategory.OTHER,
            happened=WhenHappened.TODAY,
            time_of_day=TimeOfDay.EVENING,
            visibility=Visibility.PRIVATE,
            language="ar",
            body=body,
            place_text="Door 2",
        ),
        daily_limit=5,
        now=NOW,
    )
    return report


async def test_mydata_lists_news_still_owed_and_keeps_every_list_in_order(
    session_factory,
) -> None:
    # Each list is built in the order opposite to the one /mydata must show it in.
    async with session_factory() as session, session.begin():
        me = await new_resident(session, 5101, language="ar")
        neighbour = await new_resident(session, 5102, language="fi")
        staff = await new_resident(session, 5103, role=Role.STAFF)
        first = await new_idea(session, staff.id, "A first idea, supported second")
        second = await new_idea(session, staff.id, "A second idea, supported first")
        for resident in (me, neighbour):
            for idea_id in (second, first):
                await toggle_vote(session, idea_id, resident.id, support=True)
                await flag_idea(session, idea_id, resident.id, FlagReason.OFFENSIVE, threshold=10)
        older_poll = await make_poll(session, multiple=True)
        newer_poll = await make_poll(session, multiple=True)
        for poll_id, options in (newer_poll, older_poll):
            await tap(session, poll_id, options[2], me.id)
            await tap(session, poll_id, options[0], me.id)
        await new_idea(session, me.id, "An idea of mine without photos")
        older_report = await _report(session, me, "The first report")
        newer_report = await _report(session, me, "The second report")
        neighbours_report = await _report(session, neighbour, "The neighbour's report")
        # News owed to me (and to my neighbour, who follows the same ideas): an idea's
        # new status, then a report's, then the other idea's, the last given up.
        await change_idea_status(
            session, await session.get(Idea, second), IdeaStatus.PLANNED, actor_id=staff.id
        )
        await change_report_status(
            session, newer_report.id, IdeaStatus.IN_PROGRESS, actor_id=staff.id
        )
        await change_report_status(
            session, neighbours_report.id, IdeaStatus.DONE, actor_id=staff.id
        )
        await change_idea_status(
            session, await session.get(Idea, first), IdeaStatus.NOT_GOING_AHEAD, actor_id=staff.id
        )
        given_up = await session.scalar(
            select(Notification)
            .where(Notification.resident_id == me.id)
            .order_by(Notification.id.desc())
        )
        given_up.failed = True
        me.banned_at = NOW

    async with session_factory() as session:
        document = await collect_personal_data(session, await session.get(Resident, me.id))
        pending_at = [
            iso(at)
            for at in await session.scalars(
                select(Notification.created_at)
                .where(Notification.resident_id == me.id)
                .order_by(Notification.id)
            )
        ]

    assert document["resident"]["banned_at"] == iso(NOW)
    assert [row["idea"] for row in document["supported_ideas"]] == [f"#{first}", f"#{second}"]
    assert [row["idea"] for row in document["reported_as_inappropriate"]] == [
        f"#{first}",
        f"#{second}",
    ]
    assert [(row["poll"], row["options"]) for row in document["poll_answers"]] == [
        (f"#{older_poll[0]}", [1, 3]),
        (f"#{newer_poll[0]}", [1, 3]),
    ]
    assert [row["reference"] for row in document["safety_reports"]] == [
        older_report.reference,
        newer_report.reference,
    ]
    # Nothing attached: an empty list, as the key names promise, not null.
    assert [row["photos"] for row in document["ideas"]] == [[]]
    assert [row["photos"] for row in document["safety_reports"]] == [[], []]
    assert document["pending_messages"] == [
        {"about": f"#{second}", "status": "planned", "delivery": "waiting", "at": pending_at[0]},
        {
            "about": newer_report.reference,
            "status": "in_progress",
            "delivery": "waiting",
            "at": pending_at[1],
        },
        {
            "about": f"#{first}",
            "status": "not_going_ahead",
            "delivery": "given up",
            "at": pending_at[2],
        },
    ]
