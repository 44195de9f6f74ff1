"""A resident answers a staff question about their safety report: only while a question
is open, one answer per question (``bot.services.safety.record_answer``)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Outbox
from bot.filters.content import IN_PRIVATE_CHAT, NOT_A_COMMAND
from bot.i18n import gettext as _
from bot.services.safety import BODY_MAX, open_question, record_answer
from bot.views.callbacks import AnswerStaffCallback
from bot.views.keyboards.menu import main_menu
from db.models import Resident

__all__ = ["AnswerForm", "answer_prompt", "build_router"]


class AnswerForm(StatesGroup):
    writing = State()


async def start_answer(
    callback: CallbackQuery,
    callback_data: AnswerStaffCallback,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
) -> None:
    async with session.read():
        question = await open_question(session, callback_data.report_id, resident.id)
    if question is None:
        # Answers only to an open question, one each: the staff chat is not a wall.
        await callback.answer(_("This question can no longer be answered."), show_alert=True)
        return
    await state.set_state(AnswerForm.writing)
    await state.update_data(report_id=callback_data.report_id)
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, answer_prompt())


def answer_prompt() -> str:
    return _(
        "Write your answer (at most {limit} characters). It goes to staff through the bot."
    ).format(limit=BODY_MAX)


async def send_answer(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    text = (message.text or "").strip()
    if not text or len(text) > BODY_MAX:
        await message.answer(
            _("Please write your answer as text, at most {limit} characters.").format(
                limit=BODY_MAX
            )
        )
        return
    report_id = (await state.get_data())["report_id"]
    await state.clear()
    async with session.begin():
        answer = await record_answer(session, report_id, resident.id, text)
    if answer is None:
        await message.answer(
            _("This question can no longer be answered."), reply_markup=main_menu()
        )
        return
    notifier.wake()
    await message.answer(_("Thank you. Your answer was sent to staff."), reply_markup=main_menu())


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(start_answer, AnswerStaffCallback.filter())
    router.message.register(
        send_answer, StateFilter(AnswerForm.writing), IN_PRIVATE_CHAT, NOT_A_COMMAND
    )
    return router
