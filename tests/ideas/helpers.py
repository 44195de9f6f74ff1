"""Shared steps for the idea tests: seeding ideas and walking through the wizard."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.services.idea_submission import IdeaDraft, submit_idea
from bot.services.residents import register_contact
from bot.views.callbacks import IdeaCategoryCallback, IdeaWizardCallback, WizardAction
from db.models import Idea, IdeaVote
from tests.support.telegram import Person, Reply


async def seed_idea(
    session_factory, telegram_id: int, body: str, category: str = "outdoor", language: str = "sv"
) -> int:
    async with session_factory() as session, session.begin():
        contact = await register_contact(
            session,
            telegram_id=telegram_id,
            language_code="sv",
            default_locale="sv",
            admin_ids=(),
        )
        await session.flush()
        _outcome, idea_id = await submit_idea(
            session,
            contact.resident.id,
            IdeaDraft(category=category, body=body, language=language),
            daily_limit=100,
        )
    assert idea_id is not None
    return idea_id


async def count_ideas(session_factory) -> int:
    async with session_factory() as session:
        return await session.scalar(select(func.count()).select_from(Idea)) or 0


async def count_votes(session_factory, idea_id: int) -> int:
    async with session_factory() as session:
        return (
            await session.scalar(
                select(func.count()).select_from(IdeaVote).where(IdeaVote.idea_id == idea_id)
            )
            or 0
        )


async def wizard_action(person: Person, action: WizardAction) -> Reply:
    return await person.press_data(IdeaWizardCallback(action=action).pack())


async def write_idea(person: Person, text: str, category: str = "outdoor") -> Reply:
    """From /idea to the extras step."""
    await person.send("/idea")
    await person.press_data(IdeaCategoryCallback(category=category).pack())
    return await person.send(text)
