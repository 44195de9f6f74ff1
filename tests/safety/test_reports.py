"""Safety reports: guidance first, the flow in the resident's language, the staff desk."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendLocation, SendMessage, SendPhoto
from sqlalchemy import func, select

from bot.delivery.outbox import deliver_pending, report_status_text
from bot.delivery.retention import RetentionJob
from bot.delivery.staff_desk import deliver_safety_messages, deliver_staff_alerts
from bot.i18n.languages import LANGUAGES
from bot.services.attachments import report_photos
from bot.views.callbacks import (
    AnswerStaffCallback,
    ReportAction,
    ReportCategoryCallback,
    ReportWhenCallback,
    StaffAction,
    StaffReportCallback,
    StaffStatusCallback,
)
from db.models import (
    IdeaStatus,
    SafetyCategory,
    SafetyReport,
    SafetyReportLink,
    Visibility,
    WhenHappened,
)
from db.types import utc_now
from handlers.safety.where import POLICE_NUMBER, guidance_text
from tests.conftest import STAFF_CHAT_ID
from tests.safety.helpers import fill_in_report, make_staff, report, step
from tests.support.faults import APOLOGY, failing_once
from tests.support.i18n import in_language

SOMALI_TEXT = "Nalka wadada ayaa jaban, habeenkii aad bay u mugdi badan tahay"


def _to_staff_chat(bot, since: int) -> list:
    return [
        request
        for request in bot.session.requests[since:]
        if getattr(request, "chat_id", None) == STAFF_CHAT_ID
    ]


async def test_guidance_comes_first_in_somali(person, i18n, dispatcher) -> None:
    reply = await person(901, "so").send("/report")
    expected = in_language(i18n, "so", lambda: guidance_text(dispatcher["area"]))
    assert reply.texts == [expected]
    assert "112" in expected
    assert POLICE_NUMBER in expected
    assert expected != in_language(i18n, "en", lambda: guidance_text(dispatcher["area"]))


async def test_a_report_reaches_the_staff_desk_and_the_answer_comes_back_in_somali(
    person, session_factory, bot, i18n, settings, dispatcher
) -> None:
    resident = person(902, "so")
    sent = await report(resident, SOMALI_TEXT)
    year = utc_now().year
    assert f"T-{year}-0001" in sent.text

    before = len(bot.session.requests)
    assert await deliver_staff_alerts(bot, i18n, session_factory, settings, dispatcher["area"]) == 1
    staff_requests = _to_staff_chat(bot, before)
    assert isinstance(staff_requests[0], SendPhoto)
    assert SOMALI_TEXT in staff_requests[0].caption
    # The language named in the staff language (item 4 of issue 15).
    assert "somaliska" in staff_requests[0].caption
    assert any(isinstance(request, SendLocation) for request in staff_requests)
    # Delivered once: a second round posts nothing.
    assert await deliver_staff_alerts(bot, i18n, session_factory, settings, dispatcher["area"]) == 0

    staff = person(903, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await make_staff(session_factory, person(903, "sv"))
    ack = StaffReportCallback(report_id=1, action=StaffAction.ACKNOWLEDGE).pack()
    assert (await staff.press_data(ack)).alerts
    before = len(bot.session.requests)
    assert await deliver_pending(bot, i18n, session_factory) == 1
    told = [r for r in bot.session.requests[before:] if isinstance(r, SendMessage)]
    assert [int(r.chat_id) for r in told] == [902]
    assert told[0].text == in_language(
        i18n, "so", lambda: report_status_text(f"T-{year}-0001", IdeaStatus.UNDER_REVIEW, None)
    )


async def test_an_anonymous_reporter_is_never_shown_to_staff(
    person, session_factory, bot, i18n, settings, dispatcher
) -> None:
    resident = person(904, "ar", first_name="Zainab", username="zainab_rannebergen")
    await report(
        resident, "الممر المؤدي إلى الموقف مظلم جدا في الليل", visibility=Visibility.ANONYMOUS
    )
    await deliver_staff_alerts(bot, i18n, session_factory, settings, dispatcher["area"])

    staff = person(905, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await make_staff(session_factory, person(905, "sv"))
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Vilken del av gången är mörkast?")
    await deliver_safety_messages(bot, i18n, session_factory, settings)
    question = [r for r in bot.session.requests if isinstance(r, SendMessage) and r.chat_id == 904][
        -1
    ]
    assert "Vilken del av gången är mörkast?" in question.text

    await resident.press_data(AnswerStaffCallback(report_id=1).pack())
    answered = await resident.send("قرب المدخل الثاني")
    assert answered.texts
    await deliver_safety_messages(bot, i18n, session_factory, settings)

    await staff.press_data(StaffStatusCallback(report_id=1, status=IdeaStatus.PLANNED).pack())
    await staff.send("Vi byter lamporna i mars.")
    await deliver_pending(bot, i18n, session_factory)

    seen_by_staff = " ".join(str(request.model_dump()) for request in _to_staff_chat(bot, 0))
    assert "قرب المدخل الثاني" in seen_by_staff
    for secret in ("904", "Zainab", "zainab_rannebergen"):
        assert secret not in seen_by_staff, re.findall(
            f".{{0,80}}{secret}.{{0,20}}", seen_by_staff, re.S
        )
    news = [r for r in bot.session.requests if isinstance(r, SendMessage) and r.chat_id == 904]
    assert "Vi byter lamporna i mars." in news[-1].text


async def test_an_unreachable_staff_chat_loses_nothing(
    person, session_factory, bot, i18n, settings, dispatcher, monkeypatch
) -> None:
    await report(person(906, "fi"), "Pihan valot ovat rikki jo viikon", photo=False)
    real_send = bot.send_message

    async def removed_from_group(chat_id, *args, **kwargs):
        if chat_id == STAFF_CHAT_ID:
            raise TelegramForbiddenError(method=None, message="Forbidden: bot was kicked")
        return await real_send(chat_id, *args, **kwargs)

    monkeypatch.setattr(bot, "send_message", removed_from_group)
    assert await deliver_staff_alerts(bot, i18n, session_factory, settings, dispatcher["area"]) == 0
    async with session_factory() as session:
        saved = await session.scalar(select(SafetyReport))
    assert saved is not None
    assert saved.staff_notified_at is None

    monkeypatch.setattr(bot, "send_message", real_send)
    assert await deliver_staff_alerts(bot, i18n, session_factory, settings, dispatcher["area"]) == 1


async def test_the_same_report_twice_is_one_report(person, session_factory) -> None:
    resident = person(907, "en")
    first = await report(resident, "The lamp at the bus stop is broken", photo=False)
    second = await report(resident, "The lamp at the bus stop is broken", photo=False)
    reference = f"T-{utc_now().year}-0001"
    assert reference in first.text
    assert reference in second.text
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(SafetyReport)) == 1


async def test_a_failed_save_is_apologised_for_and_the_report_can_be_sent_again(
    person, session_factory, i18n
) -> None:
    resident = person(908, "ar")
    await fill_in_report(resident, "The lamp at the bus stop is broken")
    with failing_once(session_factory, "INSERT INTO SAFETY_REPORTS") as failed:
        refused = await resident.press_data(step(ReportAction.SEND))
    assert failed, "the fault was not injected"
    # Answered once, with the apology: the button was not answered before the save.
    assert refused.answers == [in_language(i18n, "ar", lambda: i18n.gettext(APOLOGY))[:200]]

    # The draft is still there: the same button saves it, once.
    sent = await resident.press_data(step(ReportAction.SEND))
    assert f"T-{utc_now().year}-0001" in sent.text
    assert (await resident.press_data(step(ReportAction.SEND))).alerts  # a stale Send
    async with session_factory() as session:
        stored = list(await session.scalars(select(SafetyReport)))
        photos = [await report_photos(session, report.id) for report in stored]
    assert [report.body for report in stored] == ["The lamp at the bus stop is broken"]
    assert [len(kept) for kept in photos] == [1]


async def test_wrong_input_is_explained_at_each_step(person) -> None:
    resident = person(908, "en")
    await resident.send("/report")
    assert "buttons" in (await resident.send("hello")).text
    await resident.press_data(step(ReportAction.START))
    assert "buttons" in (await resident.send_sticker()).text
    cancelled = await resident.send("/cancel")
    assert cancelled.texts == ["Cancelled. Nothing was saved."]


async def test_a_resident_cannot_use_the_staff_buttons(person, session_factory) -> None:
    await report(person(909, "en"), "Broken lock on the door at Fjällsippan 3", photo=False)
    intruder = person(910, "en")
    reply = await intruder.press_data(
        StaffReportCallback(report_id=1, action=StaffAction.ACKNOWLEDGE).pack()
    )
    assert reply.alerts == ["Only staff can use these buttons."]
    async with session_factory() as session:
        assert (await session.get(SafetyReport, 1)).status is IdeaStatus.RECEIVED


async def test_retention_forgets_who_sent_a_report_and_keeps_the_report(
    person, session_factory, settings
) -> None:
    await report(person(911, "sv"), "Buskarna vid gångvägen skymmer sikten", photo=False)
    now = utc_now()
    job = RetentionJob(
        session_factory,
        settings,
        clock=lambda: now + timedelta(days=settings.report_link_retention_days - 1),
    )
    assert await job() == 0
    later = RetentionJob(
        session_factory,
        settings,
        clock=lambda: now + timedelta(days=settings.report_link_retention_days + 1),
    )
    assert await later() == 1
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(SafetyReportLink)) == 0
        assert await session.scalar(select(func.count()).select_from(SafetyReport)) == 1


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_every_language_gives_both_numbers_in_reading_order(i18n, dispatcher, locale) -> None:
    guidance = in_language(i18n, locale, lambda: guidance_text(dispatcher["area"]))
    assert "<b>112</b>" in guidance
    # The no-break space keeps "114 14" from showing as "14 114" in right-to-left text.
    assert f"<b>{POLICE_NUMBER}</b>" in guidance
    assert "114 14" not in guidance


async def test_right_now_is_met_with_112(person, i18n) -> None:
    resident = person(912, "ti")
    await resident.send("/report")
    await resident.press_data(step(ReportAction.START))
    await resident.press_data(ReportCategoryCallback(category=SafetyCategory.OTHER).pack())
    await resident.send_location(57.81, 12.05)
    reply = await resident.press_data(ReportWhenCallback(happened=WhenHappened.NOW).pack())
    assert reply.alerts == [
        in_language(i18n, "ti", lambda: i18n.gettext("If someone is in danger now, call 112."))
    ]
