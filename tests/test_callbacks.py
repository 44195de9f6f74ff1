"""Every callback factory fits Telegram's 64 bytes with its largest values."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.keyboards import callbacks
from bot.keyboards.callbacks import LanguageCallback, MenuAction, MenuCallback, RevokeRoleCallback
from bot.languages import LANGUAGES

LARGEST_ID = 2**63 - 1


def test_every_factory_is_tested_here() -> None:
    factories = {
        value
        for value in vars(callbacks).values()
        if isinstance(value, type) and issubclass(value, CallbackData) and value is not CallbackData
    }
    assert factories == {LanguageCallback, MenuCallback, RevokeRoleCallback}


def test_largest_values_fit_in_64_bytes() -> None:
    packed = [
        *(MenuCallback(action=action).pack() for action in MenuAction),
        *(LanguageCallback(code=code).pack() for code in LANGUAGES),
        RevokeRoleCallback(resident_id=LARGEST_ID).pack(),
    ]
    assert all(len(data.encode()) <= 64 for data in packed)
    assert len({data.split(":")[0] for data in packed}) == 3
