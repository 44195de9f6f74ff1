"""The idea wizard's router: which handler answers at which step."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.filters.content import HAS_LOCATION, HAS_PHOTO, NOT_A_COMMAND
from bot.middlewares.wizard import WizardExpiryMiddleware
from bot.views.callbacks import (
    IdeaCategoryCallback,
    IdeaPlaceCallback,
    IdeaWizardCallback,
    MenuAction,
    MenuCallback,
    SupportInsteadCallback,
    WizardAction,
)
from handlers.draft_choice import no_draft_any_more
from handlers.idea_wizard.edits import (
    edit_description,
    edits_a_sent_text,
    edits_the_description,
    explain_sent_edit,
)
from handlers.idea_wizard.extras import (
    add_location,
    add_photo,
    choose_no_place,
    choose_place,
    explain_extras,
    show_places,
)
from handlers.idea_wizard.resume import restart_idea, resume_idea
from handlers.idea_wizard.sending import (
    cancel_idea,
    continue_to_similar,
    edit_text,
    send_idea,
    show_preview,
    support_instead,
)
from handlers.idea_wizard.states import IdeaForm
from handlers.idea_wizard.writing import (
    ask_for_category_again,
    choose_category,
    receive_text,
    start_idea,
    start_idea_from_menu,
)
from handlers.step_context import StepContextMiddleware

__all__ = ["build_router"]


def _action(action: WizardAction):
    return IdeaWizardCallback.filter(F.action == action)


def build_router() -> Router:
    router = Router(name=__name__)
    expiry = WizardExpiryMiddleware()
    router.message.middleware(expiry)
    router.message.middleware(StepContextMiddleware())
    router.callback_query.middleware(expiry)

    router.message.register(start_idea, Command("idea"))
    router.callback_query.register(
        start_idea_from_menu, MenuCallback.filter(F.action == MenuAction.NEW_IDEA)
    )
    router.callback_query.register(cancel_idea, _action(WizardAction.CANCEL), StateFilter(IdeaForm))
    router.callback_query.register(resume_idea, _action(WizardAction.RESUME), StateFilter(IdeaForm))
    router.callback_query.register(
        restart_idea, _action(WizardAction.RESTART), StateFilter(IdeaForm)
    )
    router.callback_query.register(
        no_draft_any_more,
        IdeaWizardCallback.filter(F.action.in_({WizardAction.RESUME, WizardAction.RESTART})),
    )

    category = StateFilter(IdeaForm.choosing_category)
    router.callback_query.register(choose_category, IdeaCategoryCallback.filter(), category)
    router.message.register(ask_for_category_again, category, NOT_A_COMMAND)

    writing = StateFilter(IdeaForm.writing_text)
    router.message.register(receive_text, writing, NOT_A_COMMAND)

    extras = StateFilter(IdeaForm.adding_extras)
    router.message.register(add_photo, extras, HAS_PHOTO)
    router.message.register(add_location, extras, HAS_LOCATION)
    router.callback_query.register(show_places, _action(WizardAction.CHOOSE_PLACE), extras)
    router.callback_query.register(choose_place, IdeaPlaceCallback.filter(), extras)
    router.callback_query.register(choose_no_place, _action(WizardAction.NO_PLACE), extras)
    router.callback_query.register(continue_to_similar, _action(WizardAction.NEXT), extras)
    router.message.register(explain_extras, extras, NOT_A_COMMAND)

    similar = StateFilter(IdeaForm.checking_similar)
    router.callback_query.register(support_instead, SupportInsteadCallback.filter(), similar)
    router.callback_query.register(show_preview, _action(WizardAction.OWN_IDEA), similar)

    confirming = StateFilter(IdeaForm.confirming)
    router.callback_query.register(send_idea, _action(WizardAction.SEND), confirming)
    router.callback_query.register(edit_text, _action(WizardAction.EDIT), confirming)

    # Edits: of the draft's own words, or of a sent idea's; no other edit is answered.
    router.edited_message.register(edit_description, edits_the_description)
    router.edited_message.register(explain_sent_edit, edits_a_sent_text)
    return router
