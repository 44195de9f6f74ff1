"""Names the bot shows for its own enums and ids, translated at the moment they are shown."""

from __future__ import annotations

from bot.i18n import gettext as _
from bot.i18n.catalogues import current_locale
from bot.i18n.formatting import babel_language_name
from bot.i18n.languages import LANGUAGES
from db.models import (
    FlagReason,
    IdeaStatus,
    Role,
    SafetyCategory,
    TimeOfDay,
    Visibility,
    WhenHappened,
)

__all__ = [
    "category_name",
    "flag_reason_name",
    "idea_status_name",
    "language_name",
    "language_prompt",
    "role_name",
    "safety_category_name",
    "time_of_day_name",
    "visibility_name",
    "visibility_short_name",
    "when_happened_name",
]


def role_name(role: Role) -> str:
    names = {
        # Translators: the four roles someone can hold in the bot, shown in role lists.
        Role.RESIDENT: _("resident"),
        # Translators: a role name, lower case; it is inserted into sentences as {role}.
        Role.ORGANISER: _("organiser"),
        Role.STAFF: _("staff member"),
        Role.ADMIN: _("administrator"),
    }
    return names[role]


def language_prompt() -> str:
    return _("Which language should I use? You can change it at any time with /language.")


def _own_language_names() -> dict[str, str]:
    return {
        # Translators: names of languages inside a sentence ("Written in: Somali"), in
        # your language, as a reader of your language would name them. The bot names the
        # other languages from a shared list, which lacks these three in some languages.
        "so": _("Somali"),
        "ckb": _("Sorani Kurdish"),
        "ti": _("Tigrinya"),
    }


def language_name(code: str) -> str:
    """A language's name in the language being spoken: "arabiska" to a Swedish reader,
    "السويدية" to an Arabic one. The picker keeps each language's own name, so a resident
    finds theirs whatever language is set."""
    locale = current_locale() or "en"
    own = _own_language_names()
    if code in own:
        return own[code]
    named = babel_language_name(code, locale)
    if named:
        return named
    return LANGUAGES[code].native_name if code in LANGUAGES else code


def category_name(category: str) -> str:
    names = {
        # Translators: idea categories, shown on buttons and on each idea.
        "outdoor": _("Outdoor spaces and greenery"),
        "activities": _("Activities and leisure, also for young people"),
        "meeting": _("Meeting places and community"),
        "housing": _("Housing and maintenance"),
        "shops": _("Shops and services"),
        # Translators: an idea category: ideas that fit none of the others.
        "other": _("Other"),
    }
    return names.get(category, names["other"])


def idea_status_name(status: IdeaStatus) -> str:
    names = {
        # Translators: the status of an idea, as residents and staff see it.
        IdeaStatus.RECEIVED: _("received"),
        IdeaStatus.UNDER_REVIEW: _("under review"),
        IdeaStatus.PLANNED: _("planned"),
        IdeaStatus.IN_PROGRESS: _("in progress"),
        IdeaStatus.DONE: _("done"),
        IdeaStatus.NOT_GOING_AHEAD: _("not going ahead"),
        # Translators: an idea status: the same idea was already shared (staff link the two).
        IdeaStatus.DUPLICATE: _("duplicate"),
        # Translators: an idea status: the author took the idea back.
        IdeaStatus.WITHDRAWN: _("withdrawn"),
    }
    return names[status]


def flag_reason_name(reason: FlagReason) -> str:
    names = {
        # Translators: why a resident reports an idea as inappropriate.
        FlagReason.SPAM: _("Spam or advertising"),
        FlagReason.OFFENSIVE: _("Offensive or hateful"),
        # Translators: a reason to report an idea as inappropriate: it names someone or gives
        # their details.
        FlagReason.PERSONAL_DATA: _("Names or private details of a person"),
    }
    return names[reason]


def safety_category_name(category: SafetyCategory) -> str:
    names = {
        # Translators: the categories of a safety walk (trygghetsvandring).
        SafetyCategory.LIGHTING: _("Lighting"),
        SafetyCategory.VEGETATION: _("Bushes or trees that block the view"),
        # Translators: a safety category button: four things, keep all four (at most about 40
        # characters).
        SafetyCategory.ENTRANCES: _("Entrances, stairwells, doors and locks"),
        SafetyCategory.VANDALISM: _("Vandalism and graffiti"),
        SafetyCategory.DESERTED: _("Deserted paths, tunnels and passages"),
        SafetyCategory.TRAFFIC: _("Parking and traffic"),
        # Translators: the last safety category: none of the others fits.
        SafetyCategory.OTHER: _("Something else"),
    }
    return names[category]


def when_happened_name(happened: WhenHappened) -> str:
    names = {
        # Translators: when the unsafe situation happened.
        WhenHappened.NOW: _("Right now"),
        WhenHappened.TODAY: _("Today"),
        WhenHappened.RECENT_WEEKS: _("In the last few weeks"),
        WhenHappened.RECURRING: _("It keeps happening"),
    }
    return names[happened]


def time_of_day_name(time_of_day: TimeOfDay) -> str:
    names = {
        # Translators: the time of day of the unsafe situation.
        TimeOfDay.MORNING: _("Morning"),
        TimeOfDay.DAY: _("Daytime"),
        TimeOfDay.EVENING: _("Evening"),
        TimeOfDay.NIGHT: _("Night"),
    }
    return names[time_of_day]


def visibility_name(visibility: Visibility) -> str:
    names = {
        # Translators: a button: who may know who sent a safety report. The bot never
        # stores a name (see the privacy notice); staff can open the private reporter's
        # Telegram chat. Avoid words for "name" here.
        Visibility.PRIVATE: _("Private: staff can see who you are"),
        # Translators: a button, the other choice beside "Private: staff can see who you are".
        Visibility.ANONYMOUS: _("Anonymous: staff never see who sent it"),
    }
    return names[visibility]


def visibility_short_name(visibility: Visibility) -> str:
    names = {
        # Translators: how a safety report will be sent, after "Sent:" on the resident's
        # preview; the same choice as the "Private: staff can see who you are" button.
        Visibility.PRIVATE: _("privately (staff can see who you are)"),
        # Translators: how a safety report will be sent, after "Sent:" on the resident's
        # preview.
        Visibility.ANONYMOUS: _("anonymously"),
    }
    return names[visibility]
