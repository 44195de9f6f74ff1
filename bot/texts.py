"""Names the bot shows for its own enums, translated at the moment they are shown."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from db.models import Role

__all__ = ["language_prompt", "role_name"]


def role_name(role: Role) -> str:
    names = {
        # Translators: the four roles someone can hold in the bot, shown in role lists.
        Role.RESIDENT: _("resident"),
        Role.ORGANISER: _("organiser"),
        Role.STAFF: _("staff member"),
        Role.ADMIN: _("administrator"),
    }
    return names[role]


def language_prompt() -> str:
    return _("Which language should I use? You can change it at any time with /language.")
