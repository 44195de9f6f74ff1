"""What is translated for residents: a staff note owed to a reader of another language,
once per language, and nothing for news already delivered."""

from __future__ import annotations

from sqlalchemy import update

from bot.services.lifecycle import change_idea_status
from bot.services.resident_translations import due_for_residents
from bot.services.safety import (
    SAFETY_STATUS_NOTIFICATION,
    record_answer,
    record_question,
    submit_report,
)
from bot.services.translations import TranslationTask, store_translation
from db.models import (
    Idea,
    IdeaFollower,
    IdeaStatus,
    IdeaStatusChange,
    Notification,
    Role,
    SafetyMessage,
    SafetyStatusChange,
    Visibility,
)
from tests.rules.helpers import NOW, new_idea, new_resident
from tests.rules.test_safety_rules import draft as report_draft


async def test_notes_due_are_those_owed_to_readers_of_another_language_not_yet_translated(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        readers = {
            language: await new_resident(session, n, language=language)
            for n, language in ((2, "ar"), (3, "ti"), (4, "sv"), (5, "fa"))
        }
        idea_id = await new_idea(session, author.id, "Fler bänkar vid lekplatsen")
        session.add_all(
            IdeaFollower(idea_id=idea_id, resident_id=reader.id) for reader in readers.values()
        )
        idea = await session.get(Idea, idea_id)
        await change_idea_status(session, idea, IdeaStatus.UNDER_REVIEW, actor_id=None)
        first, second = [
            await change_idea_status(session, idea, status, actor_id=None, note=note)
            for status, note in (
                (IdeaStatus.PLANNED, "Vi bygger i vår"),
                (IdeaStatus.IN_PROGRESS, "Nu bygger vi"),
            )
        ]
        # Spaces are no words to translate.
        await change_idea_status(session, idea, IdeaStatus.DONE, actor_id=None, note="   ")
        # The Persian reader has had the news already.
        await session.execute(
            update(Notification)
            .where(Notification.resident_id == readers["fa"].id)
            .values(sent_at=NOW)
        )
        task = TranslationTask("idea_change_id", first.id, first.note, "sv", "ar")
        assert await store_translation(session, task, "نبني في الربيع")

        every = await due_for_residents(session, "sv", limit=10)
        one = await due_for_residents(session, "sv", limit=1)

    assert sorted((task.subject_id, task.target_language) for task in every) == [
        (first.id, "ti"),
        (second.id, "ar"),
        (second.id, "ti"),
    ]
    assert {(task.column, task.source_language) for task in every} == {("idea_change_id", "sv")}
    assert [(task.subject_id, task.text) for task in every if task.subject_id == second.id] == [
        (second.id, "Nu bygger vi")
    ] * 2
    # The note-less change takes no place in the limit.
    assert [(task.subject_id, task.target_language) for task in one] == [(first.id, "ti")]


async def test_questions_due_are_those_not_yet_delivered_to_a_reporter_of_another_language(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        arabic, swedish = (
            await new_resident(session, 2, language="ar"),
            await new_resident(session, 3),
        )
        report, in_swedish = [
            (await submit_report(session, reporter.id, draft, daily_limit=10))[1].id
            for reporter, draft in (
                (arabic, report_draft("Lampan är trasig", Visibility.PRIVATE)),
                (swedish, report_draft("Glas på gården", Visibility.PRIVATE)),
            )
        ]
        asked = []
        for report_id, text in (
            (report, "När såg du det?"),
            (report, "Var exakt?"),
            (in_swedish, "Var?"),
            (report, "Vilken lampa?"),
            (report, "Tack!"),
            (report, "  "),
        ):
            asked.append((await record_question(session, report_id, staff.id, text)).id)
        translated, delivered, _to_swedish, waiting, later, _blank = asked
        answer = await record_answer(session, report, arabic.id, "في المساء")
        await session.execute(
            update(SafetyMessage).where(SafetyMessage.id == delivered).values(delivered_at=NOW)
        )
        task = TranslationTask("message_id", translated, "När såg du det?", "sv", "ar")
        assert await store_translation(session, task, "متى رأيته؟")

        every = await due_for_residents(session, "sv", limit=10)
        one = await due_for_residents(session, "sv", limit=1)

    assert answer is not None
    assert [(task.column, task.subject_id, task.target_language) for task in every] == [
        ("message_id", waiting, "ar"),
        ("message_id", later, "ar"),
    ]
    assert [task.subject_id for task in one] == [waiting]


async def test_news_of_a_report_does_not_make_an_idea_change_with_the_same_number_due(
    session_factory,
) -> None:
    """Ideas' and reports' status changes are numbered apart: the news owed names its kind."""
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        reader = await new_resident(session, 2, language="so")
        idea_id = await new_idea(session, author.id, "Fler bänkar vid lekplatsen")
        _outcome, report = await submit_report(
            session, author.id, report_draft("Lampan är trasig", Visibility.PRIVATE), daily_limit=10
        )
        session.add_all(
            [
                IdeaStatusChange(
                    id=500, idea_id=idea_id, status=IdeaStatus.PLANNED, note="Vi bygger i vår"
                ),
                SafetyStatusChange(id=500, report_id=report.id, status=IdeaStatus.IN_PROGRESS),
                Notification(
                    resident_id=reader.id, kind=SAFETY_STATUS_NOTIFICATION, subject_id=500
                ),
            ]
        )
        await session.flush()

        due = await due_for_residents(session, "sv", limit=10)

    assert due == []
