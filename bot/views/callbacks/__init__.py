"""Every ``CallbackData`` factory, one module per feature, all re-exported here.

Import them from here (``from bot.views.callbacks import IdeaVoteCallback``). Values are
ids and enum members only: ``callback_data`` is 64 bytes, and text (an Arabic word is two
bytes a letter) would not fit and would leak into logs. Prefixes are short and unique
across the modules; a new factory is re-exported here, and tests/test_callbacks.py packs
it with its largest values.
"""

from __future__ import annotations

from bot.views.callbacks.broadcasts import AnnounceCallback, AnnounceStep, AudienceCallback
from bot.views.callbacks.drafts import DraftKind, OpenDraftCallback, OpenDraftChoice
from bot.views.callbacks.exports import ExportCallback
from bot.views.callbacks.ideas import (
    IdeaCategoryCallback,
    IdeaFilterCallback,
    IdeaFlagCallback,
    IdeaListCallback,
    IdeaOpenCallback,
    IdeaPhotosCallback,
    IdeaPlaceCallback,
    IdeaVoteCallback,
    IdeaWithdrawCallback,
    IdeaWizardCallback,
    SupportInsteadCallback,
    WizardAction,
)
from bot.views.callbacks.menu import (
    LanguageCallback,
    MenuAction,
    MenuCallback,
    SettingsCallback,
    SettingsTopic,
)
from bot.views.callbacks.polls import (
    PollAction,
    PollAnswerCallback,
    PollManageCallback,
    PollWizardCallback,
    PollWizardStep,
)
from bot.views.callbacks.privacy import ForgetCallback, ForgetChoice
from bot.views.callbacks.review import (
    ReviewAction,
    ReviewActionCallback,
    ReviewFilterCallback,
    ReviewFilterField,
    ReviewListCallback,
    ReviewOpenCallback,
    ReviewStatusCallback,
)
from bot.views.callbacks.roles import RevokeRoleCallback
from bot.views.callbacks.safety import (
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

__all__ = [
    "AnnounceCallback",
    "AnnounceStep",
    "AnswerStaffCallback",
    "AudienceCallback",
    "DraftKind",
    "ExportCallback",
    "ForgetCallback",
    "ForgetChoice",
    "IdeaCategoryCallback",
    "IdeaFilterCallback",
    "IdeaFlagCallback",
    "IdeaListCallback",
    "IdeaOpenCallback",
    "IdeaPhotosCallback",
    "IdeaPlaceCallback",
    "IdeaVoteCallback",
    "IdeaWithdrawCallback",
    "IdeaWizardCallback",
    "LanguageCallback",
    "MenuAction",
    "MenuCallback",
    "OpenDraftCallback",
    "OpenDraftChoice",
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
