"""The review list shows what each item is about; the status picker can be closed and an
opened idea leads back to the list."""

from __future__ import annotations

from sqlalchemy import select

from bot.i18n.names import category_name
from bot.services.review import QueueKind
from bot.views.callbacks import (
    ReviewAction,
    ReviewActionCallback,
    ReviewListCallback,
    ReviewOpenCallback,
)
from db.models import Idea, IdeaStatus
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff
from tests.support.i18n import in_language

LONG_IDEA = (
    "Vi skulle vilja ha en mötesplats för äldre i centrum, med kaffe på tisdagar och "
    "torsdagar, och hjälp med mobilen och datorn för den som vill lära sig mer om det"
)


async def _staff(person, session_factory):
    staff = person(985_001, "sv")
    await make_staff(session_factory, staff)
    return staff


async def test_the_list_shows_the_start_of_each_text_and_its_category(
    person, session_factory, i18n
) -> None:
    idea_id = await seed_idea(session_factory, 985_010, LONG_IDEA, category="meeting")
    staff = await _staff(person, session_factory)
    listing = await staff.send("/review")
    assert f"#{idea_id}" in listing.text
    assert in_language(i18n, "sv", lambda: category_name("meeting")) in listing.text
    assert "Vi skulle vilja ha en mötesplats för äldre" in listing.text
    # Cut at a word, marked.
    assert LONG_IDEA not in listing.text
    start = listing.text.split("Vi skulle", 1)[1].split("\n", 1)[0]
    assert start.endswith("…")
    assert ("Vi skulle" + start[:-1]).rstrip() in LONG_IDEA
    assert LONG_IDEA[len("Vi skulle" + start[:-1])] == " "


async def test_the_status_picker_cancels_and_the_card_goes_back(
    person, session_factory, i18n
) -> None:
    idea_id = await seed_idea(session_factory, 985_020, "Fler papperskorgar vid fotbollsplanen")
    staff = await _staff(person, session_factory)
    opened = await staff.press_data(
        ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=idea_id).pack()
    )
    back = [b for b in opened.buttons() if b.callback_data == ReviewListCallback().pack()]
    assert len(back) == 1
    listing = await staff.press_data(back[0].callback_data)
    assert f"#{idea_id}" in listing.text

    picker = await staff.press_data(
        ReviewActionCallback(idea_id=idea_id, action=ReviewAction.STATUS).pack()
    )
    cancel = in_language(i18n, "sv", lambda: i18n.gettext("✖️ Cancel"))
    closed = await staff.press(cancel, picker)
    assert closed.texts == [
        in_language(i18n, "sv", lambda: i18n.gettext("Cancelled. Nothing was saved."))
    ]
    assert not closed.buttons()
    async with session_factory() as session:
        status = await session.scalar(select(Idea.status).where(Idea.id == idea_id))
    assert status is IdeaStatus.RECEIVED
