"""The /announce steps, from the text to Send."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.broadcast_queue import BroadcastQueue
from bot.filters.content import NOT_A_COMMAND, TEXT_NOT_A_COMMAND
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_name
from bot.services.broadcasts import Audience, create_broadcast
from bot.settings import Settings
from bot.translation import TranslationEngine
from bot.views.callbacks import AnnounceCallback, AnnounceStep, AudienceCallback, DraftKind
from db.models import Resident, Role
from handlers.announce import prompts
from handlers.announce.draft import (
    ANNOUNCEMENT_DRAFT,
    CAPTION_LIMIT,
    TEXT_LIMIT,
    AnnouncementDraft,
)
from handlers.announce.states import AnnounceForm
from handlers.broadcasting import StoredBroadcast, cancel_sending, send_broadcast
from handlers.draft_choice import ask_about_open_draft
from handlers.machine_fill import fill_for_organiser, fill_report

__all__ = ["ORGANISER_COMMANDS", "AnnounceForm", "build_router"]

ORGANISER_COMMANDS = ("announce",)


async def start_announcement(message: Message, state: FSMContext, settings: Settings) -> None:
    if await ask_about_open_draft(message, state, DraftKind.ANNOUNCEMENT):
        return
    await state.clear()
    await state.set_state(AnnounceForm.writing)
    await prompts.ask_text(message.bot, message.chat.id, settings)


async def receive_text(message: Message, state: FSMContext, settings: Settings) -> None:
    text = (message.text or message.caption or "").strip()
    limit = CAPTION_LIMIT if message.photo else TEXT_LIMIT
    if not text or len(text) > limit:
        await message.answer(
            _("Please send a text of 1 to {limit} characters (with a photo: {caption}).").format(
                limit=TEXT_LIMIT, caption=CAPTION_LIMIT
            )
        )
        return
    await ANNOUNCEMENT_DRAFT.save(
        state,
        AnnouncementDraft(
            texts={settings.default_locale: text},
            photo_file_id=message.photo[-1].file_id if message.photo else None,
        ),
    )
    await state.set_state(AnnounceForm.translating)
    await prompts.ask_translations(message.bot, message.chat.id, settings)


async def receive_translation(message: Message, state: FSMContext, settings: Settings) -> None:
    code, _newline, text = (message.text or "").strip().partition("\n")
    code, text = code.strip().lower(), text.strip()
    draft = await ANNOUNCEMENT_DRAFT.read(state)
    if code not in LANGUAGES or code == settings.default_locale or not text:
        await message.answer(
            _(
                "I could not read that. First line: a language code ({codes}); then the text."
            ).format(codes=", ".join(c for c in LANGUAGES if c != settings.default_locale))
        )
        return
    if len(text) > draft.text_limit:
        await message.answer(
            _("That translation has {count} characters; the limit is {limit}.").format(
                count=len(text), limit=draft.text_limit
            )
        )
        return
    draft.texts[code] = text
    await ANNOUNCEMENT_DRAFT.save(state, draft)
    await message.answer(
        _("Added: {language}. Languages so far: {languages}.").format(
            language=language_name(code),
            languages=", ".join(language_name(c) for c in draft.texts),
        )
    )


async def translate_missing(
    callback: CallbackQuery,
    state: FSMContext,
    settings: Settings,
    i18n: Catalogues,
    translation_engine: TranslationEngine | None,
) -> None:
    draft = await ANNOUNCEMENT_DRAFT.read(state)
    source = settings.default_locale
    limit = draft.text_limit
    fill = await fill_for_organiser(
        callback, translation_engine, i18n, [draft.texts[source]], source, list(draft.texts),
        lambda texts: len(texts[0]) <= limit,
    )  # fmt: skip
    if fill is None:
        return
    # Read again: the organiser may have sent a translation while the engine worked.
    draft = await ANNOUNCEMENT_DRAFT.read(state)
    for code, (text,) in fill.filled.items():
        draft.texts.setdefault(code, text)
    await ANNOUNCEMENT_DRAFT.save(state, draft)
    await callback.bot.send_message(callback.from_user.id, fill_report(fill, source))


async def ask_audience(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(AnnounceForm.choosing_audience)
    await callback.answer()
    await prompts.ask_audience(callback.bot, callback.from_user.id)


async def show_preview(
    callback: CallbackQuery,
    callback_data: AudienceCallback,
    state: FSMContext,
    session: AsyncSession,
    i18n: Catalogues,
    settings: Settings,
) -> None:
    draft = await ANNOUNCEMENT_DRAFT.read(state)
    draft.audience_language = callback_data.language or None
    await ANNOUNCEMENT_DRAFT.save(state, draft)
    await state.set_state(AnnounceForm.confirming)
    await callback.answer()
    await prompts.send_preview(callback.bot, callback.from_user.id, draft, session, settings, i18n)


async def send_announcement(
    callback: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    broadcasts: BroadcastQueue,
) -> None:
    draft = await ANNOUNCEMENT_DRAFT.read(state)

    async def store(session: AsyncSession) -> StoredBroadcast:
        broadcast_id = await create_broadcast(
            session,
            "announcement",
            draft.as_content(),
            Audience(language=draft.audience_language),
            resident.id,
        )
        return StoredBroadcast(broadcast_id, "broadcast", f"broadcast:{broadcast_id}")

    await send_broadcast(
        store,
        callback=callback,
        bot=bot,
        state=state,
        session=session,
        resident=resident,
        settings=settings,
        broadcasts=broadcasts,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.ORGANISER))
    router.callback_query.filter(HasRole(Role.ORGANISER))
    written = NOT_A_COMMAND
    router.message.register(start_announcement, Command(*ORGANISER_COMMANDS))
    router.message.register(receive_text, StateFilter(AnnounceForm.writing), written)
    router.message.register(
        receive_translation, StateFilter(AnnounceForm.translating), TEXT_NOT_A_COMMAND
    )
    router.callback_query.register(
        translate_missing,
        AnnounceCallback.filter(F.step == AnnounceStep.TRANSLATE_MISSING),
        StateFilter(AnnounceForm.translating),
    )
    router.callback_query.register(
        ask_audience,
        AnnounceCallback.filter(F.step == AnnounceStep.TRANSLATIONS_DONE),
        StateFilter(AnnounceForm.translating),
    )
    router.callback_query.register(
        show_preview, AudienceCallback.filter(), StateFilter(AnnounceForm.choosing_audience)
    )
    router.callback_query.register(
        send_announcement, AnnounceCallback.filter(F.step == AnnounceStep.SEND),
        StateFilter(AnnounceForm.confirming),
    )  # fmt: skip
    router.callback_query.register(
        cancel_sending,
        AnnounceCallback.filter(F.step == AnnounceStep.CANCEL),
        StateFilter(AnnounceForm),
    )
    return router
