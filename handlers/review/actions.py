"""What else staff do to an idea: mark it a duplicate, hide or show it again, write to
its author. Each asks for one written answer first; every act lands in the audit log."""

from __future__ import annotations

from html import escape

from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Outbox
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.audit import record_action
from bot.services.review import MergeOutcome, hide_idea, merge_duplicate, restore_idea
from bot.services.translations import MachineTranslation
from bot.settings import Settings
from bot.translation import TranslationEngine, translate_within
from bot.views.callbacks import ReviewAction, ReviewActionCallback
from bot.views.keyboards.review import idea_actions_keyboard
from bot.views.translation_notes import with_translation
from db.models import Idea, Resident
from handlers.review.states import ReviewDesk

__all__ = ["PROMPTS", "change_visibility", "mark_duplicate", "start_action", "write_to_author"]

# What each action asks staff first, and the state that waits for the answer.
PROMPTS = {
    ReviewAction.DUPLICATE: (
        ReviewDesk.writing_original,
        lambda: _("Which idea is the original? Send its number, for example 12."),
    ),
    ReviewAction.HIDE: (
        ReviewDesk.writing_reason,
        lambda: _("Why hide it? The reason is kept in the audit log."),
    ),
    ReviewAction.RESTORE: (
        ReviewDesk.writing_reason,
        lambda: _("Why show it again? The reason is kept in the audit log."),
    ),
    ReviewAction.REPLY: (
        ReviewDesk.writing_to_author,
        lambda: _("Write your message to the author. It is sent as you write it."),
    ),
}


async def start_action(
    callback: CallbackQuery, callback_data: ReviewActionCallback, state: FSMContext
) -> None:
    await callback.answer()
    next_state, prompt = PROMPTS[callback_data.action]
    await state.set_state(next_state)
    await state.update_data(idea_id=callback_data.idea_id, action=callback_data.action)
    await callback.bot.send_message(callback.from_user.id, prompt())


async def mark_duplicate(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    original = (message.text or "").strip().lstrip("#")
    if not original.isdigit():
        await message.answer(_("Please send only the number of the original idea, e.g. 12."))
        return
    idea_id = (await state.get_data())["idea_id"]
    await state.clear()
    async with session.begin():
        outcome = await merge_duplicate(session, idea_id, int(original), resident)
    if outcome is MergeOutcome.MERGED:
        notifier.wake()
        await message.answer(
            _(
                "Idea #{number} is marked as a duplicate of #{original}; its supporters now "
                "support #{original}."
            ).format(number=idea_id, original=original)
        )
    elif outcome is MergeOutcome.SAME_IDEA:
        await message.answer(_("An idea cannot be a duplicate of itself."))
    else:
        await message.answer(_("There is no idea with that number."))


async def change_visibility(
    message: Message, state: FSMContext, session: AsyncSession, resident: Resident
) -> None:
    data = await state.get_data()
    await state.clear()
    reason = (message.text or "").strip()
    hiding = ReviewAction(data["action"]) is ReviewAction.HIDE
    async with session.begin():
        change = hide_idea if hiding else restore_idea
        done = await change(session, data["idea_id"], resident, reason)
    if not done:
        await message.answer(_("This idea is no longer available."))
        return
    text = (
        _("Idea #{number} is hidden from residents.")
        if hiding
        else _("Idea #{number} is shown to residents again.")
    )
    # The buttons follow the new state: "show again" after hiding, "hide" after showing.
    await message.answer(
        text.format(number=data["idea_id"]),
        reply_markup=idea_actions_keyboard(data["idea_id"], hidden=hiding),
    )


# A message to an author goes at once, so its translation is waited for this long only.
AUTHOR_MESSAGE_TRANSLATION_SECONDS = 5.0


async def _translation_for(
    engine: TranslationEngine | None, text: str, source: str, target: str
) -> MachineTranslation | None:
    if engine is None or not text.strip() or source == target:
        return None
    answered, translated = await translate_within(
        engine, text, source, target, AUTHOR_MESSAGE_TRANSLATION_SECONDS
    )
    return MachineTranslation(0, source, target, translated) if answered else None


async def write_to_author(
    message: Message,
    state: FSMContext,
    bot: Bot,
    session: AsyncSession,
    resident: Resident,
    i18n: Catalogues,
    settings: Settings,
    translation_engine: TranslationEngine | None,
) -> None:
    idea_id = (await state.get_data())["idea_id"]
    await state.clear()
    async with session.begin():
        idea = await session.get(Idea, idea_id)
        author = await session.get(Resident, idea.author_id) if idea and idea.author_id else None
        if author is not None:
            record_action(session, resident, "idea.reply", f"idea:{idea_id}")
    if author is None:
        await message.answer(_("The author can no longer be reached."))
        return
    translation = await _translation_for(
        translation_engine, message.text or "", settings.staff_locale, author.language
    )
    with i18n.use_locale(author.language):
        text = _("💬 A message from staff about your idea #{number}:\n\n{message}").format(
            number=idea_id, message=escape(message.text or "")
        )
        text = with_translation(text, translation, for_resident=True)
    try:
        await bot.send_message(author.telegram_id, text)
    except TelegramForbiddenError:
        await message.answer(_("The author can no longer be reached."))
        return
    await message.answer(_("Your message was sent to the author."))
