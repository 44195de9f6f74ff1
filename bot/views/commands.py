"""The command menu Telegram shows beside the text field, in each resident's language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand

from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES

__all__ = ["publish_commands", "resident_commands"]

logger = logging.getLogger(__name__)


def resident_commands() -> list[BotCommand]:
    return [
        BotCommand(command="start", description=_("Show the welcome and the menu")),
        BotCommand(command="idea", description=_("Share an idea")),
        BotCommand(command="ideas", description=_("Ideas from residents")),
        BotCommand(command="my", description=_("Your ideas and the ones you follow")),
        BotCommand(command="report", description=_("Report something that feels unsafe")),
        BotCommand(command="polls", description=_("Polls you can answer")),
        BotCommand(command="settings", description=_("Announcements and polls: on or off")),
        BotCommand(command="privacy", description=_("Your data and your rights")),
        BotCommand(command="help", description=_("What the bot can do")),
        BotCommand(command="language", description=_("Choose your language")),
        BotCommand(command="cancel", description=_("Stop what you are doing")),
    ]


async def publish_commands(bot: Bot, i18n: Catalogues) -> None:
    """One ``setMyCommands`` per language, plus the default for everyone else.

    Telegram matches ``language_code`` against two-letter ISO 639-1 codes only, so a
    language without one (Sorani, ``ckb``) gets the default list; its speakers still see
    every message in their language once they have chosen it.
    """
    with i18n.context():
        try:
            with i18n.use_locale(i18n.default_locale):
                await bot.set_my_commands(resident_commands())
            for code in LANGUAGES:
                if len(code) != 2:
                    continue
                with i18n.use_locale(code):
                    await bot.set_my_commands(resident_commands(), language_code=code)
        except TelegramAPIError:
            # The menu is a convenience; the bot works without it.
            logger.warning("could not publish the command menu", exc_info=True)
