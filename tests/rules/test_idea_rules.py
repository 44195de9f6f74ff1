"""The rules of ideas that residents count on: limits, duplicates, lists, support."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.idea_submission import IdeaDraft, SubmitOutcome, submit_idea
from bot.services.ideas import PAGE_SIZE, IdeaOrder, list_ideas
from bot.services.votes import toggle_vote
from db.models import Idea, IdeaFollower, IdeaVote
from tests.rules.helpers import NOW, new_idea, new_resident


def draft(body: str, category: str = "outdoor") -> IdeaDraft:
    return IdeaDraft(category=category, body=body, language="sv")


async def test_the_daily_limit_allows_exactly_the_limit_and_counts_only_the_authors_ideas(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        neighbour = await new_resident(session, 2)
        for n in range(3):
            await new_idea(session, neighbour.id, f"Neighbour's idea number {n} for the yard")
        outcomes = [
            (
                await submit_idea(
                    session,
                    author.id,
                    draft(f"Idea number {n} for the yard"),
                    daily_limit=2,
                    now=NOW,
                )
            )[0]
            for n in range(3)
        ]
        stored = await session.scalars(select(Idea.body).where(Idea.author_id == author.id))

    assert outcomes == [SubmitOutcome.SAVED, SubmitOutcome.SAVED, SubmitOutcome.LIMIT_REACHED]
    assert sorted(stored) == ["Idea number 0 for the yard", "Idea number 1 for the yard"]


async def test_the_daily_limit_forgets_ideas_older_than_a_day(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        await new_idea(session, author.id, "Yesterday's idea about benches", now=NOW)
        just_inside, _ = await submit_idea(
            session,
            author.id,
            draft("An idea 23 hours later"),
            daily_limit=1,
            now=NOW + timedelta(hours=23),
        )
        a_day_later, _ = await submit_idea(
            session,
            author.id,
            draft("An idea a day and a minute later"),
            daily_limit=1,
            now=NOW + timedelta(days=1, minutes=1),
        )

    assert just_inside is SubmitOutcome.LIMIT_REACHED
    assert a_day_later is SubmitOutcome.SAVED


async def test_the_same_words_again_are_the_same_idea_but_other_words_are_a_new_one(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        first = await new_idea(session, author.id, "More benches by the playground")
        again = await new_idea(session, author.id, "More benches by the playground")
        other = await new_idea(session, author.id, "More lamps by the playground")
        elsewhere = await new_idea(
            session, author.id, "More benches by the playground", category="traffic"
        )
        ideas = await session.scalar(select(Idea.id).order_by(Idea.id.desc()).limit(1))

    assert again == first
    assert len({first, other, elsewhere}) == 3
    assert ideas == elsewhere


async def test_a_list_longer_than_a_page_is_paged_without_gaps_or_repeats(session_factory) -> None:
    total = PAGE_SIZE * 2 + 1
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        ids = [
            await new_idea(session, author.id, f"Idea number {n:02d} for the area")
            for n in range(total)
        ]

    async with session_factory() as session:
        pages = [
            await list_ideas(session, author.id, order=IdeaOrder.NEWEST, category=None, page=n)
            for n in range(3)
        ]

    shown = [idea.id for page in pages for idea in page.ideas]
    assert shown == sorted(ids, reverse=True)
    assert [len(page.ideas) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 1]
    assert {page.page_count for page in pages} == {3}


async def test_a_page_past_the_end_shows_the_last_page(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        ids = [
            await new_idea(session, author.id, f"Idea number {n:02d} for the area")
            for n in range(PAGE_SIZE + 2)
        ]

    async with session_factory() as session:
        page = await list_ideas(session, author.id, order=IdeaOrder.NEWEST, category=None, page=7)

    assert page.page == 1
    assert [idea.id for idea in page.ideas] == sorted(ids)[:2][::-1]


async def test_an_old_button_for_the_second_page_shows_the_only_page_left(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        ids = [
            await new_idea(session, author.id, f"Idea number {n:02d} for the area")
            for n in range(PAGE_SIZE)
        ]

    async with session_factory() as session:
        page = await list_ideas(session, author.id, order=IdeaOrder.NEWEST, category=None, page=1)

    assert (page.page, page.page_count) == (0, 1)
    assert [idea.id for idea in page.ideas] == ids[::-1]


async def test_a_category_page_past_the_end_counts_that_category_only(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        for n in range(PAGE_SIZE * 2 + 1):
            await new_idea(session, author.id, f"Traffic idea {n:02d}", category="traffic")
        outdoor = [
            await new_idea(session, author.id, f"Outdoor idea {n:02d}", category="outdoor")
            for n in range(PAGE_SIZE + 1)
        ]

    async with session_factory() as session:
        page = await list_ideas(
            session, author.id, order=IdeaOrder.NEWEST, category="outdoor", page=4
        )

    assert (page.page, page.page_count) == (1, 2)
    assert [idea.id for idea in page.ideas] == outdoor[:1]


async def test_a_category_list_shows_that_category_only(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        outdoor = await new_idea(
            session, author.id, "Benches by the playground", category="outdoor"
        )
        await new_idea(session, author.id, "Slower cars on the main road", category="traffic")

    async with session_factory() as session:
        page = await list_ideas(
            session, author.id, order=IdeaOrder.NEWEST, category="outdoor", page=0
        )

    assert [idea.id for idea in page.ideas] == [outdoor]


async def test_most_supported_comes_first_whatever_its_age(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        popular = await new_idea(session, author.id, "The popular idea, written first")
        liked = await new_idea(session, author.id, "The idea with one supporter")
        newest = await new_idea(session, author.id, "The newest idea, no support yet")
        for telegram_id in (2, 3):
            supporter = await new_resident(session, telegram_id)
            await toggle_vote(session, popular, supporter.id, support=True)
        supporter = await new_resident(session, 4)
        await toggle_vote(session, liked, supporter.id, support=True)

    async with session_factory() as session:
        page = await list_ideas(
            session, author.id, order=IdeaOrder.MOST_SUPPORTED, category=None, page=0
        )

    assert [(idea.id, idea.support_count) for idea in page.ideas] == [
        (popular, 2),
        (liked, 1),
        (newest, 0),
    ]


async def test_withdrawing_support_touches_only_that_vote_and_that_follow(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        me = await new_resident(session, 2)
        neighbour = await new_resident(session, 3)
        first = await new_idea(session, author.id, "Benches by the playground")
        second = await new_idea(session, author.id, "Lamps along the footpath")
        for idea in (first, second):
            for resident in (me, neighbour):
                await toggle_vote(session, idea, resident.id, support=True)

    async with session_factory() as session, session.begin():
        changed = await toggle_vote(session, first, me.id, support=False)

    async with session_factory() as session:
        votes = set(await session.execute(select(IdeaVote.idea_id, IdeaVote.resident_id)))
        follows = set(await session.execute(select(IdeaFollower.idea_id, IdeaFollower.resident_id)))

    assert changed is True
    assert votes == {(first, neighbour.id), (second, me.id), (second, neighbour.id)}
    assert follows == {
        (first, author.id),
        (first, neighbour.id),
        (second, author.id),
        (second, me.id),
        (second, neighbour.id),
    }
