"""What an export is: its kinds, filters and settings, the pseudonyms that stand for
residents, and its audit entry. The rows themselves stream from the database as plain
values (``bot.services.export_rows``, ``export_polls``); nothing names a resident, and
nothing here is worded for a reader (``bot.views.export_sheets`` gives the values their
headers and names).

A resident appears as a pseudonym: a keyed hash of their row id with ``PSEUDONYM_SECRET``,
stable from one export to the next (staff can see that one person sent several things)
and not reversible without the secret. Each kind of export has a pseudonym space of its
own: a private safety report names its sender to staff, and the same code in the support
or poll-answer lists would tell staff which ideas that named person supported and how they
answered polls. An anonymous safety report has no pseudonym, whatever the bot knows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.audit import record_action
from db.models import IdeaStatus, Resident

__all__ = [
    "BATCH",
    "PSEUDONYM_SPACES",
    "ExportFilters",
    "ExportKind",
    "ExportSettings",
    "Pseudonyms",
    "period",
    "pseudonym",
    "record_export",
]

# Rows per fetch from the database. Measured on 100,000 ideas (bench/export_benchmark.py):
# 500 was fastest; 2,000 took a quarter longer and 10,000 half again, with more memory.
BATCH = 500


class ExportKind(StrEnum):
    IDEAS = "ideas"
    SAFETY = "safety"
    VOTES = "votes"
    POLLS = "polls"
    POLL_ANSWERS = "answers"


@dataclass(frozen=True, slots=True)
class ExportFilters:
    since: date | None = None
    until: date | None = None
    status: IdeaStatus | None = None
    category: str | None = None
    poll_id: int | None = None

    def as_details(self) -> dict[str, str]:
        """The filters that were set, for the audit log."""
        names = ("since", "until", "status", "category", "poll_id")
        values = {name: getattr(self, name) for name in names}
        return {name: str(value) for name, value in values.items() if value is not None}


@dataclass(frozen=True, slots=True)
class ExportSettings:
    secret: bytes
    # The area's days: "since" and "until" are local dates.
    zone: ZoneInfo
    # The language polls were written in, for their question and options.
    default_locale: str = "sv"
    # Per-language poll results: smaller groups are merged, and shown without counts.
    min_group_size: int = 5
    # With TRANSLATE_URL: the language of the machine translations the ideas and safety
    # exports add next to the resident's text; None, no such column.
    translated_into: str | None = None


# The space each export's pseudonyms are keyed in. Ideas keep the space every export used
# before the spaces were separated, so their pseudonyms did not change.
PSEUDONYM_SPACES = {
    ExportKind.IDEAS: "resident",
    ExportKind.SAFETY: "safety",
    ExportKind.VOTES: "votes",
    ExportKind.POLLS: "polls",
    ExportKind.POLL_ANSWERS: "answers",
}


def pseudonym(secret: bytes, resident_id: int | None, kind: ExportKind = ExportKind.IDEAS) -> str:
    if resident_id is None:
        return ""
    message = f"{PSEUDONYM_SPACES[kind]}:{resident_id}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return "R-" + base64.b32encode(digest).decode()[:10]


class Pseudonyms(dict[int | None, str]):
    """Each resident's pseudonym in one export kind's space, computed once per export: a
    hash per row is measurable at 100,000 rows. ``pseudonyms[resident_id]``."""

    def __init__(self, secret: bytes, kind: ExportKind) -> None:
        super().__init__()
        self.secret = secret
        self.kind = kind

    def __missing__(self, resident_id: int | None) -> str:
        self[resident_id] = pseudonym(self.secret, resident_id, self.kind)
        return self[resident_id]


def period(column, filters: ExportFilters, zone: ZoneInfo) -> list:
    """Conditions for ``since`` and ``until``, both whole local days."""
    conditions = []
    if filters.since:
        conditions.append(column >= datetime.combine(filters.since, time(), zone))
    if filters.until:
        conditions.append(
            column < datetime.combine(filters.until + timedelta(days=1), time(), zone)
        )
    return conditions


async def record_export(
    session: AsyncSession,
    actor_id: int | None,
    kind: ExportKind,
    filters: ExportFilters,
    rows: int,
) -> None:
    """The audit entry of an export: who (no one: the command line), what, how much."""
    actor = await session.get(Resident, actor_id) if actor_id is not None else None
    record_action(
        session,
        actor,
        "export",
        kind.value,
        rows=rows,
        via="chat" if actor_id is not None else "command line",
        **filters.as_details(),
    )
