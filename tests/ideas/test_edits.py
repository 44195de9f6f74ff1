"""Edits of the idea's own words while it is a draft, and after it is sent."""

from __future__ import annotations

from sqlalchemy import select

from bot.views.callbacks import WizardAction
from db.models import Idea
from handlers.idea_wizard.edits import sent_edit_text
from tests.ideas.helpers import wizard_action, write_idea
from tests.support.i18n import in_language

FIRST = "Fler bänkar vid lekplatsen i parken"
CORRECTED = "Fler bänkar och en papperskorg vid lekplatsen i parken"


async def test_an_edit_before_send_changes_the_preview_and_the_saved_idea(
    person, session_factory, i18n
) -> None:
    author = person(5201, "sv")
    await write_idea(author, FIRST)
    written = author.last_message_id
    preview = await wizard_action(author, WizardAction.NEXT)
    assert any(FIRST in text for text in preview.texts)

    shown_again = await author.edit(written, CORRECTED)
    assert any(CORRECTED in text for text in shown_again.texts)
    sent = await wizard_action(author, WizardAction.SEND)
    assert "#1" in sent.text
    async with session_factory() as session:
        assert list(await session.scalars(select(Idea.body))) == [CORRECTED]

    # Too late now: the resident is told how a sent idea is changed; it stays as sent.
    late = await author.edit(written, "Something else entirely, written afterwards")
    assert late.texts == [in_language(i18n, "sv", sent_edit_text)]
    async with session_factory() as session:
        assert list(await session.scalars(select(Idea.body))) == [CORRECTED]


async def test_an_edit_while_writing_changes_the_draft_and_other_edits_get_no_answer(
    person, session_factory
) -> None:
    author = person(5202, "en")
    await write_idea(author, FIRST)
    written = author.last_message_id
    assert (await author.edit(written, CORRECTED)).texts == ["Your idea's text is changed."]
    # Too short: refused, the draft keeps its words.
    assert "characters" in (await author.edit(written, "Short")).text
    preview = await wizard_action(author, WizardAction.NEXT)
    assert any(CORRECTED in text for text in preview.texts)
    await author.send("/help")
    assert (await author.edit(author.last_message_id, "/start")).requests == []
