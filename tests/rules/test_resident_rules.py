"""Residents: first contact in the language Telegram suggests, last seen kept to the hour,
a resident who writes can be reached again, administrators only through ADMIN_IDS."""

from __future__ import annotations

from datetime import timedelta

from bot.services.residents import (
    LAST_SEEN_PRECISION,
    align_admin_role,
    choose_language,
    contact_is_current,
    read_resident,
    register_contact,
    resident_language,
    role_and_language,
)
from db.models import Resident, Role
from tests.rules.helpers import NOW


async def contact(session, telegram_id: int, *, code="sv", admin_ids=(), now=NOW):
    return await register_contact(
        session,
        telegram_id=telegram_id,
        language_code=code,
        default_locale="sv",
        admin_ids=admin_ids,
        now=now,
    )


async def test_first_contact_registers_once_in_the_suggested_language_or_the_default(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        english = await contact(session, 1, code="en-GB")
        unknown = await contact(session, 2, code="xx")
        again = await contact(session, 1, code="ar", now=NOW + timedelta(minutes=5))

    assert (english.is_new, english.resident.language) == (True, "en")
    assert (english.resident.created_at, english.resident.last_seen_at) == (NOW, NOW)
    assert (unknown.is_new, unknown.resident.language) == (True, "sv")
    # Known already: the same resident, and Telegram's language does not undo theirs.
    assert (again.is_new, again.resident.id, again.resident.language) == (
        False,
        english.resident.id,
        "en",
    )


async def test_last_seen_moves_only_once_an_hour_has_passed(session_factory) -> None:
    async with session_factory() as session, session.begin():
        resident = (await contact(session, 1)).resident
        almost = NOW + LAST_SEEN_PRECISION - timedelta(seconds=1)
        await contact(session, 1, now=almost)
        seen_within_the_hour = resident.last_seen_at
        current_within_the_hour = contact_is_current(
            resident, telegram_id=1, admin_ids=(), now=almost
        )
        an_hour = NOW + LAST_SEEN_PRECISION
        current_after_an_hour = contact_is_current(
            resident, telegram_id=1, admin_ids=(), now=an_hour
        )
        await contact(session, 1, now=an_hour)

    assert seen_within_the_hour == NOW
    assert resident.last_seen_at == an_hour
    assert (current_within_the_hour, current_after_an_hour) == (True, False)


async def test_writing_again_after_blocking_the_bot_makes_a_resident_reachable(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        resident = (await contact(session, 1)).resident
        resident.blocked_bot = True
        blocked_is_current = contact_is_current(resident, telegram_id=1, admin_ids=(), now=NOW)
        await contact(session, 1, now=NOW + timedelta(minutes=1))

    assert blocked_is_current is False
    assert resident.blocked_bot is False
    assert contact_is_current(None, telegram_id=1, admin_ids=(), now=NOW) is False


async def test_administrators_exist_only_through_admin_ids(session_factory) -> None:
    async with session_factory() as session, session.begin():
        admin = (await contact(session, 1, admin_ids={1})).resident
        is_admin = admin.role
        current_as_admin = contact_is_current(admin, telegram_id=1, admin_ids={1}, now=NOW)
        current_once_removed = contact_is_current(admin, telegram_id=1, admin_ids=(), now=NOW)
        await contact(session, 1, admin_ids={2})
        staff = (await contact(session, 3)).resident
        staff.role = Role.STAFF
        await contact(session, 3, admin_ids={2})
        resident_is_current = contact_is_current(staff, telegram_id=3, admin_ids={1}, now=NOW)

    assert is_admin is Role.ADMIN
    assert (current_as_admin, current_once_removed) == (True, False)
    assert admin.role is Role.RESIDENT  # the id is gone from ADMIN_IDS
    assert staff.role is Role.STAFF  # other roles are not ADMIN_IDS' business
    assert resident_is_current is True


async def test_a_chosen_language_is_stored_and_an_unknown_one_refused(session_factory) -> None:
    async with session_factory() as session, session.begin():
        resident = (await contact(session, 1, code="sv")).resident
        unknown = choose_language(resident, "xx")
        after_unknown = (resident.language, resident.language_chosen)
        chosen = choose_language(resident, "ti")

    assert (unknown, after_unknown) == (False, ("sv", False))
    assert (chosen, resident.language, resident.language_chosen) == (True, "ti", True)


async def test_lookups_by_telegram_id_find_that_resident_or_nobody(session_factory) -> None:
    async with session_factory() as session, session.begin():
        await contact(session, 1, code="fa")
        staff = (await contact(session, 2, code="so")).resident
        staff.role = Role.STAFF

    async with session_factory() as session:
        found, nobody = await read_resident(session, 2), await read_resident(session, 3)
        languages = [await resident_language(session, n) for n in (1, 2, 3)]
        roles = [await role_and_language(session, n) for n in (1, 2, 3)]

    assert (found.id, found.telegram_id, found.language, found.role) == (
        staff.id,
        2,
        "so",
        Role.STAFF,
    )
    assert nobody is None
    assert languages == ["fa", "so", None]
    assert roles == [(Role.RESIDENT, "fa"), (Role.STAFF, "so"), (None, None)]


async def test_in_a_group_chat_the_stored_role_follows_admin_ids_as_they_are_now(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        former = (await contact(session, 1, admin_ids={1})).resident
        newly = (await contact(session, 2)).resident
        newly.role = Role.STAFF
        staff = (await contact(session, 3)).resident
        staff.role = Role.STAFF
    async with session_factory() as session:
        # As the middleware has them: read on the driver, outside any session.
        read = {n: await read_resident(session, n) for n in (1, 2, 3)}

    async with session_factory() as session, session.begin():
        aligned = [
            await align_admin_role(session, read[n], telegram_id=n, admin_ids={2})
            for n in (1, 2, 3)
        ]
    async with session_factory() as session:
        stored = [(await role_and_language(session, n))[0] for n in (1, 2, 3)]

    assert [(resident.id, resident.role) for resident in aligned] == [
        (former.id, Role.RESIDENT),
        (newly.id, Role.ADMIN),
        (staff.id, Role.STAFF),
    ]
    assert stored == [Role.RESIDENT, Role.ADMIN, Role.STAFF]


async def test_two_first_contacts_at_once_register_the_person_once(session_factory) -> None:
    async with session_factory() as session, session.begin():
        other = (await contact(session, 2)).resident
        # The other update's registration, not yet visible to this one's lookup: it is
        # written when this one's insert begins, which then meets the unique telegram id.
        session.add(Resident(telegram_id=1, language="so", created_at=NOW, last_seen_at=NOW))
        with session.no_autoflush:
            raced = await contact(session, 1, code="en")
    async with session_factory() as session:
        stored = (await read_resident(session, 1), await read_resident(session, 2))

    assert (raced.is_new, raced.resident.telegram_id, raced.resident.language) == (False, 1, "so")
    assert [(r.id, r.language) for r in stored] == [(raced.resident.id, "so"), (other.id, "sv")]
