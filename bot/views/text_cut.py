"""Cutting a text to fit a list or a button: at a word boundary, marked with "…"."""

from __future__ import annotations

__all__ = ["shorten"]

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else its first whole words and "…".

    A single word longer than the limit (a link, a run of letters) is cut inside it.
    """
    text = " ".join(text.split()) if len(text) > limit else text
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text[: room + 1]
    boundary = cut.rfind(" ")
    head = cut[:boundary] if boundary > room // 2 else text[:room]
    return head.rstrip(" ,.;:-–") + ELLIPSIS
