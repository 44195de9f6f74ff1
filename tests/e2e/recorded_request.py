"""The record of one call the bot made to the fake Bot API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .entity_parsing import EntityParseError, parse_entities
from .telegram_objects import inline_buttons, keyboard_buttons
from .validator import UploadedFile

__all__ = ["Request"]


@dataclass
class Request:
    """One HTTP call the bot made, with decoded parameters and the answer it got."""

    index: int
    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    result: Any = None
    error_code: int | None = None
    error: str | None = None
    finished: bool = False
    abandoned: bool = False

    @property
    def ok(self) -> bool:
        return self.finished and self.error is None

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        """The raw ``text`` or ``caption`` parameter (with markup, if any)."""
        value = self.params.get("text", self.params.get("caption"))
        return value if isinstance(value, str) else None

    @property
    def plain_text(self) -> str | None:
        """``text``/``caption`` as the user sees it: markup parsed, entities decoded."""
        text = self.text
        mode = self.params.get("parse_mode")
        if text is None or not isinstance(mode, str):
            return text
        try:
            return parse_entities(text, mode).text
        except EntityParseError:
            return text

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline or reply keyboard buttons sent with this request, row by row."""
        markup = self.reply_markup
        return [*inline_buttons(markup), *keyboard_buttons(markup)]

    @property
    def button_texts(self) -> list[str]:
        return [button["text"] for button in self.buttons]

    @property
    def message(self) -> dict[str, Any] | None:
        """The Message the bot got back, if this call returned one."""
        result = self.result
        return result if isinstance(result, dict) and "chat" in result else None

    @property
    def message_id(self) -> int | None:
        if isinstance(self.result, dict) and "message_id" in self.result:
            return self.result["message_id"]
        value = self.params.get("message_id")
        return value if isinstance(value, int) else None

    def summary(self) -> str:
        parts = [f"#{self.index} {self.method}"]
        for key in ("chat_id", "message_id", "callback_query_id", "offset", "language_code"):
            if key in self.params:
                parts.append(f"{key}={self.params[key]!r}")
        if self.text is not None:
            text = self.text if len(self.text) <= 80 else self.text[:77] + "..."
            parts.append(f"text={text!r}")
        if self.button_texts:
            parts.append(f"buttons={self.button_texts!r}")
        if not self.finished:
            parts.append("-> (pending)")
        elif self.abandoned:
            parts.append("-> (client went away)")
        elif self.error:
            parts.append(f"-> {self.error_code} {self.error}")
        else:
            parts.append("-> ok")
        if self.violations:
            parts.append(f"VIOLATIONS: {self.violations}")
        return " ".join(parts)
