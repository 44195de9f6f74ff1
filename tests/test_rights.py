"""Rights that no ban, limit or configuration takes away (issue 12, items 7, 12-16)."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from aiogram.methods import SendDocument
from pydantic import SecretStr
from sqlalchemy import func, select, update

from bot.delivery.retention import RetentionJob
from bot.views.callbacks import ForgetCallback, ForgetChoice, WizardAction
from db.models import ActionCounter, Resident
from db.session import create_engine
from db.types import utc_now
from tests.ideas.helpers import count_ideas, wizard_action, write_idea
from tests.safety.helpers import make_staff

RESIDENT = 985_001


async def _banned(person, session_factory):
    resident = person(RESIDENT, "so")
    await resident.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == RESIDENT).values(banned_at=utc_now())
        )
    await resident.send("hello")  # the one notice about the ban
    return resident


async def test_a_banned_resident_can_read_privacy_get_their_data_and_be_forgotten(
    person, session_factory
) -> None:
    resident = await _banned(person, session_factory)
    assert (await resident.send("/privacy")).texts
    mydata = await resident.send("/mydata")
    document = next(r for r in mydata.requests if isinstance(r, SendDocument))
    assert json.loads(document.document.data)["resident"]["telegram_id"] == RESIDENT
    assert (await resident.send("/forget")).buttons()
    await resident.press_data(ForgetCallback(choice=ForgetChoice.DELETE_EVERYTHING).pack())
    async with session_factory() as session:
        assert (
            await session.scalar(select(Resident).where(Resident.telegram_id == RESIDENT)) is None
        )


async def test_a_banned_resident_still_gets_nothing_else(person, session_factory) -> None:
    resident = await _banned(person, session_factory)
    assert not (await resident.send("/idea")).texts
    assert not (await resident.send("/ideas")).texts


async def _share_ideas(resident, count: int, offset: int = 0) -> None:
    subjects = ["benches", "lighting", "football", "gardening", "library", "barbecue", "chess"]
    for subject in subjects[offset : offset + count]:
        await write_idea(resident, f"Something about {subject} for everyone here")
        await wizard_action(resident, WizardAction.NEXT)
        await wizard_action(resident, WizardAction.SEND)


async def test_forget_does_not_reset_the_daily_limit(person, session_factory, settings) -> None:
    resident = person(RESIDENT, "en")
    await resident.send("/start")
    await _share_ideas(resident, settings.ideas_per_day)
    await resident.send("/forget")
    await resident.press_data(ForgetCallback(choice=ForgetChoice.KEEP_CONTRIBUTIONS).pack())
    await resident.send("/start")
    await _share_ideas(resident, 2, offset=settings.ideas_per_day)
    assert await count_ideas(session_factory) == settings.ideas_per_day


async def test_the_abuse_counter_is_kept_24_hours_only(person, session_factory, settings) -> None:
    resident = person(RESIDENT, "en")
    await resident.send("/start")
    await _share_ideas(resident, 1)
    async with session_factory() as session:
        counters = list(await session.scalars(select(ActionCounter)))
    assert len(counters) == 1
    assert str(RESIDENT) not in counters[0].key
    later = utc_now() + timedelta(hours=25)
    await RetentionJob(session_factory, settings, clock=lambda: later)()
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(ActionCounter)) == 0


async def _staff(person, session_factory):
    staff = person(985_900, "sv")
    await make_staff(session_factory, staff)
    return staff


async def test_export_without_a_configured_secret_works_and_logs_no_traceback(
    person, session_factory, caplog
) -> None:
    staff = await _staff(person, session_factory)
    with caplog.at_level(logging.INFO):
        first = await staff.send("/export ideas")
        second = await staff.send("/export ideas")
    assert [r for r in first.requests if isinstance(r, SendDocument)]
    assert [r for r in second.requests if isinstance(r, SendDocument)]
    assert not [record for record in caplog.records if record.exc_info]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


class TestWithAConfiguredSecret:
    """PSEUDONYM_SECRET set, as an area that exported before the bot kept its own: the
    date is the only thing that can stop the export."""

    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"pseudonym_secret": SecretStr("a secret for tests")})

    @pytest.mark.parametrize("arguments", ["ideas 2026-13-01", "ideas hello", "ideas 2026-01-01 x"])
    async def test_a_wrong_date_exports_nothing_and_says_why(
        self, person, session_factory, arguments
    ) -> None:
        staff = await _staff(person, session_factory)
        reply = await staff.send(f"/export {arguments}")
        assert not [r for r in reply.requests if isinstance(r, SendDocument)]
        assert "ÅÅÅÅ-MM-DD" in reply.text

    async def test_a_right_date_exports(self, person, session_factory) -> None:
        staff = await _staff(person, session_factory)
        reply = await staff.send("/export ideas 2026-01-01")
        assert [r for r in reply.requests if isinstance(r, SendDocument)]


async def test_the_engine_hides_sql_parameters(settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        assert engine.sync_engine.hide_parameters
    finally:
        await engine.dispose()


async def test_nothing_is_kept_in_memory_for_a_resident_who_is_not_in_a_conversation(
    person, dispatcher
) -> None:
    residents = [person(986_000 + number, "sv") for number in range(20)]
    for resident in residents:
        await resident.send("/start")
        await resident.send("/ideas")
    storage = dispatcher.fsm.storage
    isolation = dispatcher.fsm.events_isolation
    assert not [key for key in storage.storage if key.user_id >= 986_000]
    assert not isolation._locks


async def test_forget_clears_the_conversation(person, dispatcher, bot) -> None:
    resident = person(RESIDENT, "en")
    await write_idea(resident, "Something about benches for everyone here")
    context = dispatcher.fsm.get_context(bot, chat_id=RESIDENT, user_id=RESIDENT)
    assert await context.get_state() is not None
    await resident.send("/forget")
    await resident.press_data(ForgetCallback(choice=ForgetChoice.DELETE_EVERYTHING).pack())
    assert not [key for key in dispatcher.fsm.storage.storage if key.user_id == RESIDENT]
