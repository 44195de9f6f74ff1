"""Seeding for the rules tests: residents and ideas stored through the services."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.idea_submission import IdeaDraft, submit_idea
from bot.services.residents import register_contact
from db.models import Resident, Role

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


async def new_resident(
    session: AsyncSession, telegram_id: int, *, language: str = "sv", role: Role = Role.RESIDENT
) -> Resident:
    contact = await register_contact(
        session, telegram_id=telegram_id, language_code=language, default_locale="sv", admin_ids=()
    )
    contact.resident.role = role
    await session.flush()
    return contact.resident


async def new_idea(
    session: AsyncSession,
    author_id: int,
    body: str,
    *,
    category: str = "outdoor",
    now: datetime = NOW,
    daily_limit: int = 100,
) -> int:
    _outcome, idea_id = await submit_idea(
        session,
        author_id,
        IdeaDraft(category=category, body=body, language="sv"),
        daily_limit=daily_limit,
        now=now,
    )
    assert idea_id is not None
    return idea_id
