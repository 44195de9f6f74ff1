"""Safety wizard, last step: send (or cancel), and the hint for typing at a button step."""

from __future__ import annotations

from aiogram import flags
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Outbox
from bot.i18n import gettext as _
from bot.services.bot_secrets import sender_key
from bot.services.safety import ReportOutcome, submit_report
from bot.settings import Settings
from bot.views.keyboards.menu import main_menu
from db.models import Resident
from handlers.safety.draft import REPORT_DRAFT, SENT_REPORT_TEXTS

__all__ = ["cancel_report", "send_report", "use_the_buttons"]


async def send_report(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    notifier: Outbox,
) -> None:
    draft = await REPORT_DRAFT.read(state)
    async with session.begin():
        outcome, report = await submit_report(
            session,
            resident.id,
            draft.as_draft(),
            daily_limit=settings.reports_per_day,
            sender_key=await sender_key(session, resident.telegram_id),
        )
        reference = report.reference if report else None
    await state.clear()
    if outcome in (ReportOutcome.SAVED, ReportOutcome.DOUBLE):
        await SENT_REPORT_TEXTS.remember(state, draft.body_message_id)
    await callback.answer()
    if outcome is ReportOutcome.SAVED:
        notifier.wake()
        text = _(
            "Thank you. Your report is saved as <b>{reference}</b> and staff have been "
            "told. I will tell you here when its status changes.\n\n"
            "In an emergency, always call 112."
        ).format(reference=reference)
    elif outcome is ReportOutcome.DOUBLE:
        text = _("You already sent this report: <b>{reference}</b>. Thank you.").format(
            reference=reference
        )
    elif outcome is ReportOutcome.LIMIT_REACHED:
        text = _(
            "You have sent {count} report in the last 24 hours, the most for one day. "
            "In an emergency, call 112.",
            "You have sent {count} reports in the last 24 hours, the most for one day. "
            "In an emergency, call 112.",
            settings.reports_per_day,
        ).format(count=settings.reports_per_day)
    else:
        text = _("Something was missing, so nothing was saved. Please start again with /report.")
    await callback.bot.send_message(callback.from_user.id, text, reply_markup=main_menu())


async def cancel_report(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id, _("Cancelled. Nothing was saved."), reply_markup=main_menu()
    )


@flags.once_per_album
async def use_the_buttons(message: Message) -> None:
    await message.answer(_("Please choose with the buttons above, or type /cancel."))
