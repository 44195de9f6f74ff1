"""Keyboards of the safety flow, and of the staff chat's report alerts."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.i18n.names import (
    idea_status_name,
    safety_category_name,
    time_of_day_name,
    visibility_name,
    when_happened_name,
)
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import (
    AnswerStaffCallback,
    ReportAction,
    ReportCategoryCallback,
    ReportPlaceCallback,
    ReportStepCallback,
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
    StaffAction,
    StaffReportCallback,
    StaffStatusCallback,
)
from db.models import IdeaStatus, SafetyCategory, TimeOfDay, Visibility, WhenHappened

__all__ = [
    "answer_keyboard",
    "report_categories_keyboard",
    "report_continue_keyboard",
    "report_photo_keyboard",
    "report_places_keyboard",
    "report_preview_keyboard",
    "report_resume_or_restart_keyboard",
    "report_time_keyboard",
    "report_visibility_keyboard",
    "report_when_keyboard",
    "staff_alert_keyboard",
    "staff_status_keyboard",
]

# The statuses staff can choose for a report; withdrawing is the resident's own act.
STAFF_STATUSES = [status for status in IdeaStatus if status is not IdeaStatus.WITHDRAWN]


def _step(action: ReportAction) -> ReportStepCallback:
    return ReportStepCallback(action=action)


def _with_cancel(builder: KeyboardBuilder) -> InlineKeyboardMarkup:
    builder.button(text=_("✖️ Cancel"), callback_data=_step(ReportAction.CANCEL))
    builder.adjust(1)
    return builder.as_markup()


def report_resume_or_restart_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("✏️ Carry on with it"), callback_data=_step(ReportAction.RESUME))
    builder.button(text=_("🗑 Start over"), callback_data=_step(ReportAction.RESTART))
    builder.adjust(1)
    return builder.as_markup()


def report_continue_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("➡️ Continue"), callback_data=_step(ReportAction.START))
    return _with_cancel(builder)


def report_categories_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for category in SafetyCategory:
        builder.button(
            text=safety_category_name(category),
            callback_data=ReportCategoryCallback(category=category),
        )
    return _with_cancel(builder)


def report_places_keyboard(area: AreaProfile) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for place in area.places:
        builder.button(text=place.name, callback_data=ReportPlaceCallback(place_id=place.id))
    builder.button(
        text=_("✏️ Describe the place in words"), callback_data=_step(ReportAction.DESCRIBE_PLACE)
    )
    builder.button(text=_("✖️ Cancel"), callback_data=_step(ReportAction.CANCEL))
    builder.adjust(*([2] * (len(area.places) // 2)), 1, 1, 1)
    return builder.as_markup()


def report_when_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for happened in WhenHappened:
        builder.button(
            text=when_happened_name(happened), callback_data=ReportWhenCallback(happened=happened)
        )
    return _with_cancel(builder)


def report_time_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for time_of_day in TimeOfDay:
        builder.button(
            text=time_of_day_name(time_of_day),
            callback_data=ReportTimeCallback(time_of_day=time_of_day),
        )
    return _with_cancel(builder)


def report_photo_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("➡️ Continue without a photo"), callback_data=_step(ReportAction.NEXT))
    return _with_cancel(builder)


def report_visibility_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for visibility in Visibility:
        builder.button(
            text=visibility_name(visibility),
            callback_data=ReportVisibilityCallback(visibility=visibility),
        )
    return _with_cancel(builder)


def report_preview_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("✅ Send"), callback_data=_step(ReportAction.SEND))
    return _with_cancel(builder)


def staff_alert_keyboard(report_id: int) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for action, label in (
        (StaffAction.ACKNOWLEDGE, _("👀 Mark as under review")),
        (StaffAction.CHOOSE_STATUS, _("🔄 Set status with a note")),
        (StaffAction.ASK, _("💬 Ask the resident")),
        (StaffAction.STOP_ANSWERS, _("🔕 No more answers")),
    ):
        builder.button(
            text=label, callback_data=StaffReportCallback(report_id=report_id, action=action)
        )
    builder.adjust(1)
    return builder.as_markup()


def staff_status_keyboard(report_id: int) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for status in STAFF_STATUSES:
        builder.button(
            text=idea_status_name(status),
            callback_data=StaffStatusCallback(report_id=report_id, status=status),
        )
    builder.adjust(2)
    return builder.as_markup()


def answer_keyboard(report_id: int) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("✍️ Answer"), callback_data=AnswerStaffCallback(report_id=report_id))
    return builder.as_markup()
