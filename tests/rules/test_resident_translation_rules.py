"""What is translated for residents: a staff note owed to a reader of another language,
once per language, and nothing for news already delivered."""

from __future__ import annotations

from sqlalchemy import update

from bot.services.lifecycle import change_idea_status
from bot.services.resident_translations import due_for_residents
from bot.services.translations import TranslationTask, store_translation
from db.models import Idea, IdeaFollower, IdeaStatus, Notification
from tests.rules.helpers import NOW, new_idea, new_resident


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
