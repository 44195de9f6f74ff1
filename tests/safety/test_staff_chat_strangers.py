"""Someone who presses a staff-chat button before ever writing to the bot privately is
told how to become known, not that only staff may press it."""

from __future__ import annotations

from bot.views.callbacks import StaffAction, StaffReportCallback
from tests.conftest import STAFF_CHAT_ID
from tests.safety.helpers import report


async def test_an_unknown_presser_is_told_to_start_a_private_chat(person, i18n) -> None:
    await report(person(911, "en"), "Broken lock on the door at Fjällsippan 3", photo=False)
    admin = person(912, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    reply = await admin.press_data(
        StaffReportCallback(report_id=1, action=StaffAction.ACKNOWLEDGE).pack()
    )
    (alert,) = reply.alerts
    assert "/start" in alert
    assert alert != i18n.gettext("Only staff can use these buttons.", locale="sv")
