"""Every callback factory fits Telegram's 64 bytes with its largest values."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from aiogram.filters.callback_data import CallbackData

from bot.area import IDEA_CATEGORIES
from bot.i18n.languages import LANGUAGES
from bot.services.exports import ExportKind
from bot.services.ideas import IdeaOrder
from bot.services.review import QueueKind
from bot.views import callbacks as cb
from db.models import (
    FlagReason,
    IdeaStatus,
    SafetyCategory,
    TimeOfDay,
    Visibility,
    WhenHappened,
)

# The bounds of bot.views.callbacks.bounds: a row id and a page or a number of days.
LARGEST_ID = 2**31 - 1
LARGEST_COUNT = 100_000
LONGEST_PLACE_ID = "x" * 16
LONGEST_CATEGORY = max(IDEA_CATEGORIES, key=len)

Packs = dict[type[CallbackData], list[str]]


def _menu() -> Packs:
    return {
        cb.MenuCallback: [cb.MenuCallback(action=action).pack() for action in cb.MenuAction],
        cb.LanguageCallback: [cb.LanguageCallback(code=code).pack() for code in LANGUAGES],
        cb.SettingsCallback: [
            cb.SettingsCallback(topic=topic).pack() for topic in cb.SettingsTopic
        ],
    }


def _privacy() -> Packs:
    return {
        cb.ForgetCallback: [cb.ForgetCallback(choice=choice).pack() for choice in cb.ForgetChoice],
        cb.OpenDraftCallback: [
            cb.OpenDraftCallback(choice=choice, starting=kind).pack()
            for choice in cb.OpenDraftChoice
            for kind in cb.DraftKind
        ],
    }


def _roles() -> Packs:
    return {
        cb.RevokeRoleCallback: [cb.RevokeRoleCallback(resident_id=LARGEST_ID).pack()],
    }


def _ideas() -> Packs:
    return {
        cb.IdeaCategoryCallback: [
            cb.IdeaCategoryCallback(category=category).pack() for category in IDEA_CATEGORIES
        ],
        cb.IdeaWizardCallback: [
            cb.IdeaWizardCallback(action=action).pack() for action in cb.WizardAction
        ],
        cb.IdeaPlaceCallback: [cb.IdeaPlaceCallback(place_id=LONGEST_PLACE_ID).pack()],
        cb.SupportInsteadCallback: [cb.SupportInsteadCallback(idea_id=LARGEST_ID).pack()],
        cb.IdeaListCallback: [
            cb.IdeaListCallback(order=order, category=LONGEST_CATEGORY, page=LARGEST_COUNT).pack()
            for order in IdeaOrder
        ],
        cb.IdeaFilterCallback: [cb.IdeaFilterCallback(order=order).pack() for order in IdeaOrder],
        cb.IdeaVoteCallback: [
            cb.IdeaVoteCallback(
                idea_id=LARGEST_ID, order=order, category=LONGEST_CATEGORY, page=LARGEST_COUNT
            ).pack()
            for order in IdeaOrder
        ],
        cb.IdeaOpenCallback: [cb.IdeaOpenCallback(idea_id=LARGEST_ID).pack()],
        cb.IdeaPhotosCallback: [cb.IdeaPhotosCallback(idea_id=LARGEST_ID).pack()],
        cb.IdeaFlagCallback: [
            cb.IdeaFlagCallback(idea_id=LARGEST_ID, reason=reason).pack()
            for reason in [None, *FlagReason]
        ],
        cb.IdeaWithdrawCallback: [
            cb.IdeaWithdrawCallback(idea_id=LARGEST_ID, confirmed=True).pack()
        ],
    }


def _safety() -> Packs:
    return {
        cb.ReportStepCallback: [
            cb.ReportStepCallback(action=action).pack() for action in cb.ReportAction
        ],
        cb.ReportCategoryCallback: [
            cb.ReportCategoryCallback(category=category).pack() for category in SafetyCategory
        ],
        cb.ReportPlaceCallback: [cb.ReportPlaceCallback(place_id=LONGEST_PLACE_ID).pack()],
        cb.ReportWhenCallback: [
            cb.ReportWhenCallback(happened=happened).pack() for happened in WhenHappened
        ],
        cb.ReportTimeCallback: [
            cb.ReportTimeCallback(time_of_day=time_of_day).pack() for time_of_day in TimeOfDay
        ],
        cb.ReportVisibilityCallback: [
            cb.ReportVisibilityCallback(visibility=visibility).pack() for visibility in Visibility
        ],
        cb.StaffReportCallback: [
            cb.StaffReportCallback(report_id=LARGEST_ID, action=action).pack()
            for action in cb.StaffAction
        ],
        cb.StaffStatusCallback: [
            cb.StaffStatusCallback(report_id=LARGEST_ID, status=status).pack()
            for status in IdeaStatus
        ],
        cb.AnswerStaffCallback: [cb.AnswerStaffCallback(report_id=LARGEST_ID).pack()],
    }


def _review() -> Packs:
    return {
        cb.ReviewListCallback: [
            cb.ReviewListCallback(
                kind=kind,
                status=IdeaStatus.NOT_GOING_AHEAD.value,
                category=max(IDEA_CATEGORIES + tuple(SafetyCategory), key=len),
                age=90,
                most_supported=True,
                page=LARGEST_COUNT,
            ).pack()
            for kind in QueueKind
        ],
        cb.ReviewFilterCallback: [
            cb.ReviewFilterCallback(
                field=field,
                kind=QueueKind.SAFETY,
                status=IdeaStatus.NOT_GOING_AHEAD.value,
                category=max(IDEA_CATEGORIES + tuple(SafetyCategory), key=len),
                age=90,
            ).pack()
            for field in cb.ReviewFilterField
        ],
        cb.ReviewOpenCallback: [
            cb.ReviewOpenCallback(kind=kind, item_id=LARGEST_ID).pack() for kind in QueueKind
        ],
        cb.ReviewActionCallback: [
            cb.ReviewActionCallback(idea_id=LARGEST_ID, action=action).pack()
            for action in cb.ReviewAction
        ],
        cb.ReviewStatusCallback: [
            cb.ReviewStatusCallback(idea_id=LARGEST_ID, status=status).pack()
            for status in IdeaStatus
        ],
    }


def _exports() -> Packs:
    return {
        cb.ExportCallback: [cb.ExportCallback(kind=kind).pack() for kind in ExportKind],
    }


def _broadcasts() -> Packs:
    return {
        cb.AnnounceCallback: [cb.AnnounceCallback(step=step).pack() for step in cb.AnnounceStep],
        cb.AudienceCallback: [
            cb.AudienceCallback(language=code).pack() for code in ["", *LANGUAGES]
        ],
    }


def _polls() -> Packs:
    return {
        cb.PollWizardCallback: [
            cb.PollWizardCallback(step=step).pack() for step in cb.PollWizardStep
        ],
        cb.PollAnswerCallback: [
            cb.PollAnswerCallback(poll_id=LARGEST_ID, option_id=LARGEST_ID).pack()
        ],
        cb.PollManageCallback: [
            cb.PollManageCallback(action=action, poll_id=LARGEST_ID, page=LARGEST_COUNT).pack()
            for action in cb.PollAction
        ],
    }


def _largest_packs() -> Packs:
    """Each factory packed with its largest values, gathered from one table per module."""
    return {
        factory: packed
        for table in (
            _menu(),
            _privacy(),
            _roles(),
            _ideas(),
            _safety(),
            _review(),
            _exports(),
            _broadcasts(),
            _polls(),
        )
        for factory, packed in table.items()
    }


def _factories_in(module: ModuleType) -> set[type[CallbackData]]:
    return {
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, CallbackData) and value is not CallbackData
    }


def test_every_factory_is_tested_here() -> None:
    assert _factories_in(cb) == set(_largest_packs())


def test_every_factory_of_every_feature_is_exported_from_the_package() -> None:
    defined = set()
    for feature in pkgutil.iter_modules(cb.__path__, f"{cb.__name__}."):
        defined |= _factories_in(importlib.import_module(feature.name))
    assert defined == _factories_in(cb)


def test_largest_values_fit_in_64_bytes() -> None:
    for factory, packed in _largest_packs().items():
        for data in packed:
            assert len(data.encode()) <= 64, (factory.__name__, data)
            assert factory.unpack(data).pack() == data


def test_prefixes_are_unique() -> None:
    prefixes = [factory.__prefix__ for factory in _largest_packs()]
    assert len(prefixes) == len(set(prefixes))
