"""The /announce wizard's questions, one function per step: the steps' handlers ask
through them, and an organiser who changes language in the middle is asked the current
one again, in the new language, with the draft as it was."""

from __future__ import annotations

from html import escape

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.broadcast_queue import broadcast_renderer
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_name
from bot.services.broadcasts import Audience, count_recipients
from bot.settings import Settings
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import AnnounceCallback, AnnounceStep
from bot.views.keyboards.audience import audience_keyboard
from bot.views.messaging import send_card
from bot.views.text_cut import shorten
from db.models import Broadcast
from handlers.announce.draft import ANNOUNCEMENT_DRAFT, AnnouncementDraft
from handlers.announce.states import AnnounceForm
from handlers.step_context import StepContext, StepPrompt

__all__ = [
    "STEP_PROMPTS",
    "ask_audience",
    "ask_text",
    "ask_translations",
    "send_preview",
]


def _buttons(*steps: tuple[AnnounceStep, str]):
    builder = KeyboardBuilder()
    for step, label in steps:
        builder.button(text=label, callback_data=AnnounceCallback(step=step))
    builder.adjust(1)
    return builder.as_markup()


async def ask_text(bot: Bot, chat_id: int, settings: Settings) -> None:
    await bot.send_message(
        chat_id,
        _(
            "<b>New announcement</b>\nWrite it in {language}: a text, or a photo with a "
            "caption. Type /cancel to stop."
        ).format(language=language_name(settings.default_locale)),
    )


async def ask_translations(bot: Bot, chat_id: int, settings: Settings) -> None:
    await bot.send_message(
        chat_id,
        _(
            "Add translations if you have them: send one message per language, with the "
            "language code alone on the first line and the text below, for example:\n"
            "ar\n(the text in Arabic)\n\nCodes: {codes}. Residents without a translation "
            "get the {language} text. Press Continue when you are done."
        ).format(
            codes=", ".join(code for code in LANGUAGES if code != settings.default_locale),
            language=language_name(settings.default_locale),
        ),
        reply_markup=_buttons(
            *(
                [(AnnounceStep.TRANSLATE_MISSING, _("🌐 Translate the missing languages"))]
                if settings.translates
                else []
            ),
            (AnnounceStep.TRANSLATIONS_DONE, _("➡️ Continue")),
        ),
    )


async def ask_audience(bot: Bot, chat_id: int) -> None:
    await bot.send_message(chat_id, _("Who should get it?"), reply_markup=audience_keyboard())


async def send_preview(
    bot: Bot,
    chat_id: int,
    draft: AnnouncementDraft,
    session: AsyncSession,
    settings: Settings,
    i18n: Catalogues,
) -> None:
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
    # Each language exactly as its residents will get it, framed in that language.
    render = broadcast_renderer(i18n, settings.default_locale, settings.zone)
    as_sent = Broadcast(kind="announcement", content=draft.as_content())
    for code in draft.texts:
        outgoing = render(as_sent, code)
        await bot.send_message(
            chat_id, _("Preview, {language}:").format(language=language_name(code))
        )
        photos = [outgoing.photo_file_id] if outgoing.photo_file_id else []
        await send_card(bot, chat_id, outgoing.text, photos)
    await bot.send_message(
        chat_id,
        _("This goes to {count} resident:", "This goes to {count} residents:", recipients).format(
            count=recipients
        )
        + "\n\n"
        + "\n\n".join(lines),
        reply_markup=_buttons(
            (AnnounceStep.SEND, _("✅ Send")), (AnnounceStep.CANCEL, _("✖️ Cancel"))
        ),
    )


async def _preview(context: StepContext) -> None:
    draft = await ANNOUNCEMENT_DRAFT.read(context.state)
    await send_preview(
        context.bot, context.chat_id, draft, context.session, context.settings, context.i18n
    )


STEP_PROMPTS: dict[str | None, StepPrompt] = {
    AnnounceForm.writing.state: lambda c: ask_text(c.bot, c.chat_id, c.settings),
    AnnounceForm.translating.state: lambda c: ask_translations(c.bot, c.chat_id, c.settings),
    AnnounceForm.choosing_audience.state: lambda c: ask_audience(c.bot, c.chat_id),
    AnnounceForm.confirming.state: _preview,
}
