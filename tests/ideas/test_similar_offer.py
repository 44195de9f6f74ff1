"""'Has this already been suggested?' in the wizard: each similar idea is shown with the
start of its text, its category and its support, with a support button of its own."""

from __future__ import annotations

from sqlalchemy import select

from bot.i18n.names import category_name
from bot.services.votes import toggle_vote
from bot.views.callbacks import SupportInsteadCallback, WizardAction
from db.models import Resident
from tests.ideas.helpers import count_ideas, count_votes, seed_idea, wizard_action, write_idea
from tests.support.i18n import in_language

EXISTING = "More benches around the playground in the central park please"


async def test_similar_ideas_are_shown_with_text_category_and_support(
    person, session_factory, i18n
) -> None:
    existing = await seed_idea(session_factory, 620, EXISTING, category="outdoor", language="en")
    supporter = person(621, "en")
    await supporter.send("/start")
    async with session_factory() as session, session.begin():
        supporter_id = await session.scalar(select(Resident.id).where(Resident.telegram_id == 621))
        await toggle_vote(session, existing, supporter_id, support=True)

    resident = person(622, "ar")
    await write_idea(resident, "We need more benches at the playground in the park")
    offer = await wizard_action(resident, WizardAction.NEXT)

    assert EXISTING in offer.text  # in its own words, not translated
    assert in_language(i18n, "ar", lambda: category_name("outdoor")) in offer.text
    supporters = in_language(
        i18n, "ar", lambda: i18n.gettext("👍 {count} supporter", "👍 {count} supporters", 1)
    ).format(count=1)
    assert supporters in offer.text
    support = SupportInsteadCallback(idea_id=existing).pack()
    assert [b.callback_data for b in offer.buttons()].count(support) == 1

    await resident.press_data(support)
    assert await count_votes(session_factory, existing) == 2
    assert await count_ideas(session_factory) == 1
