"""What staff get translated: the oldest texts not in the staff language that have words
and no translation into it yet, at most so many of each kind at a time; one translation
per text and language."""

from __future__ import annotations

from dataclasses import replace

from bot.services.idea_submission import IdeaDraft, submit_idea
from bot.services.safety import record_answer, record_question, submit_report
from bot.services.translations import (
    MachineTranslation,
    TranslationTask,
    due_for_staff,
    store_translation,
    translation_of,
)
from db.models import Role, Visibility
from tests.rules.helpers import new_idea, new_resident
from tests.rules.test_safety_rules import draft as report_draft


async def translated(session, column: str, subject_id: int, into: str) -> None:
    task = TranslationTask(column, subject_id, "ignored", "ar", into)
    assert await store_translation(session, task, f"translated into {into}")


def due_of(tasks, column: str) -> list[int]:
    return [task.subject_id for task in tasks if task.column == column]


async def test_ideas_due_are_the_oldest_with_words_untranslated_into_the_staff_language(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        authors = [await new_resident(session, n, language="ar") for n in range(1, 6)]
        ideas = []
        for author, body in zip(
            authors,
            (None, "مقاعد أكثر في الحديقة", "مصابيح على طول الممر", "ملعب جديد للأطفال"),
            strict=False,
        ):
            draft = IdeaDraft(
                category="outdoor",
                body=body,
                language="ar",
                voice_file_id=None if body else "voice-1",
            )
            ideas.append((await submit_idea(session, author.id, draft, daily_limit=10))[1])
        voice, done, english_only, waiting = ideas
        await new_idea(session, authors[4].id, "Fler bänkar vid lekplatsen")
        await translated(session, "idea_id", done, "sv")
        await translated(session, "idea_id", english_only, "en")

        every = await due_for_staff(session, "sv", limit=10)
        first = await due_for_staff(session, "sv", limit=1)
        two = await due_for_staff(session, "sv", limit=2)

    assert voice is not None
    # A voice idea, one translated already and one in Swedish take no place in the limit.
    assert due_of(every, "idea_id") == [english_only, waiting]
    assert due_of(first, "idea_id") == [english_only]
    assert due_of(two, "idea_id") == [english_only, waiting]
    assert {(task.source_language, task.target_language, task.detect) for task in every} == {
        ("ar", "sv", False)
    }


async def test_reports_and_answers_due_are_the_oldest_untranslated_in_another_language(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        reporter = await new_resident(session, 2, language="ar")
        arabic = replace(report_draft("x", Visibility.PRIVATE), language="ar")
        reports = [
            (await submit_report(session, reporter.id, draft, daily_limit=10))[1]
            for draft in (
                replace(arabic, body=None, voice_file_id="voice-1"),
                replace(arabic, body="المصباح مكسور"),
                replace(arabic, body="زجاج مكسور قرب المدرسة"),
                replace(arabic, body="رائحة غاز في القبو"),
            )
        ]
        _voice, done, waiting, later = (report.id for report in reports)
        in_swedish_draft = report_draft("Lampan är trasig", Visibility.PRIVATE)
        swedish = (await submit_report(session, reporter.id, in_swedish_draft, daily_limit=10))[1]
        await translated(session, "report_id", done, "sv")
        answers = []
        for report_id, text in (
            (done, "نعم"),
            (done, "في المساء"),
            (swedish.id, "Ja"),
            (done, "قرب الباب"),
            (done, "   "),
        ):
            assert await record_question(session, report_id, staff.id, "När?") is not None
            answers.append((await record_answer(session, report_id, reporter.id, text)).id)
        answered, waiting_answer, in_swedish, later_answer, blank = answers
        await translated(session, "message_id", answered, "sv")

        every = await due_for_staff(session, "sv", limit=10)
        first = await due_for_staff(session, "sv", limit=1)

    assert due_of(every, "report_id") == [waiting, later]
    assert due_of(first, "report_id") == [waiting]
    assert due_of(every, "message_id") == [waiting_answer, later_answer]
    assert due_of(first, "message_id") == [waiting_answer]
    assert in_swedish not in due_of(every, "message_id")
    assert blank not in due_of(every, "message_id")
    # An answer's language is a guess from its report: the translator tells it first.
    assert [
        (task.source_language, task.detect) for task in every if task.column == "message_id"
    ] == [("ar", True), ("ar", True)]


async def test_a_second_translation_of_a_text_into_one_language_is_refused(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        idea_id = await new_idea(session, author.id, "Fler bänkar vid lekplatsen")
        task = TranslationTask("idea_id", idea_id, "Fler bänkar vid lekplatsen", "sv", "en")
        first = await store_translation(session, task, "More benches")
        again = await store_translation(session, task, "Benches again")
        other_language = await store_translation(session, replace(task, target_language="ar"), "")

    assert (first, again, other_language) == (True, False, True)


async def test_a_reader_is_shown_the_newest_translation_of_that_very_wording(
    session_factory,
) -> None:
    body = "Fler bänkar vid lekplatsen"
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        idea_id, other = [await new_idea(session, author.id, f"{body} {n}") for n in (1, 2)]
        for subject, into in ((idea_id, "ar"), (idea_id, "en"), (other, "fa"), (other, "sv")):
            task = TranslationTask(
                "idea_id", subject, f"{body} {1 if subject == idea_id else 2}", "sv", into
            )
            assert await store_translation(session, task, f"in {into}")

        newest = await translation_of(session, "idea_id", idea_id, f"{body} 1")
        arabic = await translation_of(session, "idea_id", idea_id, f"{body} 1", "ar")
        reworded = await translation_of(session, "idea_id", idea_id, f"{body} 3")
        # The newest row of the other idea only says it is in the reader's language.
        own_language = await translation_of(session, "idea_id", other, f"{body} 2")

    assert newest == MachineTranslation(newest.id, "sv", "en", "in en")
    assert arabic == MachineTranslation(arabic.id, "sv", "ar", "in ar")
    assert arabic.id < newest.id
    assert (reworded, own_language) == (None, None)
