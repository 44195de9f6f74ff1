"""What must hold in the database whatever residents did: checked after random runs."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Delivery,
    Idea,
    IdeaFlag,
    IdeaFollower,
    IdeaVote,
    Poll,
    PollAnswer,
    PollChoice,
    PollOption,
    Resident,
    SafetyReport,
    SafetyReportLink,
)

__all__ = ["broken_invariants"]


async def _count(session: AsyncSession, query) -> int:
    return await session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _rows(table, condition):
    return select(func.count()).select_from(table).where(condition).scalar_subquery()


async def broken_invariants(session: AsyncSession) -> list[str]:
    problems: list[str] = []
    checks = {
        # A confirmed idea has its words or its voice; nothing half-saved is stored.
        "idea without text or voice": select(Idea.id).where(
            and_(Idea.body.is_(None), Idea.voice_file_id.is_(None))
        ),
        "safety report without text or voice": select(SafetyReport.id).where(
            and_(SafetyReport.body.is_(None), SafetyReport.voice_file_id.is_(None))
        ),
        # Every row that points at another points at one that exists.
        "vote for a missing idea": select(IdeaVote.idea_id)
        .outerjoin(Idea, Idea.id == IdeaVote.idea_id)
        .where(Idea.id.is_(None)),
        "vote by a missing resident": select(IdeaVote.resident_id)
        .outerjoin(Resident, Resident.id == IdeaVote.resident_id)
        .where(Resident.id.is_(None)),
        "follower of a missing idea": select(IdeaFollower.idea_id)
        .outerjoin(Idea, Idea.id == IdeaFollower.idea_id)
        .where(Idea.id.is_(None)),
        "flag on a missing idea": select(IdeaFlag.idea_id)
        .outerjoin(Idea, Idea.id == IdeaFlag.idea_id)
        .where(Idea.id.is_(None)),
        "report link to a missing report": select(SafetyReportLink.report_id)
        .outerjoin(SafetyReport, SafetyReport.id == SafetyReportLink.report_id)
        .where(SafetyReport.id.is_(None)),
        "delivery to a missing resident": select(Delivery.id)
        .outerjoin(Resident, Resident.id == Delivery.resident_id)
        .where(Resident.id.is_(None)),
        # A poll answer chooses at least one option, and only options of its own poll.
        "poll answer with no option": select(PollAnswer.id)
        .outerjoin(PollChoice, PollChoice.answer_id == PollAnswer.id)
        .where(PollChoice.answer_id.is_(None)),
        "poll choice of another poll's option": select(PollChoice.answer_id)
        .join(PollAnswer, PollAnswer.id == PollChoice.answer_id)
        .join(PollOption, PollOption.id == PollChoice.option_id)
        .where(PollOption.poll_id != PollAnswer.poll_id),
        # The counts the database keeps (migration 010) are the rows they count.
        "idea whose support count is not its votes": select(Idea.id).where(
            Idea.support_count != _rows(IdeaVote, IdeaVote.idea_id == Idea.id)
        ),
        "poll whose respondent count is not its answers": select(Poll.id).where(
            Poll.respondent_count != _rows(PollAnswer, PollAnswer.poll_id == Poll.id)
        ),
        "option whose count is not its choices": select(PollOption.id).where(
            PollOption.chosen_count != _rows(PollChoice, PollChoice.option_id == PollOption.id)
        ),
    }
    for name, query in checks.items():
        if count := await _count(session, query):
            problems.append(f"{name}: {count}")
    return problems
