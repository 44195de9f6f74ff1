"""What the exports hold, row by row: only what the filters name (whole local days), each
value from its own row, a resident as a stable pseudonym and nobody behind an anonymous
report, poll results per option and language with their shares; each export audited."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.area import load_area_profile
from bot.services.export_polls import (
    PollAnswerRow,
    PollResultRow,
    poll_answer_rows,
    poll_result_rows,
)
from bot.services.export_rows import idea_rows, safety_rows, vote_rows
from bot.services.exports import (
    ExportFilters,
    ExportKind,
    ExportSettings,
    Pseudonyms,
    pseudonym,
    record_export,
)
from bot.services.idea_submission import IdeaDraft, submit_idea
from bot.services.lifecycle import change_idea_status
from bot.services.poll_answers import PollShapes, answer_poll
from bot.services.polls import OTHER_LANGUAGES
from bot.services.safety import submit_report
from bot.services.votes import toggle_vote
from bot.settings import Settings
from db.models import (
    AuditEntry,
    Idea,
    IdeaStatus,
    IdeaVote,
    Role,
    SafetyCategory,
    Visibility,
)
from tests.rules.helpers import new_idea, new_resident
from tests.rules.test_poll_rules import make_poll
from tests.rules.test_safety_rules import draft as report_draft

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SETTINGS = ExportSettings(secret=b"a secret for the tests", zone=STOCKHOLM)
AREA = load_area_profile(Settings.model_fields["area_profile"].default)
# 4 May 2026 in Stockholm (UTC+2): the day runs from 22:00 UTC on the 3rd.
MAY_4 = date(2026, 5, 4)
DAY_START = datetime(2026, 5, 3, 22, 0, tzinfo=UTC)


async def collected(rows) -> list:
    return [row async for batch in rows for row in batch]


EVERYTHING = ExportFilters()


async def exported(session_factory, make_rows, filters=EVERYTHING, settings=SETTINGS) -> list:
    async with session_factory() as session:
        return await collected(make_rows(session, filters, settings, AREA))


def test_a_pseudonym_is_stable_per_resident_secret_and_kind_and_empty_for_nobody() -> None:
    names = Pseudonyms(b"one", ExportKind.IDEAS)
    # The ideas export keeps the space every export used before: its codes did not change.
    assert names[1] == pseudonym(b"one", 1, ExportKind.IDEAS) == pseudonym(b"one", 1) == names[1]
    assert names[1].startswith("R-")
    assert len(names[1]) == 12
    assert len({names[1], names[2], pseudonym(b"two", 1)}) == 3
    assert names[None] == ""
    # One resident has a different code in each export, so no two lists can be joined.
    per_kind = {kind: Pseudonyms(b"one", kind)[1] for kind in ExportKind}
    assert per_kind == {kind: pseudonym(b"one", 1, kind) for kind in ExportKind}
    assert len(set(per_kind.values())) == len(ExportKind)
    assert Pseudonyms(b"one", ExportKind.SAFETY)[None] == ""


async def test_ideas_are_exported_within_whole_local_days(session_factory) -> None:
    moments = {
        "before": DAY_START - timedelta(seconds=1),
        "first": DAY_START,
        "last": DAY_START + timedelta(days=1, seconds=-1),
        "after": DAY_START + timedelta(days=1),
    }
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        ids = {
            name: await new_idea(session, author.id, f"Idea made {name}", now=moment)
            for name, moment in moments.items()
        }

    one_day = await exported(session_factory, idea_rows, ExportFilters(since=MAY_4, until=MAY_4))
    since = await exported(session_factory, idea_rows, ExportFilters(since=MAY_4))
    until = await exported(session_factory, idea_rows, ExportFilters(until=MAY_4))

    assert [row[0] for row in one_day] == [ids["first"], ids["last"]]
    assert [row[0] for row in since] == [ids["first"], ids["last"], ids["after"]]
    assert [row[0] for row in until] == [ids["before"], ids["first"], ids["last"]]


async def test_each_idea_row_holds_that_ideas_own_values(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author, neighbour = await new_resident(session, 2), await new_resident(session, 3)
        _outcome, placed = await submit_idea(
            session,
            author.id,
            IdeaDraft(
                category="outdoor",
                body="Benches on Fjällbinkan",
                language="sv",
                place_id="binkan",
                photo_file_ids=("photo-1",),
            ),
            daily_limit=10,
        )
        _outcome, pinned = await submit_idea(
            session,
            neighbour.id,
            IdeaDraft(
                category="traffic",
                body=None,
                voice_file_id="voice-1",
                language="so",
                latitude=57.7,
                longitude=12.0,
            ),
            daily_limit=10,
        )
        for resident in (staff, neighbour):
            await toggle_vote(session, placed, resident.id, support=True)
        idea = await session.get(Idea, placed)
        for status, note in (
            (IdeaStatus.UNDER_REVIEW, "Looking at it"),
            (IdeaStatus.PLANNED, "In the spring"),
            (IdeaStatus.IN_PROGRESS, None),
        ):
            await change_idea_status(session, idea, status, actor_id=staff.id, note=note)

    rows = await exported(session_factory, idea_rows)
    names = Pseudonyms(SETTINGS.secret, ExportKind.IDEAS)

    # Without the moments (the database's own text): checked by the sheet's tests.
    assert [row[:1] + row[2:10] + row[11:] for row in rows] == [
        (placed, "outdoor", "Fjällbinkan", None, None, "Benches on Fjällbinkan", "sv", 2,
         "in_progress", "In the spring", 1, names[author.id]),
        (pinned, "traffic", None, 57.7, 12.0, None, "so", 0,
         "received", None, 0, names[neighbour.id]),
    ]  # fmt: skip
    assert rows[0][10] is not None


async def test_ideas_filtered_by_status_or_category_are_those_only(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        outdoor = await new_idea(
            session, author.id, "Benches by the playground", category="outdoor"
        )
        traffic = await new_idea(session, author.id, "Speed bumps on the road", category="traffic")
        planned = await new_idea(session, author.id, "Lamps along the path", category="traffic")
        await change_idea_status(
            session, await session.get(Idea, planned), IdeaStatus.PLANNED, actor_id=None
        )

    by_status = await exported(session_factory, idea_rows, ExportFilters(status=IdeaStatus.PLANNED))
    by_category = await exported(session_factory, idea_rows, ExportFilters(category="traffic"))
    by_both = await exported(
        session_factory,
        idea_rows,
        ExportFilters(status=IdeaStatus.RECEIVED, category="traffic"),
    )

    assert [row[0] for row in by_status] == [planned]
    assert [row[0] for row in by_category] == [traffic, planned]
    assert [row[0] for row in by_both] == [traffic]
    assert outdoor not in [row[0] for row in by_category]


async def reports(session, resident_id: int):
    """A private report at a named place, an anonymous one with a place written out."""
    private = report_draft("The lamp on Fjällbinkan is out", Visibility.PRIVATE)
    _o, first = await submit_report(
        session,
        resident_id,
        private.__class__(**{**_fields(private), "place_id": "binkan", "place_text": "x"}),
        daily_limit=10,
    )
    anonymous = report_draft("Broken glass by the school", Visibility.ANONYMOUS)
    _o, second = await submit_report(
        session,
        resident_id,
        anonymous.__class__(
            **{
                **_fields(anonymous),
                "place_text": "by the school",
                "category": SafetyCategory.OTHER,
            }
        ),
        daily_limit=10,
    )
    return first, second


def _fields(value) -> dict:
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


async def test_safety_rows_hold_each_reports_values_and_a_pseudonym_only_if_private(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        first, second = await reports(session, reporter.id)
        references = (first.reference, second.reference)

    rows = await exported(session_factory, safety_rows)
    by_category = await exported(
        session_factory, safety_rows, ExportFilters(category=SafetyCategory.OTHER)
    )
    by_status = await exported(session_factory, safety_rows, ExportFilters(status=IdeaStatus.DONE))

    assert [
        (row.reference, row.category, row.place, row.body, row.anonymous, row.resident)
        for row in rows
    ] == [
        (references[0], SafetyCategory.LIGHTING, "Fjällbinkan",
         "The lamp on Fjällbinkan is out", False,
         pseudonym(SETTINGS.secret, reporter.id, ExportKind.SAFETY)),
        (references[1], SafetyCategory.OTHER, "by the school",
         "Broken glass by the school", True, None),
    ]  # fmt: skip
    assert [row.reference for row in by_category] == [references[1]]
    assert by_status == []


async def test_support_rows_are_each_vote_in_the_period_by_idea_then_time(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        early, late, outside = [await new_resident(session, n) for n in (2, 3, 4)]
        first = await new_idea(session, author.id, "Benches by the playground")
        second = await new_idea(session, author.id, "Lamps along the path")
        votes = [
            (second, late, DAY_START + timedelta(hours=5)),
            (second, early, DAY_START + timedelta(hours=1)),
            (first, late, DAY_START),
            (first, outside, DAY_START - timedelta(seconds=1)),
        ]
        for idea_id, resident, _at in votes:
            await toggle_vote(session, idea_id, resident.id, support=True)
        for idea_id, resident, at in votes:
            await session.execute(
                update(IdeaVote)
                .where(IdeaVote.idea_id == idea_id, IdeaVote.resident_id == resident.id)
                .values(created_at=at)
            )

    rows = await exported(session_factory, vote_rows, ExportFilters(since=MAY_4))
    names = Pseudonyms(SETTINGS.secret, ExportKind.VOTES)

    assert [(row.idea_id, row.resident) for row in rows] == [
        (first, names[late.id]),
        (second, names[early.id]),
        (second, names[late.id]),
    ]


async def answer(session, poll_id: int, option_ids: list[int], resident_id: int, language: str):
    shape = await PollShapes().get(session, poll_id)
    for option_id in option_ids:
        await answer_poll(
            session,
            shape,
            option_id,
            resident_id=resident_id,
            language=language,
            now=DAY_START + timedelta(hours=resident_id),
        )


async def test_poll_results_per_option_for_everyone_then_each_language_large_enough(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        residents = [await new_resident(session, n) for n in (1, 2, 3)]
        poll_id, (yes, no, maybe) = await make_poll(session, multiple=True)
        other_poll, (elsewhere, *_rest) = await make_poll(session)
        await answer(session, poll_id, [yes, no], residents[0].id, "sv")
        await answer(session, poll_id, [yes], residents[1].id, "sv")
        await answer(session, poll_id, [no], residents[2].id, "so")
        await answer(session, other_poll, [elsewhere], residents[0].id, "sv")

    only = ExportFilters(poll_id=poll_id)

    def sized(minimum: int) -> ExportSettings:
        return ExportSettings(secret=SETTINGS.secret, zone=STOCKHOLM, min_group_size=minimum)

    # Every language its own group (2 Swedish, 1 Somali respondents).
    each = await exported(session_factory, poll_result_rows, only, sized(1))
    # Groups of 2: Swedish stays; Somali alone is "other languages", too small to show.
    pairs = await exported(session_factory, poll_result_rows, only, sized(2))
    # Groups of 3: both merge, and the three together are shown.
    merged = await exported(session_factory, poll_result_rows, only, sized(3))
    # The default (5): no group is large enough, only everyone's counts.
    default = await exported(session_factory, poll_result_rows, only)

    question = "Vad vill du ha på gården?"
    everyone = [(1, "Alternativ 1", None, 2, 66.7)]
    assert each == [
        PollResultRow(poll_id, question, *values)
        for values in [
            *everyone,
            (1, "Alternativ 1", "so", 0, 0.0),
            (1, "Alternativ 1", "sv", 2, 100.0),
            (2, "Alternativ 2", None, 2, 66.7),
            (2, "Alternativ 2", "so", 1, 100.0),
            (2, "Alternativ 2", "sv", 1, 50.0),
            (3, "Alternativ 3", None, 0, 0.0),
            (3, "Alternativ 3", "so", 0, 0.0),
            (3, "Alternativ 3", "sv", 0, 0.0),
        ]
    ]
    assert pairs == [
        PollResultRow(poll_id, question, *values)
        for values in [
            *everyone,
            (1, "Alternativ 1", "sv", 2, 100.0),
            (2, "Alternativ 2", None, 2, 66.7),
            (2, "Alternativ 2", "sv", 1, 50.0),
            (3, "Alternativ 3", None, 0, 0.0),
            (3, "Alternativ 3", "sv", 0, 0.0),
        ]
    ]
    assert merged == [
        PollResultRow(poll_id, question, *values)
        for values in [
            *everyone,
            (1, "Alternativ 1", OTHER_LANGUAGES, 2, 66.7),
            (2, "Alternativ 2", None, 2, 66.7),
            (2, "Alternativ 2", OTHER_LANGUAGES, 2, 66.7),
            (3, "Alternativ 3", None, 0, 0.0),
            (3, "Alternativ 3", OTHER_LANGUAGES, 0, 0.0),
        ]
    ]
    assert default == [row for row in each if row.language is None]
    assert len(default) == 3
    del maybe


async def test_a_poll_nobody_answered_has_its_options_at_zero(session_factory) -> None:
    async with session_factory() as session, session.begin():
        poll_id, _options = await make_poll(session, options=2)

    rows = await exported(session_factory, poll_result_rows)

    assert [(row.option_position, row.language, row.answers, row.share) for row in rows] == [
        (1, None, 0, 0),
        (2, None, 0, 0),
    ]
    assert {row.poll_id for row in rows} == {poll_id}


async def test_poll_answer_rows_are_one_per_chosen_option_with_a_pseudonym(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        first_resident, second_resident = [await new_resident(session, n) for n in (1, 2)]
        poll_id, (yes, no, _maybe) = await make_poll(session, multiple=True)
        other_poll, (elsewhere, *_rest) = await make_poll(session)
        await answer(session, poll_id, [no, yes], first_resident.id, "sv")
        await answer(session, poll_id, [no], second_resident.id, "ar")
        await answer(session, other_poll, [elsewhere], first_resident.id, "sv")

    rows = await exported(session_factory, poll_answer_rows, ExportFilters(poll_id=poll_id))
    names = Pseudonyms(SETTINGS.secret, ExportKind.POLL_ANSWERS)

    assert [row[:5] for row in rows] == [
        (poll_id, names[first_resident.id], "sv", 1, "Alternativ 1"),
        (poll_id, names[first_resident.id], "sv", 2, "Alternativ 2"),
        (poll_id, names[second_resident.id], "ar", 2, "Alternativ 2"),
    ]
    assert all(isinstance(row, PollAnswerRow) for row in rows)


async def test_an_export_is_audited_with_who_how_what_and_its_filters(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        await record_export(session, staff.id, ExportKind.IDEAS, ExportFilters(), rows=12)
        await record_export(
            session,
            None,
            ExportKind.POLLS,
            ExportFilters(since=MAY_4, status=IdeaStatus.DONE, poll_id=7),
            rows=3,
        )

    async with session_factory() as session:
        entries = list(
            await session.execute(
                select(
                    AuditEntry.actor_id, AuditEntry.action, AuditEntry.subject, AuditEntry.details
                ).order_by(AuditEntry.id)
            )
        )

    assert [tuple(entry) for entry in entries] == [
        (staff.id, "export", "ideas", {"rows": 12, "via": "chat"}),
        (
            None,
            "export",
            "polls",
            {
                "rows": 3,
                "via": "command line",
                "since": "2026-05-04",
                "status": "done",
                "poll_id": "7",
            },
        ),
    ]
