"""The safety wizard's router: which handler answers at which step."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.filters.content import HAS_LOCATION, HAS_PHOTO, IN_PRIVATE_CHAT, NOT_A_COMMAND
from bot.middlewares.wizard import WizardExpiryMiddleware
from bot.views.callbacks import (
    MenuAction,
    MenuCallback,
    ReportAction,
    ReportCategoryCallback,
    ReportPlaceCallback,
    ReportStepCallback,
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
)
from handlers.draft_choice import no_draft_any_more
from handlers.safety.edits import (
    edit_description,
    edits_a_sent_report,
    edits_the_description,
    explain_sent_edit,
)
from handlers.safety.resume import restart_report, resume_report
from handlers.safety.send import cancel_report, send_report, use_the_buttons
from handlers.safety.states import ReportForm
from handlers.safety.what import (
    add_photo,
    choose_time,
    choose_visibility,
    choose_when,
    describe,
    explain_photo_step,
    skip_photo,
)
from handlers.safety.where import (
    ask_category,
    ask_place_description,
    choose_category,
    choose_place,
    describe_place,
    explain_place_step,
    share_location,
    start_report,
    start_report_from_menu,
)
from handlers.step_context import StepContextMiddleware

__all__ = ["build_router"]


def _step(action: ReportAction):
    return ReportStepCallback.filter(F.action == action)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IN_PRIVATE_CHAT)
    expiry = WizardExpiryMiddleware()
    router.message.middleware(expiry)
    router.message.middleware(StepContextMiddleware())
    router.callback_query.middleware(expiry)

    router.message.register(start_report, Command("report"))
    router.callback_query.register(
        start_report_from_menu, MenuCallback.filter(F.action == MenuAction.REPORT)
    )
    router.callback_query.register(
        cancel_report, _step(ReportAction.CANCEL), StateFilter(ReportForm)
    )
    router.callback_query.register(
        resume_report, _step(ReportAction.RESUME), StateFilter(ReportForm)
    )
    router.callback_query.register(
        restart_report, _step(ReportAction.RESTART), StateFilter(ReportForm)
    )
    router.callback_query.register(
        no_draft_any_more,
        ReportStepCallback.filter(F.action.in_({ReportAction.RESUME, ReportAction.RESTART})),
    )
    router.callback_query.register(
        ask_category, _step(ReportAction.START), StateFilter(ReportForm.reading_guidance)
    )
    router.callback_query.register(
        choose_category, ReportCategoryCallback.filter(), StateFilter(ReportForm.choosing_category)
    )
    places = StateFilter(ReportForm.choosing_place)
    router.callback_query.register(choose_place, ReportPlaceCallback.filter(), places)
    router.callback_query.register(
        ask_place_description, _step(ReportAction.DESCRIBE_PLACE), places
    )
    router.message.register(share_location, HAS_LOCATION, places)
    router.message.register(explain_place_step, places, NOT_A_COMMAND)
    router.message.register(describe_place, StateFilter(ReportForm.describing_place), NOT_A_COMMAND)
    router.callback_query.register(
        choose_when, ReportWhenCallback.filter(), StateFilter(ReportForm.choosing_when)
    )
    router.callback_query.register(
        choose_time, ReportTimeCallback.filter(), StateFilter(ReportForm.choosing_time)
    )
    router.message.register(describe, StateFilter(ReportForm.describing), NOT_A_COMMAND)
    photo = StateFilter(ReportForm.adding_photo)
    router.message.register(add_photo, HAS_PHOTO, photo)
    router.callback_query.register(skip_photo, _step(ReportAction.NEXT), photo)
    router.message.register(explain_photo_step, photo, NOT_A_COMMAND)
    router.callback_query.register(
        choose_visibility,
        ReportVisibilityCallback.filter(),
        StateFilter(ReportForm.choosing_visibility),
    )
    router.callback_query.register(
        send_report, _step(ReportAction.SEND), StateFilter(ReportForm.confirming)
    )
    router.message.register(
        use_the_buttons,
        StateFilter(
            ReportForm.reading_guidance,
            ReportForm.choosing_category,
            ReportForm.choosing_when,
            ReportForm.choosing_time,
            ReportForm.choosing_visibility,
            ReportForm.confirming,
        ),
        NOT_A_COMMAND,
    )
    # Edits: of the draft's own words, or of a sent report's; no other edit is answered.
    router.edited_message.register(edit_description, edits_the_description)
    router.edited_message.register(explain_sent_edit, edits_a_sent_report)
    return router
