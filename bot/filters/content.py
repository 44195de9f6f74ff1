"""What a message holds and where it was sent, as filters aiogram awaits.

aiogram runs a filter that is not a coroutine (a bare ``F`` expression, a ``State``) in a
worker thread, once for every update that reaches it: a thread hop per filter per update,
more than the check itself. These are the same checks, awaited on the loop; states are
checked with aiogram's ``StateFilter`` for the same reason.
"""

from __future__ import annotations

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import MagicData

__all__ = [
    "HAS_LOCATION",
    "HAS_PHOTO",
    "IN_PRIVATE_CHAT",
    "NOT_A_COMMAND",
    "TAPPED_IN_PRIVATE_CHAT",
    "TEXT_NOT_A_COMMAND",
    "WITHOUT_TEXT",
]

IN_PRIVATE_CHAT = MagicData(F.event.chat.type == ChatType.PRIVATE)
TAPPED_IN_PRIVATE_CHAT = MagicData(F.event.message.chat.type == ChatType.PRIVATE)
# Anything but a command: a command always reaches its own handler, even in a wizard.
NOT_A_COMMAND = MagicData(~F.event.text.startswith("/"))
TEXT_NOT_A_COMMAND = MagicData(F.event.text & ~F.event.text.startswith("/"))
WITHOUT_TEXT = MagicData(~F.event.text)
HAS_PHOTO = MagicData(F.event.photo)
HAS_LOCATION = MagicData(F.event.location)
