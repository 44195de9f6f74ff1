"""The /newpoll steps, from the question to Send."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.broadcast_queue import BroadcastQueue
from bot.filters.roles import HasRole
from bot.i18n import gettext as _
from bot.i18n import ngettext
from bot.i18n.languages import LANGUAGES
from bot.services.audit import record_action
from bot.services.broadcast_store import Audience, count_recipients, progress_of
from bot.services.polls import create_poll
from bot.settings import Settings
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import AudienceCallback, PollWizardCallback, PollWizardStep
from bot.views.keyboards.broadcast import audience_keyboard
from bot.views.poll_cards import PollCard
from db.models import Resident, Role
from db.types import utc_now
from handlers.poll_wizard.draft import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_LIMIT,
    POLL_DRAFT,
    QUESTION_LIMIT,
    PollDraft,
    PollInputError,
    example_closing_time,
    parse_closing_time,
    parse_options,
    parse_question,
    parse_translation,
)

__all__ = ["POLL_COMMANDS", "PollForm", "build_router"]

POLL_COMMANDS = ("newpoll",)


class PollForm(StatesGroup):
    question = State()
    options = State()
    translating = State()
    choosing_mode = State()
    choosing_results = State()
    choosing_deadline = State()
    choosing_audience = State()
    confirming = State()


def _buttons(*steps: tuple[PollWizardStep, str]) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for step, label in steps:
        builder.button(text=label, callback_data=PollWizardCallback(step=step))
    builder.adjust(1)
    return builder.as_markup()


def _step(step: PollWizardStep):
    return PollWizardCallback.filter(F.step == step)


async def start_poll(message: Message, state: FSMContext, settings: Settings) -> None:
    await state.clear()
    await state.set_state(PollForm.question)
    await message.answer(
        _(
            "<b>New poll</b>\nWrite the question in {language} (up to {limit} characters). "
            "Type /cancel to stop."
        ).format(language=LANGUAGES[settings.default_locale].native_name, limit=QUESTION_LIMIT)
    )


async def receive_question(message: Message, state: FSMContext, settings: Settings) -> None:
    try:
        question = parse_question(message.text or "")
    except PollInputError as problem:
        await message.answer(problem.message)
        return
    await POLL_DRAFT.save(state, PollDraft(question={settings.default_locale: question}))
    await state.set_state(PollForm.options)
    await message.answer(
        _(
            "Now the options, all in one message, one per line: {low} to {high} options, "
            "each up to {limit} characters."
        ).format(low=MIN_OPTIONS, high=MAX_OPTIONS, limit=OPTION_LIMIT)
    )


async def receive_options(message: Message, state: FSMContext, settings: Settings) -> None:
    try:
        options = parse_options((message.text or "").splitlines())
    except PollInputError as problem:
        await message.answer(problem.message)
        return
    draft = await POLL_DRAFT.read(state)
    draft.options = {settings.default_locale: options}
    await POLL_DRAFT.save(state, draft)
    await state.set_state(PollForm.translating)
    await message.answer(
        _(
            "Add translations if you have them: one message per language. First line: the "
            "language code; second line: the question; then the options in the same order, "
            "one per line. For example:\nar\n(the question in Arabic)\n(option 1 in Arabic)\n"
            "(option 2 in Arabic)\n\nCodes: {codes}. Residents without a translation get the "
            "{language} text. Press Continue when you are done."
        ).format(
            codes=", ".join(code for code in LANGUAGES if code != settings.default_locale),
            language=LANGUAGES[settings.default_locale].native_name,
        ),
        reply_markup=_buttons((PollWizardStep.TRANSLATIONS_DONE, _("➡️ Continue"))),
    )


async def receive_translation(message: Message, state: FSMContext, settings: Settings) -> None:
    draft = await POLL_DRAFT.read(state)
    try:
        code, question, options = parse_translation(
            message.text or "", settings.default_locale, len(draft.options[settings.default_locale])
        )
    except PollInputError as problem:
        await message.answer(problem.message)
        return
    draft.question[code] = question
    draft.options[code] = options
    await POLL_DRAFT.save(state, draft)
    await message.answer(
        _("Added: {language}. Languages so far: {languages}.").format(
            language=LANGUAGES[code].native_name,
            languages=", ".join(LANGUAGES[c].native_name for c in draft.question),
        )
    )


async def ask_mode(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(PollForm.choosing_mode)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("May residents choose one answer or several?"),
        reply_markup=_buttons(
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
        reply_markup=_buttons(
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
        reply_markup=_buttons((PollWizardStep.NO_DEADLINE, _("🔓 When I close it"))),
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
            _("Preview, {language}:").format(language=LANGUAGES[code].native_name),
        )
        await callback.bot.send_message(
            callback.from_user.id,
            card.text(code, settings.zone),
            reply_markup=card.preview_keyboard(code),
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
                language=LANGUAGES[settings.default_locale].native_name
            )
        )
    await callback.bot.send_message(
        callback.from_user.id,
        "\n".join(summary),
        reply_markup=_buttons(
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
    await state.clear()
    await callback.answer()
    async with session.begin():
        poll, broadcast_id = await create_poll(session, draft.as_new_poll(), resident.id)
        progress = await progress_of(session, broadcast_id)
        record_action(session, resident, "poll", f"poll:{poll.id}", recipients=progress.total,
                      languages=",".join(draft.question))  # fmt: skip
    await broadcasts.launch(
        bot,
        session,
        broadcast_id,
        progress,
        chat_id=callback.from_user.id,
        locale=resident.language,
        rate=settings.broadcast_rate,
    )


async def cancel_poll(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, _("Cancelled. Nothing was sent."))


async def ask_for_text(message: Message) -> None:
    await message.answer(_("Please send this as a text message."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.ORGANISER))
    router.callback_query.filter(HasRole(Role.ORGANISER))
    written = F.text & ~F.text.startswith("/")
    router.message.register(start_poll, Command(*POLL_COMMANDS))
    router.message.register(receive_question, PollForm.question, written)
    router.message.register(receive_options, PollForm.options, written)
    router.message.register(receive_translation, PollForm.translating, written)
    router.message.register(receive_deadline, PollForm.choosing_deadline, written)
    router.message.register(
        ask_for_text,
        StateFilter(PollForm.question, PollForm.options, PollForm.translating,
                    PollForm.choosing_deadline),
        ~F.text,
    )  # fmt: skip
    router.callback_query.register(
        ask_mode, _step(PollWizardStep.TRANSLATIONS_DONE), PollForm.translating
    )
    router.callback_query.register(
        choose_mode,
        PollWizardCallback.filter(
            F.step.in_({PollWizardStep.SINGLE_CHOICE, PollWizardStep.MULTIPLE_CHOICE})
        ),
        PollForm.choosing_mode,
    )
    router.callback_query.register(
        choose_results,
        PollWizardCallback.filter(
            F.step.in_({PollWizardStep.SHOW_RESULTS, PollWizardStep.HIDE_RESULTS})
        ),
        PollForm.choosing_results,
    )
    router.callback_query.register(
        no_deadline, _step(PollWizardStep.NO_DEADLINE), PollForm.choosing_deadline
    )
    router.callback_query.register(
        show_preview, AudienceCallback.filter(), PollForm.choosing_audience
    )
    router.callback_query.register(explain_preview, _step(PollWizardStep.PREVIEW_TAP))
    router.callback_query.register(send_poll, _step(PollWizardStep.SEND), PollForm.confirming)
    router.callback_query.register(cancel_poll, _step(PollWizardStep.CANCEL), StateFilter(PollForm))
    return router
