"""Every ``CallbackData`` factory, in one place so prefixes stay short and unique.

Values are ids and enum members only: ``callback_data`` is 64 bytes, and text (an
Arabic word is two bytes a letter) would not fit and would leak into logs.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.services.exports import ExportKind
from bot.services.ideas import IdeaOrder
from bot.services.review import QueueKind
from db.models import (
    FlagReason,
    IdeaStatus,
    SafetyCategory,
    TimeOfDay,
    Visibility,
    WhenHappened,
)

__all__ = [
    "AnnounceCallback",
    "AnnounceStep",
    "AnswerStaffCallback",
    "AudienceCallback",
    "ExportCallback",
    "ForgetCallback",
    "ForgetChoice",
    "IdeaCategoryCallback",
    "IdeaFilterCallback",
    "IdeaFlagCallback",
    "IdeaListCallback",
    "IdeaOpenCallback",
    "IdeaPlaceCallback",
    "IdeaVoteCallback",
    "IdeaWithdrawCallback",
    "IdeaWizardCallback",
    "LanguageCallback",
    "MenuAction",
    "MenuCallback",
    "PollAction",
    "PollAnswerCallback",
    "PollManageCallback",
    "PollWizardCallback",
    "PollWizardStep",
    "ReportAction",
    "ReportCategoryCallback",
    "ReportPlaceCallback",
    "ReportStepCallback",
    "ReportTimeCallback",
    "ReportVisibilityCallback",
    "ReportWhenCallback",
    "ReviewAction",
    "ReviewActionCallback",
    "ReviewFilterCallback",
    "ReviewFilterField",
    "ReviewListCallback",
    "ReviewOpenCallback",
    "ReviewStatusCallback",
    "RevokeRoleCallback",
    "SettingsCallback",
    "SettingsTopic",
    "StaffAction",
    "StaffReportCallback",
    "StaffStatusCallback",
    "SupportInsteadCallback",
    "WizardAction",
]


class MenuAction(StrEnum):
    LANGUAGE = "lang"
    HELP = "help"
    NEW_IDEA = "idea"
    IDEAS = "ideas"
    MINE = "mine"
    REPORT = "report"
    POLLS = "polls"


class MenuCallback(CallbackData, prefix="m"):
    action: MenuAction


class LanguageCallback(CallbackData, prefix="l"):
    code: str


class RevokeRoleCallback(CallbackData, prefix="rr"):
    resident_id: int


class IdeaCategoryCallback(CallbackData, prefix="ic"):
    category: str


class WizardAction(StrEnum):
    CHOOSE_PLACE = "place"
    NO_PLACE = "noplace"
    NEXT = "next"
    OWN_IDEA = "own"
    SEND = "send"
    EDIT = "edit"
    CANCEL = "cancel"


class IdeaWizardCallback(CallbackData, prefix="iw"):
    action: WizardAction


class IdeaPlaceCallback(CallbackData, prefix="ip"):
    place_id: str


class SupportInsteadCallback(CallbackData, prefix="is"):
    idea_id: int


class IdeaListCallback(CallbackData, prefix="il"):
    order: IdeaOrder
    category: str = ""
    page: int = 0


class IdeaFilterCallback(CallbackData, prefix="ig"):
    """Asks which category the list should show."""

    order: IdeaOrder


class IdeaVoteCallback(CallbackData, prefix="iv"):
    """A vote from a list (its order, category and page redraw it) or from a card."""

    idea_id: int
    order: IdeaOrder = IdeaOrder.NEWEST
    category: str = ""
    page: int = -1
    # What the tap asks for; None on buttons sent before taps said it (then it toggles).
    support: bool | None = None


class IdeaOpenCallback(CallbackData, prefix="io"):
    idea_id: int


class IdeaFlagCallback(CallbackData, prefix="if"):
    idea_id: int
    reason: FlagReason | None = None


class IdeaWithdrawCallback(CallbackData, prefix="ix"):
    idea_id: int
    confirmed: bool = False


class ReportAction(StrEnum):
    START = "start"
    DESCRIBE_PLACE = "describe"
    NEXT = "next"
    SEND = "send"
    CANCEL = "cancel"


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


class StaffReportCallback(CallbackData, prefix="sr"):
    report_id: int
    action: StaffAction


class StaffStatusCallback(CallbackData, prefix="ss"):
    report_id: int
    status: IdeaStatus


class AnswerStaffCallback(CallbackData, prefix="ra"):
    report_id: int


class ExportCallback(CallbackData, prefix="ex"):
    kind: ExportKind


class ReviewFilterField(StrEnum):
    STATUS = "status"
    CATEGORY = "category"
    AGE = "age"


class ReviewListCallback(CallbackData, prefix="rq"):
    kind: QueueKind = QueueKind.IDEAS
    status: str = ""
    category: str = ""
    age: int = 0
    most_supported: bool = False
    page: int = 0


class ReviewFilterCallback(CallbackData, prefix="rf"):
    """Asks for a value of one filter; the others travel along unchanged."""

    field: ReviewFilterField
    kind: QueueKind = QueueKind.IDEAS
    status: str = ""
    category: str = ""
    age: int = 0


class ReviewOpenCallback(CallbackData, prefix="ro"):
    kind: QueueKind
    item_id: int


class ReviewAction(StrEnum):
    STATUS = "status"
    DUPLICATE = "dup"
    HIDE = "hide"
    RESTORE = "restore"
    REPLY = "reply"
    BAN = "ban"
    UNBAN = "unban"


class ReviewActionCallback(CallbackData, prefix="ra2"):
    idea_id: int
    action: ReviewAction


class ReviewStatusCallback(CallbackData, prefix="rs2"):
    idea_id: int
    status: IdeaStatus


class ForgetChoice(StrEnum):
    KEEP_CONTRIBUTIONS = "keep"
    DELETE_EVERYTHING = "all"
    CANCEL = "cancel"


class ForgetCallback(CallbackData, prefix="fg"):
    choice: ForgetChoice


class SettingsTopic(StrEnum):
    ANNOUNCEMENTS = "a"
    POLLS = "p"


class SettingsCallback(CallbackData, prefix="st"):
    topic: SettingsTopic


class AnnounceStep(StrEnum):
    TRANSLATIONS_DONE = "done"
    SEND = "send"
    CANCEL = "cancel"


class AnnounceCallback(CallbackData, prefix="an"):
    step: AnnounceStep


class AudienceCallback(CallbackData, prefix="aa"):
    """Who gets an announcement or a poll; the wizard's state says which."""

    # Empty: everyone who receives that kind of broadcast.
    language: str = ""


class PollWizardStep(StrEnum):
    TRANSLATIONS_DONE = "done"
    SINGLE_CHOICE = "one"
    MULTIPLE_CHOICE = "many"
    SHOW_RESULTS = "show"
    HIDE_RESULTS = "hide"
    NO_DEADLINE = "open"
    PREVIEW_TAP = "tap"
    SEND = "send"
    CANCEL = "cancel"


class PollWizardCallback(CallbackData, prefix="pw"):
    step: PollWizardStep


class PollAnswerCallback(CallbackData, prefix="pa"):
    poll_id: int
    option_id: int


class PollAction(StrEnum):
    LIST = "list"
    RESULTS = "res"
    CHART = "chart"
    CSV = "csv"
    CLOSE = "close"


class PollManageCallback(CallbackData, prefix="pm"):
    action: PollAction
    poll_id: int = 0
    page: int = 0
