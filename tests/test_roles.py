"""Roles: administrators from ADMIN_IDS, single-use invites, the refusal for everyone else."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.i18n.languages import LANGUAGES
from bot.services.roles import INVITE_PREFIX, create_invite
from bot.views.callbacks import RevokeRoleCallback
from db.models import AuditEntry, Invite, Resident, Role
from db.types import utc_now
from tests.conftest import ADMIN_ID
from tests.support.i18n import in_language

INVITE_LINK = re.compile(r"https://t\.me/\w+\?start=(inv_[\w-]+)")


async def _role_of(session_factory, telegram_id: int) -> Role | None:
    async with session_factory() as session:
        return await session.scalar(
            select(Resident.role).where(Resident.telegram_id == telegram_id)
        )


def _refusal(i18n, locale: str) -> str:
    return in_language(
        i18n, locale, lambda: i18n.gettext("Sorry, only administrators can use this command.")
    )


@pytest.mark.parametrize("language_code", list(LANGUAGES))
@pytest.mark.parametrize("command", ["/invite staff", "/roles"])
async def test_a_resident_is_refused_in_their_language(
    person, i18n, session_factory, language_code: str, command: str
) -> None:
    resident = person(301, language_code)
    reply = await resident.send(command)
    assert reply.texts == [_refusal(i18n, language_code)]
    if language_code != "en":
        assert reply.texts != [_refusal(i18n, "en")]
    async with session_factory() as session:
        assert (await session.scalars(select(Invite))).all() == []


async def test_an_invite_link_works_once(person, session_factory) -> None:
    admin = person(ADMIN_ID, "sv")
    reply = await admin.send("/invite staff")
    payload = INVITE_LINK.search(reply.text)
    assert payload is not None, reply.text

    newcomer = person(302, "so")
    await newcomer.send(f"/start {payload.group(1)}")
    assert await _role_of(session_factory, 302) is Role.STAFF

    latecomer = person(303, "ar")
    late = await latecomer.send(f"/start {payload.group(1)}")
    assert await _role_of(session_factory, 303) is Role.RESIDENT
    assert "t.me" not in late.text

    async with session_factory() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert actions == ["invite.create", "role.grant"]


async def test_an_expired_invite_gives_nothing(person, session_factory) -> None:
    async with session_factory() as session, session.begin():
        admin = Resident(telegram_id=ADMIN_ID, language="sv", role=Role.ADMIN)
        session.add(admin)
        await session.flush()
        invite = await create_invite(
            session, admin, Role.ORGANISER, timedelta(hours=1), now=utc_now() - timedelta(hours=2)
        )
    await person(304, "fi").send(f"/start {INVITE_PREFIX}{invite.code}")
    assert await _role_of(session_factory, 304) is Role.RESIDENT


async def test_an_unknown_invite_code_is_explained(person, session_factory) -> None:
    reply = await person(305, "en").send(f"/start {INVITE_PREFIX}doesnotexist")
    assert reply.texts[-1] == "This invite link is not valid."
    assert await _role_of(session_factory, 305) is Role.RESIDENT


async def test_roles_lists_holders_and_revoking_tells_the_person(
    person, session_factory, i18n
) -> None:
    admin = person(ADMIN_ID, "en")
    link = INVITE_LINK.search((await admin.send("/invite organiser")).text)
    assert link is not None
    organiser = person(306, "ar")
    await organiser.send(f"/start {link.group(1)}")

    listing = await admin.send("/roles")
    assert "306" in listing.text
    assert "organiser: " in listing.text
    assert "2 people have a role" in listing.text

    revoked = await admin.press("306", listing)
    assert revoked.alerts == ["Role removed."]
    assert await _role_of(session_factory, 306) is Role.RESIDENT
    notices = [r for r in revoked.requests if getattr(r, "chat_id", None) == 306]
    assert len(notices) == 1
    assert notices[0].text == in_language(
        i18n,
        "ar",
        lambda: i18n.gettext(
            "An administrator has removed your role. You can use the bot as a resident."
        ),
    )

    again = await admin.press("306", listing)
    assert again.alerts == ["This role was already removed."]


async def test_a_forged_revoke_button_from_a_resident_changes_nothing(
    person, session_factory
) -> None:
    admin = person(ADMIN_ID, "sv")
    link = INVITE_LINK.search((await admin.send("/invite staff")).text)
    assert link is not None
    await person(307, "sv").send(f"/start {link.group(1)}")
    async with session_factory() as session:
        staff_id = await session.scalar(select(Resident.id).where(Resident.telegram_id == 307))
    assert staff_id is not None

    intruder = person(308, "en")
    reply = await intruder.press_data(RevokeRoleCallback(resident_id=staff_id).pack())
    assert reply.alerts == ["Sorry, only administrators can use this button."]
    assert await _role_of(session_factory, 307) is Role.STAFF


async def test_an_admin_removed_from_admin_ids_loses_the_role(
    person, session_factory, settings
) -> None:
    await person(ADMIN_ID, "sv").send("/start")
    assert await _role_of(session_factory, ADMIN_ID) is Role.ADMIN
    object.__setattr__(settings, "admin_ids", frozenset())
    await person(ADMIN_ID, "sv").send("/start")
    assert await _role_of(session_factory, ADMIN_ID) is Role.RESIDENT
