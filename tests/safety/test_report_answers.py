"""A reporter answers staff only when asked: one answer per question, and staff can stop
answers on a report. Forged "answer" buttons post nothing to the staff chat."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.views.callbacks import AnswerStaffCallback, StaffAction, StaffReportCallback
from db.models import MessageDirection, SafetyMessage, Visibility
from tests.conftest import STAFF_CHAT_ID
from tests.safety.helpers import make_staff, report

REPORTER = 975_001
STAFF = 975_900


async def _answers(session_factory) -> int:
    async with session_factory() as session:
        return (
            await session.scalar(
                select(func.count())
                .select_from(SafetyMessage)
                .where(SafetyMessage.direction == MessageDirection.FROM_RESIDENT)
            )
            or 0
        )


async def _reported(person, session_factory, visibility=Visibility.ANONYMOUS):
    resident = person(REPORTER, "sv")
    await report(resident, "Lampan vid porten är trasig", visibility=visibility, photo=False)
    staff = person(STAFF, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await make_staff(session_factory, person(STAFF, "sv"))
    return resident, staff


async def _answer(resident, text: str):
    await resident.press_data(AnswerStaffCallback(report_id=1).pack())
    return await resident.send(text)


async def test_no_answer_without_a_question(person, session_factory) -> None:
    resident, _staff = await _reported(person, session_factory)
    pressed = await resident.press_data(AnswerStaffCallback(report_id=1).pack())
    assert pressed.alerts
    await resident.send("Ni borde se hit, det här är spam " * 3)
    assert await _answers(session_factory) == 0


async def test_one_answer_per_question(person, session_factory) -> None:
    resident, staff = await _reported(person, session_factory)
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Vilken port?")
    await _answer(resident, "Port 3")
    again = await _answer(resident, "Och port 4, och port 5, och ...")
    assert again.texts or again.alerts
    assert await _answers(session_factory) == 1
    # A new question opens the way for one more answer.
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Och när?")
    await _answer(resident, "På kvällen")
    assert await _answers(session_factory) == 2


async def test_staff_can_stop_answers_on_a_report(person, session_factory) -> None:
    resident, staff = await _reported(person, session_factory)
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Vilken port?")
    stopped = await staff.press_data(
        StaffReportCallback(report_id=1, action=StaffAction.STOP_ANSWERS).pack()
    )
    assert stopped.alerts
    await _answer(resident, "Port 3")
    assert await _answers(session_factory) == 0
