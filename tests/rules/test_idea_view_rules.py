"""What a resident sees of ideas: one idea with their own support and authorship, their
own and followed ideas, lists without hidden or withdrawn ideas, and the candidates for
"has this already been suggested?"."""

from __future__ import annotations

from bot.services.idea_submission import IdeaDraft, submit_idea
from bot.services.ideas import (
    SIMILARITY_CANDIDATES,
    IdeaOrder,
    list_ideas,
    load_idea,
    load_idea_with_photos,
    my_ideas,
    similar_candidates,
)
from bot.services.lifecycle import change_idea_status
from bot.services.personal_data import forget_resident
from bot.services.review import hide_idea
from bot.services.votes import toggle_vote
from db.models import Idea, IdeaStatus, Role
from tests.rules.helpers import NOW, new_idea, new_resident


async def test_one_idea_as_each_resident_sees_it(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author, supporter, other = [await new_resident(session, n) for n in (1, 2, 3)]
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        other_idea = await new_idea(session, other.id, "Lamps along the path")
        await toggle_vote(session, idea_id, supporter.id, support=True)
        await toggle_vote(session, other_idea, author.id, support=True)

    async with session_factory() as session:
        as_author, as_supporter = [
            await load_idea(session, idea_id, resident.id) for resident in (author, supporter)
        ]
        missing = await load_idea(session, other_idea + 100, author.id)

    assert (as_author.id, as_author.body, as_author.category, as_author.language) == (
        idea_id,
        "Benches by the playground",
        "outdoor",
        "sv",
    )
    assert (as_author.is_mine, as_author.supported_by_me, as_author.support_count) == (
        True,
        False,
        1,
    )
    assert (as_supporter.is_mine, as_supporter.supported_by_me) == (False, True)
    assert as_author.created_at == NOW
    assert (as_author.open_for_support, as_author.visible_to_residents) == (True, True)
    assert missing is None


async def test_closed_hidden_and_withdrawn_ideas_are_shown_as_such(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author = await new_resident(session, 2)
        ids = {
            name: await new_idea(session, author.id, f"An idea that is {name} now")
            for name in ("done", "hidden", "withdrawn", "planned")
        }
        for name, status in (
            ("done", IdeaStatus.DONE),
            ("withdrawn", IdeaStatus.WITHDRAWN),
            ("planned", IdeaStatus.PLANNED),
        ):
            idea = await session.get(Idea, ids[name])
            await change_idea_status(session, idea, status, actor_id=staff.id)
        await hide_idea(session, ids["hidden"], staff, "spam")

    async with session_factory() as session:
        views = {name: await load_idea(session, ids[name], author.id) for name in ids}
        listed = await list_ideas(
            session, author.id, order=IdeaOrder.NEWEST, category=None, page=-3
        )

    shown = {
        name: (view.open_for_support, view.visible_to_residents) for name, view in views.items()
    }
    assert shown == {
        "done": (False, True),
        "hidden": (False, False),
        "withdrawn": (False, False),
        "planned": (True, True),
    }
    assert [view.id for view in listed.ideas] == [ids["planned"], ids["done"]]
    assert (listed.page, listed.page_count) == (0, 1)


async def test_an_empty_list_is_one_empty_page(session_factory) -> None:
    async with session_factory() as session, session.begin():
        resident = await new_resident(session, 1)
        page = await list_ideas(
            session, resident.id, order=IdeaOrder.MOST_SUPPORTED, category="traffic", page=2
        )

    assert (page.ideas, page.page, page.page_count) == ([], 0, 1)


async def test_my_ideas_are_my_own_and_the_visible_ones_i_follow_newest_first(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        me, neighbour, stranger = [await new_resident(session, n) for n in (2, 3, 4)]
        mine_first = await new_idea(session, me.id, "Benches by the playground")
        mine_hidden = await new_idea(session, me.id, "Lamps along the path")
        followed_old = await new_idea(session, neighbour.id, "A bicycle shed by the school")
        followed_hidden = await new_idea(session, neighbour.id, "Speed bumps on the road")
        followed_new = await new_idea(session, neighbour.id, "Flowers at the square")
        not_followed = await new_idea(session, stranger.id, "A barbecue place in the park")
        for idea_id in (followed_old, followed_hidden, followed_new):
            await toggle_vote(session, idea_id, me.id, support=True)
        await toggle_vote(session, not_followed, neighbour.id, support=True)
        for idea_id in (mine_hidden, followed_hidden):
            await hide_idea(session, idea_id, staff, "checking")

    async with session_factory() as session:
        own, followed = await my_ideas(session, me.id)

    assert [view.id for view in own] == [mine_hidden, mine_first]
    assert [view.id for view in followed] == [followed_new, followed_old]
    assert all(view.supported_by_me and not view.is_mine for view in followed)


async def test_a_followed_idea_whose_author_left_is_still_not_mine(session_factory) -> None:
    async with session_factory() as session, session.begin():
        me, leaving = await new_resident(session, 1), await new_resident(session, 2)
        idea_id = await new_idea(session, leaving.id, "A bicycle shed by the school")
        await toggle_vote(session, idea_id, me.id, support=True)
        await forget_resident(session, leaving.id, keep_contributions=True)

    async with session_factory() as session:
        own, followed = await my_ideas(session, me.id)

    assert own == []
    assert [(view.id, view.is_mine, view.supported_by_me) for view in followed] == [
        (idea_id, False, True)
    ]


async def test_an_idea_card_has_its_photos_in_order_and_a_missing_idea_none(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        plain = await new_idea(session, author.id, "Lamps along the footpath")
        _, pictured = await submit_idea(
            session,
            author.id,
            IdeaDraft(
                category="outdoor",
                body="Benches by the playground",
                language="sv",
                photo_file_ids=("first-photo", "second-photo"),
            ),
            daily_limit=100,
            now=NOW,
        )

    async with session_factory() as session:
        with_photos = await load_idea_with_photos(session, pictured, author.id)
        without = await load_idea_with_photos(session, plain, author.id)
        missing = await load_idea_with_photos(session, pictured + 100, author.id)

    assert (with_photos.photo_count, with_photos.photo_file_ids) == (
        2,
        ("first-photo", "second-photo"),
    )
    assert (without.id, without.photo_count, without.photo_file_ids) == (plain, 0, ())
    assert missing is None


async def test_candidates_are_other_residents_open_written_ideas_sharing_a_word(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        me, neighbour = await new_resident(session, 2), await new_resident(session, 3)
        shares = await new_idea(session, neighbour.id, "Fler bänkar vid lekplatsen")
        typo = await new_idea(session, neighbour.id, "Bänkr nära lekplatsn tack")
        await new_idea(session, me.id, "Bänkar vid lekplatsen behövs")
        unrelated = await new_idea(session, neighbour.id, "Cykelställ vid skolan")
        closed = await new_idea(session, neighbour.id, "Bänkar vid lekplatsen igen")
        await change_idea_status(
            session, await session.get(Idea, closed), IdeaStatus.DONE, actor_id=staff.id
        )
        hidden = await new_idea(session, neighbour.id, "Lekplatsen behöver bänkar")
        await hide_idea(session, hidden, staff, "checking")
        await submit_idea(
            session,
            neighbour.id,
            IdeaDraft(category="outdoor", body=None, voice_file_id="v", language="sv"),
            daily_limit=100,
        )

    async with session_factory() as session:
        pool = await similar_candidates(session, me.id, "Bänkar vid lekplatsen", "sv")

    assert {candidate.idea_id for candidate in pool.candidates} == {shares, typo}
    # Each with the language it was written in, for its terms to be read in that language.
    assert {(candidate.text, candidate.language) for candidate in pool.candidates} == {
        ("Fler bänkar vid lekplatsen", "sv"),
        ("Bänkr nära lekplatsn tack", "sv"),
    }
    # Counted over the open written ideas of others: shares, typo and unrelated; by the
    # new text's terms (Swedish stems), which only "shares" has exactly.
    assert pool.documents == 3
    assert pool.document_frequency == {"bänk": 1, "lekplat": 1}
    assert unrelated not in {candidate.idea_id for candidate in pool.candidates}


async def test_an_idea_whose_author_left_is_still_a_candidate(session_factory) -> None:
    async with session_factory() as session, session.begin():
        me, leaving = await new_resident(session, 1), await new_resident(session, 2)
        left_behind = await new_idea(session, leaving.id, "Fler bänkar vid lekplatsen")
        await new_idea(session, me.id, "Bänkar vid lekplatsen behövs")
        await forget_resident(session, leaving.id, keep_contributions=True)

    async with session_factory() as session:
        pool = await similar_candidates(session, me.id, "Bänkar vid lekplatsen", "sv")

    assert [candidate.idea_id for candidate in pool.candidates] == [left_behind]
    assert (pool.documents, pool.document_frequency) == (1, {"bänk": 1, "lekplat": 1})


async def test_a_long_text_is_compared_by_its_rarest_words(session_factory) -> None:
    async with session_factory() as session, session.begin():
        me, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        common = [
            await new_idea(session, neighbour.id, f"Apple banana cherry damson elder figtree {n}")
            for n in ("trees", "bushes")
        ]
        rare = await new_idea(session, neighbour.id, "Zucchini beds by the school")

    async with session_factory() as session:
        pool = await similar_candidates(
            session, me.id, "Apple banana cherry damson elder figtree grapevine zucchini", "en"
        )

    # The six rarest of its eight words: grapevine (in no idea), zucchini (in one) and
    # four of those in two, in their alphabetical order, so zucchini's idea is compared.
    assert {candidate.idea_id for candidate in pool.candidates} == {*common, rare}


async def test_at_most_forty_candidates_most_shared_words_first_then_newest(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        me, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        best = await new_idea(session, neighbour.id, "Gamla bänkar vid lekplatsen")
        sharing_one = [
            await new_idea(session, neighbour.id, f"Bänkar på gården nummer {n}")
            for n in range(SIMILARITY_CANDIDATES)
        ]

    async with session_factory() as session:
        pool = await similar_candidates(session, me.id, "Bänkar vid lekplatsen", "sv")

    assert {candidate.idea_id for candidate in pool.candidates} == {best, *sharing_one[1:]}
