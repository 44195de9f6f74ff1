"""/language and the language picker. The choice is stored and used for everything after."""

from __future__ import annotations

from datetime import timedelta

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_prompt
from bot.services.residents import choose_language
from bot.settings import Settings
from bot.views.callbacks import LanguageCallback, MenuAction, MenuCallback
from bot.views.keyboards.language import language_picker
from bot.views.keyboards.menu import main_menu
from bot.views.messaging import replace_message
from db.models import Resident
from handlers.step_context import StepContext
from handlers.wizard_steps import ask_current_step_again

__all__ = ["build_router"]


async def show_language_picker(message: Message, resident: Resident) -> None:
    await message.answer(
        language_prompt(),
        reply_markup=language_picker(resident.language),
    )


async def show_language_picker_from_menu(callback: CallbackQuery, resident: Resident) -> None:
    await callback.answer()
    await replace_message(
        callback,
        language_prompt(),
        language_picker(resident.language),
    )


async def pick_language(
    callback: CallbackQuery,
    callback_data: LanguageCallback,
    session: AsyncSession,
    resident: Resident,
    i18n: Catalogues,
    state: FSMContext,
    area: AreaProfile,
    settings: Settings,
) -> None:
    async with session.begin():
        chosen = choose_language(resident, callback_data.code)
    if not chosen:
        # A button from an old version of the bot, or forged data.
        await callback.answer(_("That language is not available. Please choose again."))
        await replace_message(
            callback,
            language_prompt(),
            language_picker(resident.language),
        )
        return
    with i18n.use_locale(resident.language):
        await callback.answer()
        await replace_message(
            callback,
            _("Language: {language}. You can change it at any time with /language.").format(
                language=LANGUAGES[resident.language].native_name
            ),
        )
        # The chat the picker is in: a staff question is asked in the staff chat.
        chat_id = callback.message.chat.id if callback.message else callback.from_user.id
        step = StepContext(callback.bot, chat_id, state, session, resident, area, settings, i18n)
        timeout = timedelta(minutes=settings.wizard_timeout_minutes)
        if await ask_current_step_again(step, timeout):
            return
        await callback.bot.send_message(
            callback.from_user.id,
            _("What would you like to do? Choose below, or type /help."),
            reply_markup=main_menu(),
        )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_language_picker, Command("language"))
    router.callback_query.register(
        show_language_picker_from_menu, MenuCallback.filter(F.action == MenuAction.LANGUAGE)
    )
    router.callback_query.register(pick_language, LanguageCallback.filter())
    return router
