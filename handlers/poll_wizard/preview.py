"""The poll as it will go out: each language framed as its residents get it, then who it
goes to, with Send and Cancel."""

from __future__ import annotations

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogues, ngettext
from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_name
from bot.services.broadcasts import Audience, count_recipients
from bot.settings import Settings
from bot.views.callbacks import PollWizardStep
from bot.views.poll_cards import PollCard
from handlers.poll_wizard.draft import PollDraft
from handlers.poll_wizard.states import step_buttons

__all__ = ["send_preview"]


async def send_preview(
    bot: Bot,
    chat_id: int,
    draft: PollDraft,
    session: AsyncSession,
    settings: Settings,
    i18n: Catalogues,
) -> None:
    async with session.read():
        recipients = await count_recipients(
            session, "poll", Audience(language=draft.audience_language)
        )
    new = draft.as_new_poll()
    card = PollCard(
        0,
        new.question,
        list(enumerate(new.options)),
        new.multiple_choice,
        new.closes_at,
    )
    for code in draft.question:
        await bot.send_message(
            chat_id,
            # Translators: an organiser sees the poll as residents of {language} will.
            _("Preview, {language}:").format(language=language_name(code)),
        )
        # Framed in that language, as its residents will get it (the organiser's own
        # language is only for the line above).
        with i18n.use_locale(code):
            text = card.text(code, settings.zone)
        await bot.send_message(chat_id, text, reply_markup=card.preview_keyboard(code))
    summary = [
        ngettext(
            "This poll goes to {count} resident.",
            "This poll goes to {count} residents.",
            recipients,
        ).format(count=recipients),
        _("Residents can see the results after answering.")
        if draft.shows_results
        else _("Only organisers see the results."),
    ]
    if len(draft.question) < len(LANGUAGES):
        summary.append(
            _("Residents whose language has no translation get the {language} version.").format(
                language=language_name(settings.default_locale)
            )
        )
    await bot.send_message(
        chat_id,
        "\n".join(summary),
        reply_markup=step_buttons(
            (PollWizardStep.SEND, _("✅ Send")), (PollWizardStep.CANCEL, _("✖️ Cancel"))
        ),
    )
