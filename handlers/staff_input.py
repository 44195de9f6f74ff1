"""What staff type in answer to the bot's prompts, read the same way everywhere."""

from __future__ import annotations

__all__ = ["NO_NOTE", "note_from"]

# Typed instead of a note when the status change needs none.
NO_NOTE = "-"


def note_from(text: str | None) -> str | None:
    """The note as staff wrote it (trimmed), or None for "no note"."""
    note = (text or "").strip()
    return None if note in ("", NO_NOTE) else note
