"""Who a broadcast goes to, chosen once when it is stored, and how far it has come: only
residents who want that kind, have not blocked the bot and, for one language, read it."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.services.broadcasts import (
    Audience,
    BroadcastProgress,
    count_recipients,
    create_broadcast,
    progress_of,
)
from db.models import Broadcast, Delivery, DeliveryState
from tests.rules.helpers import new_resident


async def residents(session) -> dict[str, int]:
    """One of each: the choices and states that decide who gets what."""
    everyone = {
        "swedish": await new_resident(session, 1, language="sv"),
        "english": await new_resident(session, 2, language="en"),
        "no polls": await new_resident(session, 3, language="sv"),
        "no news": await new_resident(session, 4, language="sv"),
        "blocked": await new_resident(session, 5, language="sv"),
        "no polls either": await new_resident(session, 6, language="sv"),
    }
    everyone["no polls"].receives_polls = False
    everyone["no polls either"].receives_polls = False
    everyone["no news"].receives_announcements = False
    everyone["blocked"].blocked_bot = True
    await session.flush()
    return {name: resident.id for name, resident in everyone.items()}


async def recipients(session, broadcast_id: int) -> set[int]:
    return set(
        await session.scalars(
            select(Delivery.resident_id).where(Delivery.broadcast_id == broadcast_id)
        )
    )


async def test_each_kind_goes_to_those_who_want_it_and_have_not_blocked_the_bot(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        ids = await residents(session)
        everyone, swedish = Audience(), Audience(language="sv")
        counted = {
            (kind, audience.language): await count_recipients(session, kind, audience)
            for kind in ("poll", "announcement")
            for audience in (everyone, swedish)
        }
        finnish = await count_recipients(session, "poll", Audience(language="fi"))
        poll = await create_broadcast(session, "poll", {"poll_id": 1}, everyone, ids["swedish"])
        news = await create_broadcast(session, "announcement", {"sv": "Hej"}, swedish, None)
        poll_to, news_to = await recipients(session, poll), await recipients(session, news)
        stored = await session.get(Broadcast, poll)
        pending = set(await session.scalars(select(Delivery.state)))
        attempts = set(await session.scalars(select(Delivery.attempts)))

    assert poll_to == {ids["swedish"], ids["english"], ids["no news"]}
    assert news_to == {ids["swedish"], ids["no polls"], ids["no polls either"]}
    assert counted == {
        ("poll", None): 3,
        ("poll", "sv"): 2,
        ("announcement", None): 4,
        ("announcement", "sv"): 3,
    }
    assert finnish == 0
    assert (stored.kind, stored.content, stored.created_by_id) == (
        "poll",
        {"poll_id": 1},
        ids["swedish"],
    )
    assert (pending, attempts) == ({DeliveryState.PENDING}, {0})


async def test_progress_counts_each_state_of_that_broadcast_only(session_factory) -> None:
    async with session_factory() as session, session.begin():
        ids = list((await residents(session)).values())
        for n in range(5, 9):
            ids.append((await new_resident(session, 100 + n)).id)
        first = await create_broadcast(session, "announcement", {"sv": "Hej"}, Audience(), None)
        second = await create_broadcast(session, "announcement", {"sv": "Då"}, Audience(), None)
        deliveries = list(
            await session.scalars(
                select(Delivery.id).where(Delivery.broadcast_id == first).order_by(Delivery.id)
            )
        )
        states = [DeliveryState.SENT] * 3 + [DeliveryState.FAILED] * 2 + [DeliveryState.BLOCKED]
        for delivery_id, state in zip(deliveries, states, strict=False):
            await session.execute(
                update(Delivery).where(Delivery.id == delivery_id).values(state=state)
            )
        progress = await progress_of(session, first)
        untouched = await progress_of(session, second)

    assert len(deliveries) == 8
    assert progress == BroadcastProgress(sent=3, failed=2, blocked=1, pending=2)
    assert progress.total == 8
    assert untouched == BroadcastProgress(sent=0, failed=0, blocked=0, pending=8)
