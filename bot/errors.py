"""Errors the bot raises on purpose.

    BotError                 base; carries nothing but a message for the log
    └── UserFacingError      the resident is told ``user_message()``, translated

Expected outcomes (an invite already used, a vote withdrawn) are return values of
services, not exceptions. Anything else that escapes a handler is logged with the update
id and answered with a generic apology by ``handlers.errors``.
"""

from __future__ import annotations

from bot.i18n import gettext as _

__all__ = ["BotError", "UserFacingError"]


class BotError(Exception):
    """Base of the bot's own exceptions."""


class UserFacingError(BotError):
    """An error whose explanation the resident should read in their language."""

    def user_message(self) -> str:
        return _("Something went wrong on our side. Please try again in a moment.")
