"""Supporting ideas: exact counts under load, toggling, following, closed and hidden ideas."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.services.ideas import IdeaOrder, list_ideas
from bot.services.lifecycle import change_idea_status
from bot.views.callbacks import IdeaVoteCallback
from db.models import Idea, IdeaFollower, IdeaStatus
from tests.ideas.helpers import count_votes, seed_idea

RESIDENTS = 200


async def test_two_hundred_residents_voting_at_once_count_exactly(person, session_factory) -> None:
    idea_id = await seed_idea(session_factory, 700, "Fler bänkar vid lekplatsen")
    voters = [person(10_000 + n, "sv") for n in range(RESIDENTS)]
    vote = IdeaVoteCallback(idea_id=idea_id).pack()

    await asyncio.gather(*(voter.press_data(vote) for voter in voters))
    assert await count_votes(session_factory, idea_id) == RESIDENTS

    # A second tap from each takes every vote back.
    await asyncio.gather(*(voter.press_data(vote) for voter in voters))
    assert await count_votes(session_factory, idea_id) == 0

    # Each taps twice, all at once: every vote is given and taken back.
    async def tap_twice(voter) -> None:
        await voter.press_data(vote)
        await voter.press_data(vote)

    await asyncio.gather(*(tap_twice(voter) for voter in voters))
    assert await count_votes(session_factory, idea_id) == 0


async def test_a_vote_updates_the_button_in_place_and_follows(person, session_factory) -> None:
    idea_id = await seed_idea(session_factory, 701, "Bättre belysning vid Fjällkåpan")
    voter = person(702, "en")
    listing = await voter.send("/ideas")
    voted = await voter.press(f"#{idea_id} · 0", listing)

    # Only the tapped button changes; the text of the list stays as it is.
    edits = [request for request in voted.requests if type(request).__name__.startswith("Edit")]
    assert [type(edit).__name__ for edit in edits] == ["EditMessageReplyMarkup"]
    labels = [button.text for row in edits[0].reply_markup.inline_keyboard for button in row]
    assert f"✅ #{idea_id} · 1" in labels
    async with session_factory() as session:
        followers = set(await session.scalars(select(IdeaFollower.resident_id)))
    assert len(followers) == 2  # the author and the voter

    await voter.press(f"#{idea_id} · 1", voted)
    assert await count_votes(session_factory, idea_id) == 0
    async with session_factory() as session:
        assert len(set(await session.scalars(select(IdeaFollower.resident_id)))) == 1


async def test_a_closed_idea_cannot_be_supported(person, session_factory) -> None:
    idea_id = await seed_idea(session_factory, 703, "Grillplats i parken")
    async with session_factory() as session, session.begin():
        idea = await session.get(Idea, idea_id)
        assert idea is not None
        await change_idea_status(session, idea, IdeaStatus.DONE, actor_id=None)
    reply = await person(704, "en").press_data(IdeaVoteCallback(idea_id=idea_id).pack())
    assert reply.alerts == ["This idea can no longer be supported."]
    assert await count_votes(session_factory, idea_id) == 0


async def test_a_hidden_idea_is_gone_from_the_list_and_from_voting(person, session_factory) -> None:
    idea_id = await seed_idea(session_factory, 705, "Odlingslotter för barnen")
    async with session_factory() as session, session.begin():
        idea = await session.get(Idea, idea_id)
        assert idea is not None
        idea.hidden = True
    resident = person(706, "en")
    assert "Odlingslotter" not in (await resident.send("/ideas")).text
    reply = await resident.press_data(IdeaVoteCallback(idea_id=idea_id).pack())
    assert reply.alerts == ["This idea is no longer available."]


async def test_most_supported_first_orders_by_support(person, session_factory) -> None:
    quiet = await seed_idea(session_factory, 707, "Ett lugnt förslag om blomlådor")
    popular = await seed_idea(session_factory, 708, "Ett populärt förslag om belysning")
    for voter in (709, 710):
        await person(voter, "sv").press_data(IdeaVoteCallback(idea_id=popular).pack())
    async with session_factory() as session:
        page = await list_ideas(session, 0, order=IdeaOrder.MOST_SUPPORTED, category=None, page=0)
    assert [idea.id for idea in page.ideas] == [popular, quiet]
    assert [idea.support_count for idea in page.ideas] == [2, 0]


async def test_a_double_tap_on_the_same_button_supports_once(person, session_factory) -> None:
    idea_id = await seed_idea(session_factory, 705, "Fler cykelställ vid Fjällsippan")
    voter = person(706, "so")
    listing = await voter.send("/ideas")

    first = await voter.press(f"#{idea_id} · 0", listing)
    # The same 👍 again, on the message as it was before the first tap was answered.
    second = await voter.press(f"#{idea_id} · 0", listing)
    assert await count_votes(session_factory, idea_id) == 1
    assert second.alerts == first.alerts

    # The ✅ button the first tap drew takes the support back.
    await voter.press(f"✅ #{idea_id} · 1", first)
    assert await count_votes(session_factory, idea_id) == 0


async def test_an_author_sees_their_idea_counted_but_cannot_support_it(
    person, session_factory
) -> None:
    idea_id = await seed_idea(session_factory, 707, "Laddstolpar vid garaget")
    author, neighbour = person(707, "en"), person(708, "en")
    await neighbour.press_data(IdeaVoteCallback(idea_id=idea_id, support=True).pack())

    listing = await author.send("/ideas")
    labels = [button.text for button in listing.buttons()]
    assert f"✍️ #{idea_id} · 👍 1" in labels
    assert not any(label.startswith(("👍", "✅")) for label in labels)

    # A button from before, or a forged one, adds nothing. (The author writes in Swedish.)
    reply = await author.press_data(IdeaVoteCallback(idea_id=idea_id, support=True).pack())
    assert reply.alerts == [
        "Det här är din egen idé, så du kan inte stödja den. Jag berättar för dig vad som händer."
    ]
    assert await count_votes(session_factory, idea_id) == 1
    card = await author.press(f"✍️ #{idea_id} · 👍 1", listing)
    assert "👍 1 person stöder idén" in card.text
    assert not any(button.text.startswith("👍") for button in card.buttons())
