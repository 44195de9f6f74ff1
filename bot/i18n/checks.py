"""What a translation must keep to be safe to show: the checks the catalogue tests run
on every catalogue and the review kit runs on every correction a reviewer sends back.

A translation keeps the source's ``{placeholders}`` (the code fills them by name) and
HTML tags (Telegram refuses a message whose tags do not match), keeps every ``/command``
(residents type them), has one text per plural form of its language, and fits the
Telegram limit of where it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from babel.messages.catalog import Message

__all__ = [
    "COMMAND",
    "PLACEHOLDER",
    "POP_UPS",
    "TAG",
    "Limit",
    "length_limit",
    "plural_count",
    "source_text",
    "translated_forms",
    "translation_problems",
]

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")
COMMAND = re.compile(r"(?<![\w/])/[a-z]+")

# Texts shown with answerCallbackQuery, which Telegram caps at 200 characters.
POP_UPS = frozenset(
    {
        "That language is not available. Please choose again.",
        "This button no longer works. Type /start to see the menu.",
        "Role removed.",
        "Translating…",
        "There is no translation engine on this bot. Add the translations yourself.",
        "This role was already removed.",
        "Sorry, only administrators can use this button.",
        "That took a while, so I deleted your draft. Nothing was saved. Start again from the menu.",
        "You have already chosen. Carry on from the last message.",
        "That draft is no longer open, so nothing was changed. Start again from the menu.",
        "Thank you for your support! I will tell you what happens.",
        "You no longer support this idea.",
        "This idea can no longer be supported.",
        "This idea is no longer available.",
        "This is your own idea, so you cannot support it. I will tell you what happens.",
        "This report no longer exists.",
        "This question can no longer be answered.",
        "Done: the resident cannot answer about {reference} until you ask a new question.",
        "Done: the resident will be told that you are looking at it.",
        "Only staff can use these buttons.",
        "I do not know you yet. If you are staff, open a private chat with me and send /start, "
        "then try this button again.",
        "If someone is in danger now, call 112.",
        "Thank you! Your answer is saved.",
        "Your answer is changed.",
        "This is already your answer.",
        "This option is removed from your answer.",
        "This poll is closed. Your tap was not counted.",
        "This poll no longer has that option.",
        "This poll does not exist any more.",
        "The poll is closed.",
        "This poll was already closed.",
        "Drawing the chart…",
        "This is only a preview: taps here are not counted.",
    }
)
# The command menu's descriptions (setMyCommands): 1-256 characters.
_COMMAND_MENU_FILE = "bot/views/commands.py"


_KEYBOARDS = "bot/views/keyboards/"


@dataclass(frozen=True, slots=True)
class Limit:
    characters: int
    shown_as: str


POP_UP = Limit(200, "pop-up (answerCallbackQuery)")
COMMAND_DESCRIPTION = Limit(256, "command menu description (setMyCommands)")
# Telegram documents no limit for a button's text; a long one is cut off on a phone.
BUTTON = Limit(4096, "button: no fixed limit, but keep it short enough for one line")
MESSAGE = Limit(4096, "message text")


def plural_count(plural_forms: str) -> int:
    """``nplurals`` of a gettext ``Plural-Forms`` header."""
    found = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    if found is None:
        raise ValueError(f"no nplurals in {plural_forms!r}")
    return int(found.group(1))


def source_text(message: Message) -> str:
    return message.id[0] if message.pluralizable else message.id


def translated_forms(message: Message) -> list[str]:
    return list(message.string) if message.pluralizable else [message.string]


def length_limit(message: Message) -> Limit:
    """The Telegram limit of where the text is shown; a message's 4096 when nothing
    shorter applies. Buttons are told apart (their folder, or a translator comment that
    says "a button") only to tell the reviewer: Telegram documents no limit for them."""
    if source_text(message) in POP_UPS:
        return POP_UP
    files = [location for location, _line in message.locations]
    if _COMMAND_MENU_FILE in files:
        return COMMAND_DESCRIPTION
    if any(path.startswith(_KEYBOARDS) for path in files) or any(
        "a button" in comment for comment in message.auto_comments
    ):
        return BUTTON
    return MESSAGE


def translation_problems(message: Message, forms: Sequence[str], nplurals: int) -> list[str]:
    """Why these translated forms of ``message`` cannot be used; empty when they can."""
    expected = nplurals if message.pluralizable else 1
    if len(forms) != expected:
        return [f"needs {expected} plural forms, has {len(forms)}"]
    source = source_text(message)
    names = {name[1:-1]: "x" for name in PLACEHOLDER.findall(source)}
    limit = length_limit(message)
    problems: list[str] = []
    for index, form in enumerate(forms):
        label = f"form {index}: " if message.pluralizable else ""
        if not form:
            problems.append(f"{label}empty")
            continue
        for pattern, what in ((PLACEHOLDER, "placeholders"), (TAG, "HTML tags")):
            if sorted(pattern.findall(form)) != sorted(pattern.findall(source)):
                wanted = " ".join(sorted(pattern.findall(source))) or "none"
                problems.append(f"{label}{what} must be exactly: {wanted}")
        missing = set(COMMAND.findall(source)) - set(COMMAND.findall(form))
        if missing:
            problems.append(f"{label}keep the commands {' '.join(sorted(missing))}")
        try:
            form.format(**names)
        except (KeyError, IndexError, ValueError) as error:
            problems.append(f"{label}braces: {error}")
        if len(form) > limit.characters:
            problems.append(
                f"{label}{len(form)} characters; a {limit.shown_as} holds {limit.characters}"
            )
    return problems
