"""Invites and roles: an unknown code grants nothing, an administrator keeps their role
and leaves the invite for someone else, only organiser and staff are ever invited, and
the list of role holders leaves out plain residents."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.services.roles import (
    RedeemOutcome,
    RevokeOutcome,
    create_invite,
    list_role_holders,
    redeem_invite,
    revoke_role,
)
from db.models import Invite, Role
from tests.rules.helpers import NOW, new_resident


async def test_an_administrator_leaves_an_invite_for_someone_else(session_factory) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 1, role=Role.ADMIN)
        newcomer = await new_resident(session, 2)
        invite = await create_invite(session, admin, Role.ORGANISER, timedelta(days=1), now=NOW)
        unknown = await redeem_invite(session, newcomer, invite.code + "x", now=NOW)
        by_admin = await redeem_invite(session, admin, invite.code, now=NOW)
        later = NOW + timedelta(minutes=5)
        by_newcomer = await redeem_invite(session, newcomer, invite.code, now=later)

    async with session_factory() as session:
        stored = await session.scalar(select(Invite))

    assert unknown == (RedeemOutcome.UNKNOWN, None)
    assert by_admin == (RedeemOutcome.ALREADY_HIGHER, Role.ORGANISER)
    assert admin.role is Role.ADMIN
    assert by_newcomer == (RedeemOutcome.GRANTED, Role.ORGANISER)
    assert (stored.used_by_id, stored.used_at) == (newcomer.id, later)
    assert (stored.created_by_id, stored.created_at, stored.expires_at) == (
        admin.id,
        NOW,
        NOW + timedelta(days=1),
    )


@pytest.mark.parametrize("role", [Role.ADMIN, Role.RESIDENT])
async def test_only_organisers_and_staff_are_invited(session_factory, role: Role) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 1, role=Role.ADMIN)
        with pytest.raises(ValueError, match="cannot be given by invite"):
            await create_invite(session, admin, role, timedelta(days=1), now=NOW)


async def test_each_invite_has_its_own_code(session_factory) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 1, role=Role.ADMIN)
        codes = {
            (await create_invite(session, admin, Role.STAFF, timedelta(days=1), now=NOW)).code
            for _ in range(5)
        }

    assert len(codes) == 5
    # 16 random bytes, as Telegram's /start parameter allows them: 22 of A-Z, a-z, 0-9,
    # "_" and "-", which leaves room for the link's prefix within its 64 characters.
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", code) for code in codes)


async def test_role_holders_are_everyone_but_plain_residents(session_factory) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 11, role=Role.ADMIN)
        staff = await new_resident(session, 12, role=Role.STAFF)
        organiser = await new_resident(session, 13, role=Role.ORGANISER)
        await new_resident(session, 14)
        revoked = await revoke_role(session, admin, organiser.id)
        missing = await revoke_role(session, admin, organiser.id + 100)
        holders = await list_role_holders(session)

    assert (revoked, missing) == (RevokeOutcome.REVOKED, RevokeOutcome.NOT_FOUND)
    assert {(h.resident_id, h.telegram_id, h.role) for h in holders} == {
        (admin.id, 11, Role.ADMIN),
        (staff.id, 12, Role.STAFF),
    }


async def test_role_holders_are_listed_by_role_then_in_the_order_they_came(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 21, role=Role.STAFF)
        organiser = await new_resident(session, 22, role=Role.ORGANISER)
        admin = await new_resident(session, 23, role=Role.ADMIN)
        second_staff = await new_resident(session, 24, role=Role.STAFF)
        second_organiser = await new_resident(session, 25, role=Role.ORGANISER)
        holders = await list_role_holders(session)

    assert [holder.resident_id for holder in holders] == [
        admin.id,
        organiser.id,
        second_organiser.id,
        staff.id,
        second_staff.id,
    ]
