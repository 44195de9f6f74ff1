"""What the exports hold, row by row: only what the filters name (whole local days), each
value from its own row, a resident as a stable pseudonym and nobody behind an anonymous
report, poll results per option and language with their shares; each export audited."""

from __future__ import annotations

from dataclasses import replace
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
from bot.services.export_rows import UNTRANSLATABLE, idea_rows, safety_rows, vote_rows
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
from bot.services.polls import OTHER_LANGUAGES, NewPoll, create_poll
from bot.services.safety import submit_report
from bot.services.translations import TranslationTask, store_translation
from bot.services.votes import toggle_vote
from bot.settings import Settings
from bot.views.csv_export import local_minutes
from db.models import (
    AuditEntry,
    Idea,
    IdeaStatus,
    IdeaVote,
    Poll,
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


async def translate(session, column: str, subject_id: int, text: str, into: dict) -> None:
    for language, translated in into.items():
        task = TranslationTask(column, subject_id, text, "sv", language)
        assert await store_translation(session, task, translated)


async def test_safety_rows_are_the_periods_and_the_statuss_with_the_translation_asked_for(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        reporter = await new_resident(session, 1)
        first, second = await reports(session, reporter.id)
        _o, third = await submit_report(
            session, reporter.id, report_draft("Graffiti on the wall"), daily_limit=10
        )
        for report, at in (
            (first, DAY_START - timedelta(seconds=1)),
            (second, DAY_START),
            (third, DAY_START + timedelta(days=1)),
        ):
            report.created_at = at
        third.latitude, third.longitude = 57.71, 11.97
        second.status = IdeaStatus.DONE
        await translate(
            session, "report_id", second.id, second.body, {"ar": "زجاج مكسور", "en": "Glass"}
        )
        await translate(session, "report_id", first.id, first.body, {"en": None})
        references = [report.reference for report in (first, second, third)]

    one_day = await exported(session_factory, safety_rows, ExportFilters(since=MAY_4, until=MAY_4))
    done = await exported(session_factory, safety_rows, ExportFilters(status=IdeaStatus.DONE))
    english = await exported(
        session_factory, safety_rows, settings=replace(SETTINGS, translated_into="en")
    )

    assert [row.reference for row in one_day] == [references[1]]
    assert [row.reference for row in done] == [references[1]]
    assert [(row.reference, row.translation) for row in english] == [
        (references[0], UNTRANSLATABLE),
        (references[1], "Glass"),
        (references[2], None),
    ]
    assert english[0].translation is UNTRANSLATABLE
    assert [(row.created, row.latitude, row.longitude) for row in english] == [
        (DAY_START - timedelta(seconds=1), None, None),
        (DAY_START, None, None),
        (DAY_START + timedelta(days=1), 57.71, 11.97),
    ]


async def test_translated_idea_rows_keep_each_ideas_own_place_counts_and_note(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        supporters = [await new_resident(session, n) for n in (2, 3, 4)]
        ideas = []
        for body, place, photos in (
            ("Fler bänkar vid Fjällbinkan", "binkan", ("p-1", "p-2")),
            ("Lampor längs stigen", None, ("p-3",)),
        ):
            draft = IdeaDraft(
                category="outdoor",
                body=body,
                language="sv",
                place_id=place,
                photo_file_ids=photos,
            )
            ideas.append((await submit_idea(session, author.id, draft, daily_limit=10))[1])
        placed, plain = ideas
        for idea_id, voters in ((placed, supporters[:1]), (plain, supporters)):
            for resident in voters:
                await toggle_vote(session, idea_id, resident.id, support=True)
        # The newest note of all is the plain idea's: each idea keeps its own latest.
        for idea_id, status, note in (
            (placed, IdeaStatus.UNDER_REVIEW, "Looking at it"),
            (plain, IdeaStatus.UNDER_REVIEW, "Asking the caretaker"),
            (placed, IdeaStatus.PLANNED, "In the spring"),
            (plain, IdeaStatus.PLANNED, "Next week"),
        ):
            idea = await session.get(Idea, idea_id)
            await change_idea_status(session, idea, status, actor_id=None, note=note)
        await translate(
            session,
            "idea_id",
            placed,
            "Fler bänkar vid Fjällbinkan",
            {"ar": "مقاعد", "en": "Benches"},
        )

    rows = await exported(
        session_factory, idea_rows, settings=replace(SETTINGS, translated_into="en")
    )

    # id, place, supporters, note, photos, translation
    assert [(row[0], row[3], row[8], row[11], row[12], row[14]) for row in rows] == [
        (placed, "Fjällbinkan", 1, "In the spring", 2, "Benches"),
        (plain, None, 3, "Next week", 1, None),
    ]


async def test_support_rows_are_each_vote_in_the_period_by_idea_then_time(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        # The earlier supporter has the greater id: ties by idea are ordered by time.
        late, early, outside = [await new_resident(session, n) for n in (2, 3, 4)]
        first = await new_idea(session, author.id, "Benches by the playground")
        second = await new_idea(session, author.id, "Lamps along the path")
        votes = [
            (second, late, DAY_START + timedelta(hours=5)),
            (second, early, DAY_START + timedelta(hours=1)),
            # The first idea's vote is the latest of all: ordered by idea before time.
            (first, late, DAY_START + timedelta(hours=6)),
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

    minute = local_minutes(STOCKHOLM)
    assert [(row.idea_id, row.resident, minute(row.supported_at)) for row in rows] == [
        (first, names[late.id], "2026-05-04 06:00"),
        (second, names[early.id], "2026-05-04 01:00"),
        (second, names[late.id], "2026-05-04 05:00"),
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


async def test_poll_exports_keep_to_the_days_asked_for_in_the_areas_language_by_poll_then_time(
    session_factory,
) -> None:
    written = NewPoll(
        question={"sv": "Vad vill du ha?", "en": "What would you like?"},
        options=[{"sv": "Bänkar", "en": "Benches"}, {"sv": "Lampor", "en": "Lamps"}],
        multiple_choice=False,
        shows_results=True,
        closes_at=None,
        audience_language=None,
    )
    async with session_factory() as session, session.begin():
        first_resident, second_resident = [await new_resident(session, n) for n in (1, 2)]
        ids = [(await create_poll(session, written, created_by_id=None))[0].id for _ in range(3)]
        for poll_id, created in zip(
            ids,
            (
                DAY_START,
                DAY_START + timedelta(days=1, seconds=-1),
                DAY_START - timedelta(seconds=1),
            ),
            strict=True,
        ):
            await session.execute(update(Poll).where(Poll.id == poll_id).values(created_at=created))
        first, second, before = ids
        # The second poll is answered before the first; in it, the resident with the
        # later answer has the smaller answer id.
        for poll_id, resident, hours in (
            (second, second_resident, 1),
            (second, first_resident, 0),
            (first, first_resident, 5),
            (before, first_resident, 0),
        ):
            shape = await PollShapes().get(session, poll_id)
            await answer_poll(
                session,
                shape,
                shape.options[0][0],
                resident_id=resident.id,
                language="sv",
                now=DAY_START + timedelta(hours=hours),
            )

    one_day = ExportFilters(since=MAY_4, until=MAY_4)
    english = replace(SETTINGS, default_locale="en")
    answers = await exported(session_factory, poll_answer_rows, one_day, english)
    results = await exported(session_factory, poll_result_rows, one_day, english)
    names = Pseudonyms(SETTINGS.secret, ExportKind.POLL_ANSWERS)

    minute = local_minutes(STOCKHOLM)
    assert [
        (row.poll_id, row.resident, row.option, minute(row.answered_at)) for row in answers
    ] == [
        (first, names[first_resident.id], "Benches", "2026-05-04 05:00"),
        (second, names[first_resident.id], "Benches", "2026-05-04 00:00"),
        (second, names[second_resident.id], "Benches", "2026-05-04 01:00"),
    ]
    assert [(row.poll_id, row.question, row.option, row.answers) for row in results] == [
        (first, "What would you like?", "Benches", 1),
        (first, "What would you like?", "Lamps", 0),
        (second, "What would you like?", "Benches", 2),
        (second, "What would you like?", "Lamps", 0),
    ]


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
