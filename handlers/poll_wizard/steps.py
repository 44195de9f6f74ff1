"""The /newpoll wizard's first steps (question, options, translations) and its router."""

from __future__ import annotations

from aiogram import F, Router, flags
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters.content import TEXT_NOT_A_COMMAND, WITHOUT_TEXT
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.names import language_name
from bot.settings import Settings
from bot.translation import TranslationEngine
from bot.views.callbacks import AudienceCallback, DraftKind, PollWizardCallback, PollWizardStep
from db.models import Role
from handlers.broadcasting import cancel_sending
from handlers.draft_choice import ask_about_open_draft
from handlers.machine_fill import fill_for_organiser, fill_report
from handlers.poll_wizard import prompts
from handlers.poll_wizard.draft import (
    OPTION_LIMIT,
    POLL_DRAFT,
    QUESTION_LIMIT,
    PollDraft,
    PollInputError,
    parse_options,
    parse_question,
    parse_translation,
)
from handlers.poll_wizard.sending import (
    ask_mode,
    choose_mode,
    choose_results,
    explain_preview,
    no_deadline,
    receive_deadline,
    send_poll,
    show_preview,
)
from handlers.poll_wizard.states import PollForm

__all__ = ["POLL_COMMANDS", "build_router"]

POLL_COMMANDS = ("newpoll",)


async def start_poll(message: Message, state: FSMContext, settings: Settings) -> None:
    if await ask_about_open_draft(message, state, DraftKind.POLL):
        return
    await state.clear()
    await state.set_state(PollForm.question)
    await prompts.ask_question(message.bot, message.chat.id, settings)


async def receive_question(message: Message, state: FSMContext, settings: Settings) -> None:
    try:
        question = parse_question(message.text or "")
    except PollInputError as problem:
        await message.answer(problem.message)
        return
    await POLL_DRAFT.save(state, PollDraft(question={settings.default_locale: question}))
    await state.set_state(PollForm.options)
    await prompts.ask_options(message.bot, message.chat.id)


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
    await prompts.ask_translations(message.bot, message.chat.id, settings)


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
            language=language_name(code),
            languages=", ".join(language_name(c) for c in draft.question),
        )
    )


async def translate_missing(
    callback: CallbackQuery,
    state: FSMContext,
    settings: Settings,
    i18n: Catalogues,
    translation_engine: TranslationEngine | None,
) -> None:
    draft = await POLL_DRAFT.read(state)
    source = settings.default_locale

    def fits(texts: list[str]) -> bool:
        question, options = texts[0], texts[1:]
        return (
            len(question) <= QUESTION_LIMIT
            and all(0 < len(option) <= OPTION_LIMIT for option in options)
            and len({option.casefold() for option in options}) == len(options)
        )

    texts = [draft.question[source], *draft.options[source]]
    fill = await fill_for_organiser(
        callback, translation_engine, i18n, texts, source, list(draft.question), fits
    )
    if fill is None:
        return
    # Read again: the organiser may have sent a translation while the engine worked.
    draft = await POLL_DRAFT.read(state)
    for code, (question, *options) in fill.filled.items():
        if code not in draft.question:
            draft.question[code] = question
            draft.options[code] = options
    await POLL_DRAFT.save(state, draft)
    await callback.bot.send_message(callback.from_user.id, fill_report(fill, source))


@flags.once_per_album
async def ask_for_text(message: Message) -> None:
    await message.answer(_("Please send this as a text message."))


def _step(step: PollWizardStep):
    return PollWizardCallback.filter(F.step == step)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.ORGANISER))
    router.callback_query.filter(HasRole(Role.ORGANISER))
    written = TEXT_NOT_A_COMMAND
    router.message.register(start_poll, Command(*POLL_COMMANDS))
    router.message.register(receive_question, StateFilter(PollForm.question), written)
    router.message.register(receive_options, StateFilter(PollForm.options), written)
    router.message.register(receive_translation, StateFilter(PollForm.translating), written)
    router.message.register(receive_deadline, StateFilter(PollForm.choosing_deadline), written)
    router.message.register(
        ask_for_text,
        StateFilter(PollForm.question, PollForm.options, PollForm.translating,
                    PollForm.choosing_deadline),
        WITHOUT_TEXT,
    )  # fmt: skip
    router.callback_query.register(
        ask_mode, _step(PollWizardStep.TRANSLATIONS_DONE), StateFilter(PollForm.translating)
    )
    router.callback_query.register(
        translate_missing,
        _step(PollWizardStep.TRANSLATE_MISSING),
        StateFilter(PollForm.translating),
    )
    router.callback_query.register(
        choose_mode,
        PollWizardCallback.filter(
            F.step.in_({PollWizardStep.SINGLE_CHOICE, PollWizardStep.MULTIPLE_CHOICE})
        ),
        StateFilter(PollForm.choosing_mode),
    )
    router.callback_query.register(
        choose_results,
        PollWizardCallback.filter(
            F.step.in_({PollWizardStep.SHOW_RESULTS, PollWizardStep.HIDE_RESULTS})
        ),
        StateFilter(PollForm.choosing_results),
    )
    router.callback_query.register(
        no_deadline, _step(PollWizardStep.NO_DEADLINE), StateFilter(PollForm.choosing_deadline)
    )
    router.callback_query.register(
        show_preview, AudienceCallback.filter(), StateFilter(PollForm.choosing_audience)
    )
    router.callback_query.register(explain_preview, _step(PollWizardStep.PREVIEW_TAP))
    router.callback_query.register(
        send_poll, _step(PollWizardStep.SEND), StateFilter(PollForm.confirming)
    )
    router.callback_query.register(
        cancel_sending, _step(PollWizardStep.CANCEL), StateFilter(PollForm)
    )
    return router
