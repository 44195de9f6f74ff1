"""The status-with-note step, the same for ideas (/review) and safety reports (staff chat).

Staff pick a status, write a note or "-" for none; the change is stored with its note,
kept in the audit log, and the resident is told once, in their own language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from aiogram.methods import SendMessage
from sqlalchemy import delete, func, select

from bot.delivery.outbox import deliver_pending, report_status_text, status_change_text
from bot.i18n.names import idea_status_name
from bot.services.residents import register_contact
from bot.services.safety import ReportDraft, submit_report
from bot.views.callbacks import ReviewStatusCallback, StaffStatusCallback
from db.models import (
    AuditEntry,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    Notification,
    SafetyCategory,
    SafetyReport,
    SafetyStatusChange,
    TimeOfDay,
    Visibility,
    WhenHappened,
)
from tests.conftest import STAFF_CHAT_ID
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff
from tests.support.i18n import in_language

RESIDENT_ID = 981_010
STAFF_ID = 981_001
SOMALI_REPORT = "Laambadda jaranjarada ayaa dansan"


@dataclass(frozen=True)
class Subject:
    """An idea or a report as the test sees it: how staff pick a status, what they read."""

    kind: str
    id: int
    reference: str

    def pick(self, status: IdeaStatus) -> str:
        if self.kind == "idea":
            return ReviewStatusCallback(idea_id=self.id, status=status).pack()
        return StaffStatusCallback(report_id=self.id, status=status).pack()

    def confirmation(self, i18n, status: IdeaStatus) -> str:
        if self.kind == "idea":
            msgid = (
                "Idea #{number} now has the status “{status}”. "
                "The author and followers will be told."
            )
        else:
            msgid = "{reference} now has the status “{status}”. The resident will be told."
        return in_language(
            i18n,
            "sv",
            lambda: i18n.gettext(msgid).format(
                number=self.id, reference=self.reference, status=idea_status_name(status)
            ),
        )

    def gone(self, i18n) -> str:
        msgid = (
            "This idea is no longer available."
            if self.kind == "idea"
            else "This report no longer exists."
        )
        return in_language(i18n, "sv", lambda: i18n.gettext(msgid))

    def news(self, i18n, status: IdeaStatus, note: str | None) -> str:
        if self.kind == "idea":
            return in_language(i18n, "so", lambda: status_change_text(self.id, status, note))
        return in_language(i18n, "so", lambda: report_status_text(self.reference, status, note))


async def _seed(session_factory, kind: str) -> Subject:
    """An idea or a private report from a Somali-speaking resident."""
    if kind == "idea":
        idea_id = await seed_idea(session_factory, RESIDENT_ID, "Fler cykelställ vid Fjällkåpan")
    async with session_factory() as session, session.begin():
        contact = await register_contact(
            session, telegram_id=RESIDENT_ID, language_code="so", default_locale="sv", admin_ids=()
        )
        contact.resident.language = "so"
        if kind == "idea":
            return Subject(kind, idea_id, f"#{idea_id}")
        await session.flush()
        draft = ReportDraft(
            category=SafetyCategory.LIGHTING,
            happened=WhenHappened.RECURRING,
            time_of_day=TimeOfDay.EVENING,
            visibility=Visibility.PRIVATE,
            language="so",
            body=SOMALI_REPORT,
        )
        _outcome, report = await submit_report(session, contact.resident.id, draft, daily_limit=5)
        assert report is not None
        return Subject(kind, report.id, report.reference)


async def _staff_for(person, session_factory, subject: Subject):
    """Ideas are reviewed in a private chat with the bot, reports in the staff chat."""
    await make_staff(session_factory, person(STAFF_ID, "sv"))
    if subject.kind == "idea":
        return person(STAFF_ID, "sv")
    return person(STAFF_ID, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")


async def _notes(session_factory, subject: Subject) -> list[str | None]:
    change = IdeaStatusChange if subject.kind == "idea" else SafetyStatusChange
    subject_column = change.idea_id if subject.kind == "idea" else change.report_id
    async with session_factory() as session:
        return list(
            await session.scalars(
                select(change.note)
                .where(subject_column == subject.id, change.status != IdeaStatus.RECEIVED)
                .order_by(change.id)
            )
        )


@pytest.mark.parametrize("kind", ["idea", "report"])
async def test_a_dash_is_no_note_and_the_resident_hears_the_status_alone(
    kind, person, session_factory, bot, i18n
) -> None:
    subject = await _seed(session_factory, kind)
    staff = await _staff_for(person, session_factory, subject)

    asked = await staff.press_data(subject.pick(IdeaStatus.IN_PROGRESS))
    assert "-" in asked.text
    confirmed = await staff.send(" - ")
    assert confirmed.texts == [subject.confirmation(i18n, IdeaStatus.IN_PROGRESS)]
    assert await _notes(session_factory, subject) == [None]

    before = len(bot.session.requests)
    assert await deliver_pending(bot, i18n, session_factory) == 1
    told = [r for r in bot.session.requests[before:] if isinstance(r, SendMessage)]
    assert [(int(r.chat_id), r.text) for r in told] == [
        (RESIDENT_ID, subject.news(i18n, IdeaStatus.IN_PROGRESS, None))
    ]
    async with session_factory() as session:
        audited = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == f"{kind}.status")
        )
    assert audited is not None
    assert audited.details == {"status": IdeaStatus.IN_PROGRESS.value}


@pytest.mark.parametrize("kind", ["idea", "report"])
async def test_a_note_is_kept_as_staff_wrote_it(kind, person, session_factory, bot, i18n) -> None:
    subject = await _seed(session_factory, kind)
    staff = await _staff_for(person, session_factory, subject)

    await staff.press_data(subject.pick(IdeaStatus.PLANNED))
    confirmed = await staff.send("  Vi åtgärdar det <i>i mars</i>.  ")
    assert confirmed.texts == [subject.confirmation(i18n, IdeaStatus.PLANNED)]
    assert await _notes(session_factory, subject) == ["Vi åtgärdar det <i>i mars</i>."]
    await deliver_pending(bot, i18n, session_factory)
    told = [r for r in bot.session.requests if isinstance(r, SendMessage)]
    assert told[-1].text == subject.news(i18n, IdeaStatus.PLANNED, "Vi åtgärdar det <i>i mars</i>.")


@pytest.mark.parametrize("kind", ["idea", "report"])
async def test_a_subject_gone_before_the_note_is_said_so_and_nothing_is_stored(
    kind, person, session_factory, i18n
) -> None:
    subject = await _seed(session_factory, kind)
    staff = await _staff_for(person, session_factory, subject)

    await staff.press_data(subject.pick(IdeaStatus.DONE))
    table = Idea if kind == "idea" else SafetyReport
    async with session_factory() as session, session.begin():
        await session.execute(delete(table).where(table.id == subject.id))
    reply = await staff.send("Klart.")
    assert reply.texts == [subject.gone(i18n)]
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Notification)) == 0
        assert await session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    # The step is over: the next words are not taken for a note.
    again = await staff.send("Klart.")
    assert subject.gone(i18n) not in again.texts
