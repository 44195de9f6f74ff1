"""The real bot process: private and anonymous safety reports, the staff desk, answers."""

from __future__ import annotations

import re

from bot.views.callbacks import (
    AnswerStaffCallback,
    ForgetCallback,
    ForgetChoice,
    ReportAction,
    ReportCategoryCallback,
    ReportStepCallback,
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
    StaffAction,
    StaffReportCallback,
)
from db.models import SafetyCategory, TimeOfDay, Visibility, WhenHappened
from handlers.safety.where import POLICE_NUMBER

from .bot_process import ADMIN_ID, STAFF_CHAT_ID, BotProcess
from .fake_bot_api import FakeBotAPI, Request, TgUser
from .scenario import button_index, click_data

INVITE = re.compile(r"start=(inv_[\w-]+)")
STAFF_CHAT = {"id": STAFF_CHAT_ID, "type": "supergroup", "title": "Trygghet Rannebergen"}


async def _become_staff(api: FakeBotAPI, staff: TgUser) -> None:
    admin = TgUser(id=ADMIN_ID, first_name="Admin", language_code="sv")
    invite = await api.ask(admin, "/invite staff")
    code = INVITE.search(invite.text or "")
    assert code is not None
    await api.ask_many(staff, f"/start {code.group(1)}", 3)


async def _report(api: FakeBotAPI, user: TgUser, text: str, visibility: Visibility) -> Request:
    guidance = await api.ask(user, "/report")
    assert "112" in (guidance.plain_text or "")
    assert POLICE_NUMBER in (guidance.plain_text or "")
    step = await click_data(api, user, guidance, ReportStepCallback(action=ReportAction.START))
    category = ReportCategoryCallback(category=SafetyCategory.LIGHTING)
    places = await click_data(api, user, step, category)
    assert places.buttons
    when = await api.ask(user, None, location=(57.8135, 12.0528))
    times = await click_data(api, user, when, ReportWhenCallback(happened=WhenHappened.RECURRING))
    describe = await click_data(api, user, times, ReportTimeCallback(time_of_day=TimeOfDay.EVENING))
    assert describe.method == "sendMessage"
    await api.ask(user, text)
    visibility_question = await api.ask(user, None, photo=True)
    mark = api.mark()
    api.press(
        user,
        visibility_question,
        button_index(visibility_question, ReportVisibilityCallback(visibility=visibility)),
    )
    _check, preview = await api.wait_for_messages(user.id, 2, after=mark)
    return await click_data(api, user, preview, ReportStepCallback(action=ReportAction.SEND))


async def _alert_for(api: FakeBotAPI, text: str) -> Request:
    return await api.wait_for_request(
        lambda request: (
            request.chat_id == STAFF_CHAT_ID
            and request.method == "sendPhoto"
            and text in (request.plain_text or "")
        ),
        description=f"the staff alert for {text!r}",
    )


async def test_private_and_anonymous_reports_at_the_staff_desk(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    staff = TgUser(id=7001, first_name="Stina", language_code="sv")
    await _become_staff(fake_api, staff)

    somali = TgUser(id=7002, first_name="Hodan", language_code="so")
    sent = await _report(fake_api, somali, "Nalka wadada ayaa jaban", Visibility.PRIVATE)
    assert re.search(r"T-\d{4}-0001", sent.plain_text or "")
    alert = await _alert_for(fake_api, "Nalka wadada ayaa jaban")
    assert "tg://user?id=7002" in (alert.text or "")
    await fake_api.wait_for_request(
        lambda request: request.method == "sendLocation" and request.chat_id == STAFF_CHAT_ID
    )

    # "We are looking at it" in the staff chat reaches the resident, in Somali.
    mark = fake_api.mark()
    fake_api.push_callback(
        staff,
        alert.message,
        StaffReportCallback(report_id=1, action=StaffAction.ACKNOWLEDGE).pack(),
    )
    news = await fake_api.wait_for_message(somali.id, after=mark)
    assert "T-" in (news.plain_text or "")

    # An anonymous report: staff ask, the resident answers, and nobody learns who.
    anonymous = TgUser(id=7003, first_name="Warsame", username="warsame_r", language_code="ar")
    await _report(fake_api, anonymous, "الممر مظلم جدا في الليل", Visibility.ANONYMOUS)
    alert = await _alert_for(fake_api, "الممر مظلم جدا في الليل")
    mark = fake_api.mark()
    fake_api.push_callback(
        staff, alert.message, StaffReportCallback(report_id=2, action=StaffAction.ASK).pack()
    )
    await fake_api.wait_for_message(STAFF_CHAT_ID, after=mark)
    mark = fake_api.mark()
    fake_api.push_message(staff, "Vilken del av gången?", chat=STAFF_CHAT)
    question = await fake_api.wait_for_message(anonymous.id, after=mark)
    assert "Vilken del av gången?" in (question.plain_text or "")

    prompt = await click_data(fake_api, anonymous, question, AnswerStaffCallback(report_id=2))
    assert prompt.method == "sendMessage"
    mark = fake_api.mark()
    fake_api.push_message(anonymous, "قرب المدخل الثاني")
    answer = await fake_api.wait_for_request(
        lambda request: (
            request.chat_id == STAFF_CHAT_ID and "قرب المدخل الثاني" in (request.plain_text or "")
        ),
        after=mark,
        description="the answer in the staff chat",
    )
    assert answer.params.get("reply_parameters", {}).get("message_id") == alert.message_id

    seen_by_staff = " ".join(
        str(request.params) for request in fake_api.requests if request.chat_id == STAFF_CHAT_ID
    )
    for secret in ("7003", "Warsame", "warsame_r"):
        assert secret not in seen_by_staff
    assert fake_api.unanswered_callback_queries == []


async def test_forget_edits_the_reporters_link_out_of_the_staff_chat(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    reporter = TgUser(id=7101, first_name="Hodan", language_code="so")
    await _report(fake_api, reporter, "Nalka wadada ayaa jaban", Visibility.PRIVATE)
    alert = await _alert_for(fake_api, "Nalka wadada ayaa jaban")
    assert "tg://user?id=7101" in (alert.text or "")

    asked = await fake_api.ask(reporter, "/forget")
    mark = fake_api.mark()
    fake_api.press(
        reporter, asked, button_index(asked, ForgetCallback(choice=ForgetChoice.KEEP_CONTRIBUTIONS))
    )
    edit = await fake_api.wait_for_request(
        lambda request: (
            request.chat_id == STAFF_CHAT_ID
            and request.method == "editMessageCaption"
            and request.params.get("message_id") == alert.message_id
        ),
        after=mark,
        description="the staff alert edited after /forget",
    )
    assert "Nalka wadada ayaa jaban" in (edit.plain_text or "")
    assert "7101" not in str(edit.params)
    # The buttons stay: staff can still work on the report.
    assert edit.buttons
