"""A ban's notice: one per ban and per banned resident; lifting a ban makes the next
ban's notice due again."""

from __future__ import annotations

from bot.services.bans import author_of, ban_resident, claim_ban_notice, lift_ban
from db.models import Idea, Role
from tests.rules.helpers import NOW, new_idea, new_resident


async def test_each_banned_resident_gets_one_notice_per_ban(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        first, second = await new_resident(session, 2), await new_resident(session, 3)
        for resident in (first, second):
            await ban_resident(session, staff, resident, "spam", NOW)
        await session.flush()
        claims = [
            await claim_ban_notice(session, first.id),
            await claim_ban_notice(session, first.id),
            # The first resident's notice claims nothing of the second's.
            await claim_ban_notice(session, second.id),
        ]
        await lift_ban(session, staff, first)
        await session.flush()
        after_lifting = await claim_ban_notice(session, first.id)

    assert claims == [True, False, True]
    # Lifted: nothing is owed, but the next ban's notice is due again.
    assert after_lifting is True


async def test_the_author_to_ban_is_nobody_for_a_missing_idea_or_an_erased_author(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        erased_id = await new_idea(session, author.id, "Lamps along the footpath")
        (await session.get(Idea, erased_id)).author_id = None
        await session.flush()
        found = await author_of(session, idea_id)
        nobody = (await author_of(session, erased_id), await author_of(session, idea_id + 100))

    assert found is not None
    assert found.id == author.id
    assert nobody == (None, None)
