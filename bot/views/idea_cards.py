"""How an idea reads in the chat: one card, the same for residents and staff.

The resident's own words are shown as written (HTML-escaped, never translated); every
label around them is in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.i18n.names import category_name, idea_status_name, language_name
from bot.services.idea_submission import IdeaDraft
from bot.services.ideas import IdeaView
from bot.views.text_cut import shorten

__all__ = ["draft_card", "idea_card", "idea_snippet", "similar_ideas_text"]

SNIPPET_LENGTH = 160


def _place_line(area: AreaProfile, place_id: str | None, latitude: float | None) -> str | None:
    place = area.place(place_id) if place_id else None
    if place is not None:
        return _("📍 {place}").format(place=escape(place.name))
    if latitude is not None:
        return _("📍 A point on the map")
    return None


def _content(body: str | None, voice: bool) -> str:
    parts = []
    if body:
        parts.append(escape(body))
    if voice:
        parts.append(_("🎤 Voice message"))
    return "\n".join(parts)


def _language_line(language: str) -> str:
    # Translators: on an idea card: the language the resident wrote the idea in; the text
    # itself is never translated.
    return _("Written in: {language}").format(language=language_name(language))


def idea_card(idea: IdeaView, area: AreaProfile) -> str:
    lines = [
        _("💡 <b>Idea #{number}</b> · {category}").format(
            number=idea.id, category=category_name(idea.category)
        )
    ]
    if place := _place_line(area, idea.place_id, idea.latitude):
        lines.append(place)
    lines.append(_supporters(idea.support_count))
    lines.append(_("Status: {status}").format(status=idea_status_name(idea.status)))
    lines.append(_language_line(idea.language))
    return "\n".join(lines) + "\n\n" + _content(idea.body, idea.voice_file_id is not None)


def idea_snippet(idea: IdeaView) -> str:
    """One entry of a list: number, category, and the start of the text."""
    body = shorten(idea.body or "", SNIPPET_LENGTH)
    content = escape(body) if body else _("🎤 Voice message")
    # The support count is on the idea's button only: a tap then changes one button, not
    # the whole message.
    return _("<b>#{number}</b> · {category}\n{text}").format(
        number=idea.id, category=category_name(idea.category), text=content
    )


def _supporters(count: int) -> str:
    return _("👍 {count} supporter", "👍 {count} supporters", count).format(count=count)


def similar_ideas_text(ideas: Sequence[IdeaView]) -> str:
    """'Has this already been suggested?': each idea's start, in its own words, with its
    category and support, so the resident can choose without leaving the wizard."""
    intro = _(
        "Other residents have shared ideas that look similar. You can support one of them "
        "instead; that counts for more than a new idea."
    )
    entries = [f"{idea_snippet(idea)}\n{_supporters(idea.support_count)}" for idea in ideas]
    return "\n\n".join([intro, *entries])


def draft_card(draft: IdeaDraft, area: AreaProfile) -> str:
    """The preview before sending: the card as staff will see it, without a number yet."""
    lines = [_("💡 <b>New idea</b> · {category}").format(category=category_name(draft.category))]
    if place := _place_line(area, draft.place_id, draft.latitude):
        lines.append(place)
    if count := len(draft.photo_file_ids):
        lines.append(_("🖼 With {count} photo", "🖼 With {count} photos", count).format(count=count))
    lines.append(_language_line(draft.language))
    return "\n".join(lines) + "\n\n" + _content(draft.body, draft.voice_file_id is not None)
