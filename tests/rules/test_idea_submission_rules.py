"""Sharing an idea: the text's length limits at the boundary, a voice idea and its resend,
what is stored with a new idea, and withdrawing: the author only, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.attachments import idea_photos
from bot.services.idea_submission import (
    TEXT_MAX,
    TEXT_MIN,
    IdeaDraft,
    SubmitOutcome,
    ideas_today,
    submit_idea,
    withdraw_idea,
)
from bot.services.personal_data import forget_resident
from db.models import Idea, IdeaFollower, IdeaStatus, IdeaStatusChange, IdeaWord
from tests.rules.helpers import NOW, new_idea, new_resident


async def submit(session, author_id: int, **fields):
    return await submit_idea(
        session,
        author_id,
        IdeaDraft(**{"category": "outdoor", "language": "sv", "body": None, **fields}),
        daily_limit=100,
        now=NOW,
    )


async def test_a_text_is_taken_from_the_shortest_to_the_longest_allowed(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        outcomes = [
            (await submit(session, author.id, body=body))[0]
            for body in (
                "x" * (TEXT_MIN - 1),
                "y" * TEXT_MIN,
                "z" * TEXT_MAX,
                "w" * (TEXT_MAX + 1),
            )
        ]
        nothing = (await submit(session, author.id))[0]
        stored = len(list(await session.scalars(select(Idea.id))))

    assert outcomes == [
        SubmitOutcome.INVALID,
        SubmitOutcome.SAVED,
        SubmitOutcome.SAVED,
        SubmitOutcome.INVALID,
    ]
    assert nothing is SubmitOutcome.INVALID
    assert stored == 2


async def test_a_voice_idea_resent_is_the_same_idea_and_another_voice_a_new_one(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        first = await submit(session, author.id, voice_file_id="voice-1")
        again = await submit(session, author.id, voice_file_id="voice-1")
        other = await submit(session, author.id, voice_file_id="voice-2")
        theirs = await submit(session, neighbour.id, voice_file_id="voice-1")
        # Nothing to compare a voice message by: no words are indexed for it.
        indexed = list(await session.scalars(select(IdeaWord.word)))

    assert indexed == []
    assert first == again
    assert first[0] is other[0] is theirs[0] is SubmitOutcome.SAVED
    assert len({first[1], other[1], theirs[1]}) == 3


async def test_a_new_idea_is_followed_by_its_author_indexed_and_has_its_first_status(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        _outcome, idea_id = await submit(
            session,
            author.id,
            body="Fler bänkar vid lekplatsen",
            photo_file_ids=("photo-1", "photo-2"),
            place_id="binkan",
            latitude=57.7,
            longitude=12.0,
        )

    async with session_factory() as session:
        idea = await session.get(Idea, idea_id)
        followers = list(await session.scalars(select(IdeaFollower.resident_id)))
        changes = list(
            await session.execute(
                select(
                    IdeaStatusChange.status,
                    IdeaStatusChange.changed_by_id,
                    IdeaStatusChange.created_at,
                )
            )
        )
        words = set(await session.execute(select(IdeaWord.word, IdeaWord.stem)))

    assert (idea.author_id, idea.category, idea.body, idea.language) == (
        author.id,
        "outdoor",
        "Fler bänkar vid lekplatsen",
        "sv",
    )
    async with session_factory() as session:
        photos = await idea_photos(session, idea_id)
    assert (photos, idea.place_id, idea.latitude, idea.longitude) == (
        ("photo-1", "photo-2"),
        "binkan",
        57.7,
        12.0,
    )
    assert (idea.status, idea.created_at, idea.status_changed_at) == (IdeaStatus.RECEIVED, NOW, NOW)
    assert followers == [author.id]
    assert [tuple(change) for change in changes] == [(IdeaStatus.RECEIVED, author.id, NOW)]
    # Indexed as the idea's language stems them; short words ("vid") and words that only
    # say how much is wished for ("fler") say nothing about an idea and are not indexed.
    assert words == {("bänk", "bänk"), ("lekplat", "lekp")}


async def test_only_the_author_withdraws_an_idea_and_only_once(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        other_id = await new_idea(session, author.id, "Lamps along the path")
        by_neighbour = await withdraw_idea(session, neighbour.id, idea_id)
        missing = await withdraw_idea(session, author.id, other_id + 100)
        by_author = await withdraw_idea(session, author.id, idea_id)
        again = await withdraw_idea(session, author.id, idea_id)
        statuses = dict(list(await session.execute(select(Idea.id, Idea.status))))

    assert (by_neighbour, missing, by_author, again) == (False, False, True, False)
    assert statuses == {idea_id: IdeaStatus.WITHDRAWN, other_id: IdeaStatus.RECEIVED}


async def test_a_day_after_an_idea_to_the_second_the_limit_and_the_resend_check_forget_it(
    session_factory,
) -> None:
    day = timedelta(days=1)
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        first = await new_idea(session, author.id, "Benches by the playground", now=NOW)
        a_second_early = [
            await submit_idea(
                session, author.id, IdeaDraft(category="outdoor", body=body, language="sv"),
                daily_limit=1, now=NOW + day - timedelta(seconds=1),
            )
            for body in ("Benches by the playground", "Lamps along the footpath")
        ]  # fmt: skip
        on_the_second = await submit_idea(
            session, author.id,
            IdeaDraft(category="outdoor", body="Benches by the playground", language="sv"),
            daily_limit=1, now=NOW + day,
        )  # fmt: skip

    assert a_second_early == [(SubmitOutcome.SAVED, first), (SubmitOutcome.LIMIT_REACHED, None)]
    assert on_the_second[0] is SubmitOutcome.SAVED
    assert on_the_second[1] not in (None, first)


async def test_the_idea_limit_follows_the_telegram_account_not_the_resident(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        before = await new_resident(session, 1)
        neighbour = await new_resident(session, 2)
        outcomes = {
            name: (
                await submit_idea(
                    session, resident.id,
                    IdeaDraft(category="outdoor", body=f"{name}: benches", language="sv"),
                    daily_limit=1, now=NOW, sender_key=key,
                )
            )[0]
            for name, resident, key in (
                ("before", before, "the-account"), ("neighbour", neighbour, "next-door"),
            )
        }  # fmt: skip
        await forget_resident(session, before.id, keep_contributions=False)
        after = await new_resident(session, 1)
        outcomes["after"], _ = await submit_idea(
            session, after.id,
            IdeaDraft(category="outdoor", body="after: lamps by the path", language="sv"),
            daily_limit=1, now=NOW + timedelta(hours=1), sender_key="the-account",
        )  # fmt: skip
        today = {
            key: await ideas_today(session, after.id, NOW + timedelta(hours=1), key)
            for key in ("the-account", None)
        }

    assert outcomes == {
        "before": SubmitOutcome.SAVED,
        "neighbour": SubmitOutcome.SAVED,
        "after": SubmitOutcome.LIMIT_REACHED,
    }
    assert today == {"the-account": 1, None: 0}
