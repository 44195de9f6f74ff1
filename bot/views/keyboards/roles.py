"""Administrator screens: the role holders with a revoke button each."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import gettext as _
from bot.services.roles import INVITABLE_ROLES, RoleHolder
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import RevokeRoleCallback

__all__ = ["role_holders_keyboard"]


def role_holders_keyboard(holders: Sequence[RoleHolder]) -> InlineKeyboardMarkup | None:
    revocable = [holder for holder in holders if holder.role in INVITABLE_ROLES]
    if not revocable:
        return None
    builder = KeyboardBuilder()
    for holder in revocable:
        builder.button(
            # Translators: a button label; {telegram_id} is a Telegram user number.
            text=_("Remove role from {telegram_id}").format(telegram_id=holder.telegram_id),
            callback_data=RevokeRoleCallback(resident_id=holder.resident_id),
        )
    builder.adjust(1)
    return builder.as_markup()
