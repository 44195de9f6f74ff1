"""What staff and administrators do is recorded with who, to whom and why; invites are
single-use and expire; a status change tells the followers, not the one who made it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.services.audit import latest_actions
from bot.services.bans import ban_resident, lift_ban
from bot.services.idea_submission import withdraw_idea
from bot.services.lifecycle import change_idea_status
from bot.services.personal_data import forget_resident
from bot.services.review import hide_idea, restore_idea
from bot.services.roles import (
    RedeemOutcome,
    RevokeOutcome,
    create_invite,
    redeem_invite,
    revoke_role,
)
from bot.services.votes import toggle_vote
from db.models import AuditEntry, Idea, IdeaStatus, IdeaStatusChange, Invite, Notification, Role
from tests.rules.helpers import NOW, new_idea, new_resident


async def audit_trail(session_factory) -> list[tuple[int | None, str, str, dict]]:
    async with session_factory() as session:
        rows = await session.execute(
            select(
                AuditEntry.actor_id, AuditEntry.action, AuditEntry.subject, AuditEntry.details
            ).order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


async def test_an_invite_works_once_and_only_for_its_own_code(session_factory) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 1, role=Role.ADMIN)
        first = await create_invite(session, admin, Role.STAFF, timedelta(days=1), now=NOW)
        second = await create_invite(session, admin, Role.ORGANISER, timedelta(days=1), now=NOW)
        newcomer = await new_resident(session, 2)
        other = await new_resident(session, 3)

    async with session_factory() as session, session.begin():
        newcomer = await session.merge(newcomer)
        granted = await redeem_invite(session, newcomer, first.code, now=NOW)
    async with session_factory() as session, session.begin():
        other = await session.merge(other)
        reused = await redeem_invite(session, other, first.code, now=NOW)
        own = await redeem_invite(session, other, second.code, now=NOW)

    async with session_factory() as session:
        used_by = dict(list(await session.execute(select(Invite.id, Invite.used_by_id))))

    assert granted == (RedeemOutcome.GRANTED, Role.STAFF)
    assert reused == (RedeemOutcome.USED, Role.STAFF)
    assert own == (RedeemOutcome.GRANTED, Role.ORGANISER)
    assert used_by == {first.id: newcomer.id, second.id: other.id}


async def test_an_invite_expires_at_its_expiry_time(session_factory) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 1, role=Role.ADMIN)
        invite = await create_invite(session, admin, Role.STAFF, timedelta(hours=1), now=NOW)
        late, in_time = await new_resident(session, 2), await new_resident(session, 3)
        expired = await redeem_invite(session, late, invite.code, now=NOW + timedelta(hours=1))
        granted = await redeem_invite(
            session, in_time, invite.code, now=NOW + timedelta(minutes=59, seconds=59)
        )

    assert expired == (RedeemOutcome.EXPIRED, Role.STAFF)
    assert granted == (RedeemOutcome.GRANTED, Role.STAFF)
    assert (late.role, in_time.role) == (Role.RESIDENT, Role.STAFF)


async def test_invites_and_role_changes_are_in_the_audit_log_with_actor_and_subject(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 1, role=Role.ADMIN)
        invite = await create_invite(session, admin, Role.STAFF, timedelta(days=2), now=NOW)
        staff = await new_resident(session, 2)
        await redeem_invite(session, staff, invite.code, now=NOW)
        revoked = await revoke_role(session, admin, staff.id)

    assert revoked is RevokeOutcome.REVOKED
    assert await audit_trail(session_factory) == [
        (
            admin.id,
            "invite.create",
            f"invite:{invite.id}",
            {"role": "staff", "ttl": "2 days, 0:00:00"},
        ),
        (staff.id, "role.grant", f"resident:{staff.id}", {"role": "staff"}),
        (admin.id, "role.revoke", f"resident:{staff.id}", {"role": "staff"}),
    ]


async def test_an_administrator_cannot_be_revoked_and_a_resident_has_nothing_to_revoke(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 1, role=Role.ADMIN)
        other_admin = await new_resident(session, 2, role=Role.ADMIN)
        resident = await new_resident(session, 3)
        outcomes = (
            await revoke_role(session, admin, other_admin.id),
            await revoke_role(session, admin, resident.id),
        )

    assert outcomes == (RevokeOutcome.NOT_REVOCABLE, RevokeOutcome.NOT_FOUND)
    assert other_admin.role is Role.ADMIN
    assert await audit_trail(session_factory) == []


async def test_bans_are_in_the_audit_log_with_actor_subject_and_reason(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        target = await new_resident(session, 2)
        await ban_resident(session, staff, target, "spam in ideas", NOW)
        await lift_ban(session, staff, target)

    assert await audit_trail(session_factory) == [
        (staff.id, "ban", f"resident:{target.id}", {"reason": "spam in ideas"}),
        (staff.id, "unban", f"resident:{target.id}", {}),
    ]


async def test_hiding_and_restoring_an_idea_are_in_the_audit_log(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author = await new_resident(session, 2)
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        await hide_idea(session, idea_id, staff, "personal data")
        await restore_idea(session, idea_id, staff, "name removed")

    assert await audit_trail(session_factory) == [
        (staff.id, "idea.hide", f"idea:{idea_id}", {"reason": "personal data"}),
        (staff.id, "idea.restore", f"idea:{idea_id}", {"reason": "name removed"}),
    ]


@pytest.mark.parametrize("by_staff", [True, False], ids=["by staff", "by the author"])
async def test_a_withdrawal_is_recorded_as_by_whoever_did_it_and_told_to_the_others(
    session_factory, by_staff: bool
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author = await new_resident(session, 2)
        follower = await new_resident(session, 3)
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        await toggle_vote(session, idea_id, follower.id, support=True)

    async with session_factory() as session, session.begin():
        if by_staff:
            idea = await session.get(Idea, idea_id)
            await change_idea_status(session, idea, IdeaStatus.WITHDRAWN, actor_id=staff.id)
        else:
            assert await withdraw_idea(session, author.id, idea_id)

    async with session_factory() as session:
        change = await session.scalar(
            select(IdeaStatusChange).order_by(IdeaStatusChange.id.desc()).limit(1)
        )
        told = set(await session.scalars(select(Notification.resident_id)))

    actor = staff if by_staff else author
    assert (change.status, change.changed_by_id) == (IdeaStatus.WITHDRAWN, actor.id)
    assert told == ({author.id, follower.id} if by_staff else {follower.id})


async def test_the_audit_log_reads_newest_first_with_who_did_it(session_factory) -> None:
    async with session_factory() as session, session.begin():
        admin = await new_resident(session, 7001, role=Role.ADMIN)
        staff = await new_resident(session, 7002, role=Role.STAFF)
        target = await new_resident(session, 7003)
        await create_invite(session, admin, Role.STAFF, timedelta(days=1), now=NOW)
        await session.flush()
        await ban_resident(session, staff, target, "spam", NOW)
        await session.flush()
        await lift_ban(session, staff, target)

    async with session_factory() as session, session.begin():
        await forget_resident(session, admin.id, keep_contributions=True)

    async with session_factory() as session:
        latest_two = await latest_actions(session, limit=2)
        everything = await latest_actions(session, limit=10)

    assert [
        (line.actor_telegram_id, line.action, line.subject, line.details) for line in latest_two
    ] == [
        (7002, "unban", f"resident:{target.id}", {}),
        (7002, "ban", f"resident:{target.id}", {"reason": "spam"}),
    ]
    # An erased administrator's act stays, with nobody named.
    assert [(line.actor_telegram_id, line.action) for line in everything][2:] == [
        (None, "invite.create")
    ]
    assert all(line.created_at is not None for line in everything)
