"""How a safety report reads: the resident's preview and the staff chat's alert.

Both use one layout, each in its reader's language. The staff version names the sender
only for a private report, through a Telegram mention; an anonymous one has no such line.
"""

from __future__ import annotations

from html import escape

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.i18n.languages import UNDETERMINED
from bot.i18n.names import (
    idea_status_name,
    language_name,
    safety_category_name,
    time_of_day_name,
    visibility_short_name,
    when_happened_name,
)
from bot.services.safety import ReportDraft, StaffReportView
from bot.views.translation_notes import with_translation
from db.models import IdeaStatus, Visibility

__all__ = [
    "erased_report_note",
    "report_preview",
    "resident_mention",
    "staff_alert",
    "unnamed_answer",
]


def _place(
    area: AreaProfile, place_id: str | None, place_text: str | None, latitude: float | None
) -> str:
    place = area.place(place_id) if place_id else None
    if place is not None:
        return escape(place.name)
    if place_text:
        return escape(place_text)
    if latitude is not None:
        return _("a point on the map")
    # Translators: after "Place:" when the resident gave no place.
    return _("not given")


def _content(body: str | None, voice: bool) -> str:
    if body:
        return escape(body)
    return _("🎤 Voice message") if voice else ""


def _language(code: str) -> str:
    if code == UNDETERMINED:
        return _("not known")
    return language_name(code)


def resident_mention(telegram_id: int) -> str:
    """A link staff can tap to open a private reporter's chat; no name is stored or shown."""
    # Translators: the text of a link on the staff card that opens a private reporter's chat;
    # no name is shown.
    label = _("the resident")
    return f'<a href="tg://user?id={telegram_id}">{escape(label)}</a>'


def unnamed_answer(reference: str, answer: str) -> str:
    """A private reporter's answer in the staff chat once who sent it is forgotten."""
    return _(
        "💬 Answer about {reference} from a resident who is no longer known:\n\n{answer}"
    ).format(reference=reference, answer=escape(answer))


def erased_report_note(reference: str) -> str:
    """What is left in the staff chat of a report its sender had erased."""
    return _("🗑 Safety report {reference} was erased at the sender's request.").format(
        reference=reference
    )


def report_preview(draft: ReportDraft, area: AreaProfile) -> str:
    return _(
        "🛡 <b>Your report</b>\n"
        "Category: {category}\n"
        "Place: {place}\n"
        "When: {when} · {time_of_day}\n"
        "Sent: {visibility}\n\n"
        "{text}"
    ).format(
        category=safety_category_name(draft.category),
        place=_place(area, draft.place_id, draft.place_text, draft.latitude),
        when=when_happened_name(draft.happened),
        time_of_day=time_of_day_name(draft.time_of_day),
        visibility=visibility_short_name(draft.visibility),
        text=_content(draft.body, draft.voice_file_id is not None),
    )


def staff_alert(
    view: StaffReportView,
    area: AreaProfile,
    status: IdeaStatus | None = None,
    limit: int | None = None,
) -> str:
    """The alert, with the machine translation under the resident's text once there is
    one; ``limit``: cut the translation so that the whole fits (a photo's caption)."""
    return with_translation(_alert_text(view, area, status), view.translation, limit)


def _alert_text(view: StaffReportView, area: AreaProfile, status: IdeaStatus | None) -> str:
    values = {
        "reference": view.reference,
        "category": safety_category_name(view.category),
        "place": _place(area, view.place_id, view.place_text, view.latitude),
        "when": when_happened_name(view.happened),
        "time_of_day": time_of_day_name(view.time_of_day),
        "status": idea_status_name(status or view.status),
        "language": _language(view.language),
        "text": _content(view.body, view.voice_file_id is not None),
    }
    if view.visibility is Visibility.PRIVATE and view.reporter_telegram_id is not None:
        return _(
            "🛡 <b>Safety report {reference}</b>\n"
            "Category: {category}\n"
            "Place: {place}\n"
            "When: {when} · {time_of_day}\n"
            "From: {person} (private)\n"
            "Status: {status}\n"
            "Written in: {language}\n\n"
            "{text}"
        ).format(
            person=resident_mention(view.reporter_telegram_id),
            **values,
        )
    if view.visibility is Visibility.PRIVATE:
        # Sent privately, but who sent it has been forgotten (erasure or retention).
        return _(
            "🛡 <b>Safety report {reference}</b>\n"
            "Category: {category}\n"
            "Place: {place}\n"
            "When: {when} · {time_of_day}\n"
            "From: no longer known (the link to the sender was erased)\n"
            "Status: {status}\n"
            "Written in: {language}\n\n"
            "{text}"
        ).format(**values)
    return _(
        "🛡 <b>Safety report {reference}</b>\n"
        "Category: {category}\n"
        "Place: {place}\n"
        "When: {when} · {time_of_day}\n"
        "From: anonymous (you can still ask a question through the bot)\n"
        "Status: {status}\n"
        "Written in: {language}\n\n"
        "{text}"
    ).format(**values)
