"""The /announce steps, from the text to Send."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.broadcast_queue import BroadcastQueue, broadcast_renderer
from bot.filters.content import NOT_A_COMMAND, TEXT_NOT_A_COMMAND
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_name
from bot.services.broadcasts import Audience, count_recipients, create_broadcast
from bot.settings import Settings
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import AnnounceCallback, AnnounceStep, AudienceCallback
from bot.views.keyboards.audience import audience_keyboard
from bot.views.messaging import send_card
from bot.views.text_cut import shorten
from db.models import Broadcast, Resident, Role
from handlers.announce.draft import (
    ANNOUNCEMENT_DRAFT,
    CAPTION_LIMIT,
    TEXT_LIMIT,
    AnnouncementDraft,
)
from handlers.broadcasting import StoredBroadcast, cancel_sending, send_broadcast

__all__ = ["ORGANISER_COMMANDS", "AnnounceForm", "build_router"]

ORGANISER_COMMANDS = ("announce",)


class AnnounceForm(StatesGroup):
    writing = State()
    translating = State()
    choosing_audience = State()
    confirming = State()


def _step(step: AnnounceStep, label: str, builder: KeyboardBuilder) -> None:
    builder.button(text=label, callback_data=AnnounceCallback(step=step))


async def start_announcement(message: Message, state: FSMContext, settings: Settings) -> None:
    await state.clear()
    await state.set_state(AnnounceForm.writing)
    await message.answer(
        _(
            "<b>New announcement</b>\nWrite it in {language}: a text, or a photo with a "
            "caption. Type /cancel to stop."
        ).format(language=language_name(settings.default_locale))
    )


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
    builder = KeyboardBuilder()
    _step(AnnounceStep.TRANSLATIONS_DONE, _("➡️ Continue"), builder)
    await message.answer(
        _(
            "Add translations if you have them: send one message per language, with the "
            "language code alone on the first line and the text below, for example:\n"
            "ar\n(the text in Arabic)\n\nCodes: {codes}. Residents without a translation "
            "get the {language} text. Press Continue when you are done."
        ).format(
            codes=", ".join(code for code in LANGUAGES if code != settings.default_locale),
            language=language_name(settings.default_locale),
        ),
        reply_markup=builder.as_markup(),
    )


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


async def ask_audience(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(AnnounceForm.choosing_audience)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id, _("Who should get it?"), reply_markup=audience_keyboard()
    )


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
    async with session.read():
        recipients = await count_recipients(
            session, "announcement", Audience(language=draft.audience_language)
        )
    lines = [
        # Translators: one translation of an announcement in the organiser's summary: language
        # name, then its text.
        _("<b>{language}</b>: {text}").format(
            language=language_name(code), text=escape(shorten(text, 200))
        )
        for code, text in draft.texts.items()
    ]
    builder = KeyboardBuilder()
    _step(AnnounceStep.SEND, _("✅ Send"), builder)
    _step(AnnounceStep.CANCEL, _("✖️ Cancel"), builder)
    builder.adjust(1)
    await callback.answer()
    # Each language exactly as its residents will get it, framed in that language.
    render = broadcast_renderer(i18n, settings.default_locale, settings.zone)
    as_sent = Broadcast(kind="announcement", content=draft.as_content())
    for code in draft.texts:
        outgoing = render(as_sent, code)
        await callback.bot.send_message(
            callback.from_user.id,
            _("Preview, {language}:").format(language=language_name(code)),
        )
        await send_card(callback.bot, callback.from_user.id, outgoing.text, outgoing.photo_file_id)
    await callback.bot.send_message(
        callback.from_user.id,
        _("This goes to {count} resident:", "This goes to {count} residents:", recipients).format(
            count=recipients
        )
        + "\n\n"
        + "\n\n".join(lines),
        reply_markup=builder.as_markup(),
    )


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
