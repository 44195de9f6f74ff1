"""The safety report flow, the staff chat's buttons on a report, and the resident's answer."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.views.callbacks.bounds import RowId
from db.models import IdeaStatus, SafetyCategory, TimeOfDay, Visibility, WhenHappened

__all__ = [
    "AnswerStaffCallback",
    "ReportAction",
    "ReportCategoryCallback",
    "ReportPlaceCallback",
    "ReportStepCallback",
    "ReportTimeCallback",
    "ReportVisibilityCallback",
    "ReportWhenCallback",
    "StaffAction",
    "StaffReportCallback",
    "StaffStatusCallback",
]


class ReportAction(StrEnum):
    START = "start"
    DESCRIBE_PLACE = "describe"
    NEXT = "next"
    SEND = "send"
    CANCEL = "cancel"
    # Asked when the wizard is started again while its draft is open.
    RESUME = "resume"
    RESTART = "restart"


class ReportStepCallback(CallbackData, prefix="rs"):
    action: ReportAction


class ReportCategoryCallback(CallbackData, prefix="rc"):
    category: SafetyCategory


class ReportPlaceCallback(CallbackData, prefix="rp"):
    place_id: str


class ReportWhenCallback(CallbackData, prefix="rw"):
    happened: WhenHappened


class ReportTimeCallback(CallbackData, prefix="rt"):
    time_of_day: TimeOfDay


class ReportVisibilityCallback(CallbackData, prefix="rv"):
    visibility: Visibility


class StaffAction(StrEnum):
    ACKNOWLEDGE = "ack"
    CHOOSE_STATUS = "status"
    ASK = "ask"
    STOP_ANSWERS = "stop"


class StaffReportCallback(CallbackData, prefix="sr"):
    report_id: RowId
    action: StaffAction


class StaffStatusCallback(CallbackData, prefix="ss"):
    report_id: RowId
    status: IdeaStatus


class AnswerStaffCallback(CallbackData, prefix="ra"):
    report_id: RowId
