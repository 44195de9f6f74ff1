"""The staff chat: acknowledge a safety report, set its status with a note, ask the
resident, or stop their answers.

Only staff and administrators may use these buttons, checked by ``HasRole``; what staff
write reaches the resident through the outbox, in the resident's language around it.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyParameters
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Outbox
from bot.filters.content import TEXT_NOT_A_COMMAND
from bot.filters.roles import HasRole
from bot.i18n import gettext as _
from bot.i18n.names import idea_status_name
from bot.services.audit import record_action
from bot.services.lifecycle import StatusSubject, set_status_with_note
from bot.services.safety import record_question, staff_view, stop_answers
from bot.views.callbacks import StaffAction, StaffReportCallback, StaffStatusCallback
from bot.views.keyboards.safety import staff_status_keyboard
from db.models import IdeaStatus, Resident, Role
from handlers.status_note import NoteRequest, store_status_with_note, wait_for_note

__all__ = ["StaffDesk", "build_router"]


class StaffDesk(StatesGroup):
    writing_note = State()
    writing_question = State()


async def acknowledge(
    callback: CallbackQuery,
    callback_data: StaffReportCallback,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    async with session.begin():
        view = await staff_view(session, callback_data.report_id)
        if view is not None and view.status is IdeaStatus.RECEIVED:
            await set_status_with_note(
                session,
                StatusSubject.REPORT,
                view.id,
                IdeaStatus.UNDER_REVIEW,
                actor=resident,
                note=None,
            )
    if view is None:
        await callback.answer(_("This report no longer exists."), show_alert=True)
        return
    notifier.wake()
    await callback.answer(_("Done: the resident will be told that you are looking at it."))


async def choose_status(callback: CallbackQuery, callback_data: StaffReportCallback) -> None:
    await callback.answer()
    assert callback.message is not None
    await callback.bot.send_message(
        callback.message.chat.id,
        _("Which status?"),
        reply_markup=staff_status_keyboard(callback_data.report_id),
        reply_parameters=ReplyParameters(message_id=callback.message.message_id),
    )


async def ask_for_note(
    callback: CallbackQuery, callback_data: StaffStatusCallback, state: FSMContext
) -> None:
    assert callback.message is not None
    await wait_for_note(
        callback,
        state,
        NoteRequest(
            subject=StatusSubject.REPORT,
            subject_id=callback_data.report_id,
            status=callback_data.status,
        ),
        waiting=StaffDesk.writing_note,
        chat_id=callback.message.chat.id,
        prompt=_(
            "Write a note for the resident about the new status “{status}”. It is sent as "
            "you write it. Send {no_note} for no note."
        ),
    )


async def set_status(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    change = await store_status_with_note(message, state, session, resident, notifier)
    if change is None:
        await message.reply(_("This report no longer exists."))
        return
    await message.reply(
        _("{reference} now has the status “{status}”. The resident will be told.").format(
            reference=change.reference, status=idea_status_name(change.status)
        )
    )


async def ask_for_question(
    callback: CallbackQuery, callback_data: StaffReportCallback, state: FSMContext
) -> None:
    await state.set_state(StaffDesk.writing_question)
    await state.update_data(report_id=callback_data.report_id)
    await callback.answer()
    assert callback.message is not None
    await callback.bot.send_message(
        callback.message.chat.id,
        _("Write your question for the resident. It is sent through the bot as you write it."),
    )


async def send_question(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    report_id = (await state.get_data())["report_id"]
    await state.clear()
    async with session.begin():
        question = await record_question(session, report_id, resident.id, message.text or "")
        view = await staff_view(session, report_id)
        if question is not None and view is not None:
            record_action(session, resident, "report.question", view.reference)
    if question is None or view is None:
        await message.reply(_("The resident can no longer be reached about this report."))
        return
    notifier.wake()
    await message.reply(
        _("Your question about {reference} is on its way to the resident.").format(
            reference=view.reference
        )
    )


async def close_answers(
    callback: CallbackQuery,
    callback_data: StaffReportCallback,
    session: AsyncSession,
    resident: Resident,
) -> None:
    async with session.begin():
        view = await staff_view(session, callback_data.report_id)
        if view is not None:
            await stop_answers(session, view.id)
            record_action(session, resident, "report.stop_answers", view.reference)
    if view is None:
        await callback.answer(_("This report no longer exists."), show_alert=True)
        return
    await callback.answer(
        _("Done: the resident cannot answer about {reference} until you ask a new question.")
        .format(reference=view.reference),
        show_alert=True,
    )  # fmt: skip


async def refuse(callback: CallbackQuery, resident: Resident | None) -> None:
    if resident is None:
        # Staff and administrators are known from their private chat with the bot; in
        # the staff chat nobody is registered, so someone who never wrote to it is unknown.
        text = _(
            "I do not know you yet. If you are staff, open a private chat with me and "
            "send /start, then try this button again."
        )
    else:
        text = _("Only staff can use these buttons.")
    await callback.answer(text, show_alert=True)


def build_router() -> Router:
    router = Router(name=__name__)
    staff = Router(name=f"{__name__}.staff")
    staff.callback_query.filter(HasRole(Role.STAFF))
    staff.message.filter(HasRole(Role.STAFF))
    staff.callback_query.register(
        acknowledge, StaffReportCallback.filter(F.action == StaffAction.ACKNOWLEDGE)
    )
    staff.callback_query.register(
        choose_status, StaffReportCallback.filter(F.action == StaffAction.CHOOSE_STATUS)
    )
    staff.callback_query.register(ask_for_note, StaffStatusCallback.filter())
    staff.callback_query.register(
        ask_for_question, StaffReportCallback.filter(F.action == StaffAction.ASK)
    )
    staff.callback_query.register(
        close_answers, StaffReportCallback.filter(F.action == StaffAction.STOP_ANSWERS)
    )
    # A command is never taken for a note or a question; /cancel leaves either.
    written = TEXT_NOT_A_COMMAND
    staff.message.register(set_status, StateFilter(StaffDesk.writing_note), written)
    staff.message.register(send_question, StateFilter(StaffDesk.writing_question), written)

    refusal = Router(name=f"{__name__}.refusal")
    refusal.callback_query.register(refuse, StaffReportCallback.filter())
    refusal.callback_query.register(refuse, StaffStatusCallback.filter())
    router.include_routers(staff, refusal)
    return router
