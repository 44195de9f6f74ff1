"""Who a reporter is: what staff can join, what retention and erasure leave behind.

From an attack review (issue 12): a private reporter is named to staff; nothing staff
receive may join that name to the reporter's support for ideas or poll answers, and
nothing may keep the name (or the link) once the resident is erased or the link expires.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

from aiogram.methods import SendDocument
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.delivery.exports import run_export
from bot.delivery.jobs import outbox_jobs
from bot.delivery.retention import RetentionJob
from bot.services.exports import ExportFilters, ExportKind
from bot.services.polls import NewPoll, create_poll
from bot.views.callbacks import (
    AnswerStaffCallback,
    ForgetCallback,
    ForgetChoice,
    IdeaVoteCallback,
    PollAnswerCallback,
    ReportAction,
    ReportCategoryCallback,
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
    StaffAction,
    StaffReportCallback,
)
from db.models import (
    Notification,
    PollOption,
    SafetyCategory,
    SafetyReport,
    TimeOfDay,
    Visibility,
    WhenHappened,
)
from db.types import utc_now
from tests.conftest import STAFF_CHAT_ID
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff, report, step

SECRET = "a-long-test-secret-for-pseudonyms"
REPORTER = 970_001
STAFF = 970_900


async def run_outbox(bot, i18n, session_factory, settings, area) -> None:
    """One round of everything the outbox loop does."""
    for job in outbox_jobs(bot, i18n, session_factory, settings, area):
        await job()


def staff_chat_now(bot) -> dict[int, str]:
    """What each message in the staff chat says now: as sent, or as last edited."""
    return {
        message_id: message.text or message.caption or ""
        for (chat_id, message_id), message in bot.session.messages.items()
        if chat_id == STAFF_CHAT_ID
    }


async def _poll_with_answer(person, session_factory, resident) -> None:
    new = NewPoll(
        question={"sv": "Vilken dag passar för städdagen?"},
        options=[{"sv": "Lördag"}, {"sv": "Söndag"}],
        multiple_choice=False,
        shows_results=True,
        closes_at=None,
        audience_language=None,
    )
    async with session_factory() as session, session.begin():
        poll, _broadcast = await create_poll(session, new, created_by_id=None)
        option = await session.scalar(
            select(PollOption.id).where(PollOption.poll_id == poll.id).order_by(PollOption.id)
        )
    await resident.press_data(PollAnswerCallback(poll_id=poll.id, option_id=option).pack())


async def _export(session_factory, dispatcher, settings, kind: ExportKind) -> str:
    target = io.BytesIO()
    await run_export(
        session_factory,
        dispatcher["i18n"],
        settings,
        dispatcher["area"],
        kind,
        ExportFilters(),
        target,
        actor_id=None,
    )
    return target.getvalue().decode("utf-8-sig")


async def _busy_private_reporter(person, session_factory):
    """A resident who supports an idea, answers a poll and sends a private report."""
    resident = person(REPORTER, "sv", first_name="Amina", username="amina_r")
    await resident.send("/start")
    idea = await seed_idea(session_factory, 970_002, "Fler bänkar vid lekplatsen")
    await resident.press_data(IdeaVoteCallback(idea_id=idea, support=True).pack())
    await _poll_with_answer(person, session_factory, resident)
    await report(resident, "Lampan vid porten är trasig", photo=False)
    return resident


async def test_a_private_reporters_pseudonym_joins_nothing_else(
    person, session_factory, dispatcher, settings
) -> None:
    await _busy_private_reporter(person, session_factory)
    options = settings.model_copy(update={"pseudonym_secret": SecretStr(SECRET)})
    exports = {
        kind: await _export(session_factory, dispatcher, options, kind) for kind in ExportKind
    }
    safety_pseudonyms = {
        cell for cell in exports[ExportKind.SAFETY].replace("\r\n", ";").split(";")
        if cell.startswith("R-")
    }  # fmt: skip
    assert len(safety_pseudonyms) == 1
    (pseudonym,) = safety_pseudonyms
    for kind in (ExportKind.VOTES, ExportKind.POLL_ANSWERS, ExportKind.IDEAS):
        assert pseudonym not in exports[kind], kind
    # Each list still shows the resident, under a code of its own.
    assert "R-" in exports[ExportKind.VOTES]
    assert "R-" in exports[ExportKind.POLL_ANSWERS]


async def _acknowledged(person, session_factory, visibility: Visibility):
    resident = person(REPORTER, "sv")
    await report(resident, "Lampan vid porten är trasig", visibility=visibility, photo=False)
    staff = person(STAFF, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await make_staff(session_factory, person(STAFF, "sv"))
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ACKNOWLEDGE).pack())
    return resident


async def _notifications(session_factory) -> int:
    async with session_factory() as session:
        return await session.scalar(select(func.count()).select_from(Notification)) or 0


async def test_a_delivered_notification_keeps_no_link_to_the_report(
    person, session_factory, bot, i18n, settings, dispatcher
) -> None:
    await _acknowledged(person, session_factory, Visibility.ANONYMOUS)
    assert await _notifications(session_factory) == 1
    await run_outbox(bot, i18n, session_factory, settings, dispatcher["area"])
    assert await _notifications(session_factory) == 0


async def test_link_retention_removes_pending_notifications_too(
    person, session_factory, settings
) -> None:
    await _acknowledged(person, session_factory, Visibility.ANONYMOUS)
    later = utc_now() + timedelta(days=settings.report_link_retention_days + 1)
    await RetentionJob(session_factory, settings, clock=lambda: later)()
    assert await _notifications(session_factory) == 0


async def test_mydata_shows_pending_messages(person, session_factory) -> None:
    resident = await _acknowledged(person, session_factory, Visibility.PRIVATE)
    reply = await resident.send("/mydata")
    document = next(r for r in reply.requests if isinstance(r, SendDocument))
    data = json.loads(document.document.data)
    assert [(m["about"], m["status"]) for m in data["pending_messages"]] == [
        (f"T-{utc_now().year}-0001", "under_review")
    ]


async def _talked(person, session_factory, bot, i18n, settings, dispatcher):
    """A private report, posted; staff ask; the reporter answers; all delivered."""
    resident = person(REPORTER, "sv")
    await report(resident, "Lampan vid porten är trasig", photo=True)
    area = dispatcher["area"]
    await run_outbox(bot, i18n, session_factory, settings, area)
    staff = person(STAFF, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await make_staff(session_factory, person(STAFF, "sv"))
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Vilken port?")
    await run_outbox(bot, i18n, session_factory, settings, area)
    await resident.press_data(AnswerStaffCallback(report_id=1).pack())
    await resident.send("Port 3")
    await run_outbox(bot, i18n, session_factory, settings, area)
    mention = f"tg://user?id={REPORTER}"
    named = [text for text in staff_chat_now(bot).values() if mention in text]
    assert len(named) == 2  # the alert and the answer
    return resident, staff


async def test_forget_removes_the_mention_from_the_staff_chat(
    person, session_factory, bot, i18n, settings, dispatcher
) -> None:
    resident, _staff = await _talked(person, session_factory, bot, i18n, settings, dispatcher)
    await resident.send("/forget")
    await resident.press_data(ForgetCallback(choice=ForgetChoice.KEEP_CONTRIBUTIONS).pack())
    await run_outbox(bot, i18n, session_factory, settings, dispatcher["area"])
    now = staff_chat_now(bot)
    assert not [text for text in now.values() if str(REPORTER) in text]
    assert any("Port 3" in text for text in now.values())
    assert any("Lampan vid porten är trasig" in text for text in now.values())


async def test_forget_everything_leaves_no_report_text_in_the_staff_chat(
    person, session_factory, bot, i18n, settings, dispatcher
) -> None:
    resident, _staff = await _talked(person, session_factory, bot, i18n, settings, dispatcher)
    await resident.send("/forget")
    await resident.press_data(ForgetCallback(choice=ForgetChoice.DELETE_EVERYTHING).pack())
    await run_outbox(bot, i18n, session_factory, settings, dispatcher["area"])
    now = " ".join(staff_chat_now(bot).values())
    for gone in (str(REPORTER), "Port 3", "Lampan vid porten är trasig"):
        assert gone not in now


async def test_link_retention_removes_the_mention_from_the_staff_chat(
    person, session_factory, bot, i18n, settings, dispatcher
) -> None:
    await _talked(person, session_factory, bot, i18n, settings, dispatcher)
    later = utc_now() + timedelta(days=settings.report_link_retention_days + 1)
    await RetentionJob(session_factory, settings, clock=lambda: later)()
    await run_outbox(bot, i18n, session_factory, settings, dispatcher["area"])
    now = staff_chat_now(bot)
    assert not [text for text in now.values() if str(REPORTER) in text]
    assert any("Port 3" in text for text in now.values())


async def test_an_anonymous_voice_report_does_not_tell_staff_the_reporters_language(
    person, session_factory, bot, i18n, settings, dispatcher
) -> None:
    resident = person(REPORTER, "ar")
    await resident.send("/report")
    await resident.press_data(step(ReportAction.START))
    await resident.press_data(ReportCategoryCallback(category=SafetyCategory.LIGHTING).pack())
    await resident.send_location(57.8135, 12.0528)
    await resident.press_data(ReportWhenCallback(happened=WhenHappened.RECURRING).pack())
    await resident.press_data(ReportTimeCallback(time_of_day=TimeOfDay.EVENING).pack())
    await resident.send_voice()
    await resident.press_data(step(ReportAction.NEXT))
    await resident.press_data(ReportVisibilityCallback(visibility=Visibility.ANONYMOUS).pack())
    await resident.press_data(step(ReportAction.SEND))
    await run_outbox(bot, i18n, session_factory, settings, dispatcher["area"])
    seen = " ".join(staff_chat_now(bot).values())
    assert "Trygghetsrapport" in seen
    assert "العربية" not in seen
    async with session_factory() as session:
        stored = await session.scalar(select(SafetyReport.language))
    assert stored != "ar"
