"""A ban's notice: one per ban and per banned resident; lifting a ban makes the next
ban's notice due again."""

from __future__ import annotations

from bot.services.bans import ban_resident, claim_ban_notice, lift_ban
from db.models import Role
from tests.rules.helpers import NOW, new_resident


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
