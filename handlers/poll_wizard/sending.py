"""The /newpoll steps after the texts: how it is answered, when it closes, who gets it,
the preview, Send."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.broadcast_queue import BroadcastQueue
from bot.i18n import Catalogues, ngettext
from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_name
from bot.services.broadcasts import Audience, count_recipients
from bot.services.polls import create_poll
from bot.settings import Settings
from bot.views.callbacks import AudienceCallback, PollWizardCallback, PollWizardStep
from bot.views.keyboards.audience import audience_keyboard
from bot.views.poll_cards import PollCard
from db.models import Resident
from db.types import utc_now
from handlers.broadcasting import StoredBroadcast, send_broadcast
from handlers.poll_wizard.draft import (
    POLL_DRAFT,
    PollInputError,
    example_closing_time,
    parse_closing_time,
)
from handlers.poll_wizard.states import PollForm, step_buttons

__all__ = [
    "ask_mode",
    "choose_mode",
    "choose_results",
    "explain_preview",
    "no_deadline",
    "receive_deadline",
    "send_poll",
    "show_preview",
]


async def ask_mode(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(PollForm.choosing_mode)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("May residents choose one answer or several?"),
        reply_markup=step_buttons(
            (PollWizardStep.SINGLE_CHOICE, _("One answer")),
            (PollWizardStep.MULTIPLE_CHOICE, _("Several answers")),
        ),
    )


async def choose_mode(
    callback: CallbackQuery, callback_data: PollWizardCallback, state: FSMContext
) -> None:
    draft = await POLL_DRAFT.read(state)
    draft.multiple_choice = callback_data.step is PollWizardStep.MULTIPLE_CHOICE
    await POLL_DRAFT.save(state, draft)
    await state.set_state(PollForm.choosing_results)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("Should residents see the results after they answer?"),
        reply_markup=step_buttons(
            # Translators: a button answering: may residents see the results of the poll?
            (PollWizardStep.SHOW_RESULTS, _("Yes, show the results")),
            (PollWizardStep.HIDE_RESULTS, _("No, only organisers")),
        ),
    )


async def choose_results(
    callback: CallbackQuery,
    callback_data: PollWizardCallback,
    state: FSMContext,
    settings: Settings,
) -> None:
    draft = await POLL_DRAFT.read(state)
    draft.shows_results = callback_data.step is PollWizardStep.SHOW_RESULTS
    await POLL_DRAFT.save(state, draft)
    await state.set_state(PollForm.choosing_deadline)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _(
            "When does the poll close? Send a date and time like {example} (Swedish time), "
            "or press the button."
        ).format(example=example_closing_time(settings.zone, utc_now())),
        # Translators: a button answering: how long is the poll open? Until the organiser
        # closes it.
        reply_markup=step_buttons((PollWizardStep.NO_DEADLINE, _("🔓 When I close it"))),
    )


async def receive_deadline(message: Message, state: FSMContext, settings: Settings) -> None:
    try:
        closes_at = parse_closing_time(message.text or "", settings.zone, utc_now())
    except PollInputError as problem:
        await message.answer(problem.message)
        return
    draft = await POLL_DRAFT.read(state)
    draft.closes_at = closes_at
    await POLL_DRAFT.save(state, draft)
    await _ask_audience(message.bot, message.chat.id, state)


async def no_deadline(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    await _ask_audience(callback.bot, callback.from_user.id, state)


async def _ask_audience(bot: Bot | None, chat_id: int, state: FSMContext) -> None:
    assert bot is not None
    await state.set_state(PollForm.choosing_audience)
    await bot.send_message(chat_id, _("Who should get it?"), reply_markup=audience_keyboard())


async def show_preview(
    callback: CallbackQuery,
    callback_data: AudienceCallback,
    state: FSMContext,
    session: AsyncSession,
    settings: Settings,
    i18n: Catalogues,
) -> None:
    draft = await POLL_DRAFT.read(state)
    draft.audience_language = callback_data.language or None
    await POLL_DRAFT.save(state, draft)
    await state.set_state(PollForm.confirming)
    async with session.read():
        recipients = await count_recipients(
            session, "poll", Audience(language=draft.audience_language)
        )
    await callback.answer()
    new = draft.as_new_poll()
    card = PollCard(
        0,
        new.question,
        list(enumerate(new.options)),
        new.multiple_choice,
        new.closes_at,
    )
    for code in draft.question:
        await callback.bot.send_message(
            callback.from_user.id,
            # Translators: an organiser sees the poll as residents of {language} will.
            _("Preview, {language}:").format(language=language_name(code)),
        )
        # Framed in that language, as its residents will get it (the organiser's own
        # language is only for the line above).
        with i18n.use_locale(code):
            text = card.text(code, settings.zone)
        await callback.bot.send_message(
            callback.from_user.id, text, reply_markup=card.preview_keyboard(code)
        )
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
    await callback.bot.send_message(
        callback.from_user.id,
        "\n".join(summary),
        reply_markup=step_buttons(
            (PollWizardStep.SEND, _("✅ Send")), (PollWizardStep.CANCEL, _("✖️ Cancel"))
        ),
    )


async def explain_preview(callback: CallbackQuery) -> None:
    await callback.answer(_("This is only a preview: taps here are not counted."))


async def send_poll(
    callback: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    broadcasts: BroadcastQueue,
) -> None:
    draft = await POLL_DRAFT.read(state)

    async def store(session: AsyncSession) -> StoredBroadcast:
        poll, broadcast_id = await create_poll(session, draft.as_new_poll(), resident.id)
        languages = ",".join(draft.question)
        return StoredBroadcast(broadcast_id, "poll", f"poll:{poll.id}", {"languages": languages})

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
