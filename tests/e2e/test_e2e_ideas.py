"""The real bot process: share, find similar, support, take back, withdraw, report."""

from __future__ import annotations

from bot.i18n.names import category_name
from bot.views.callbacks import (
    IdeaCategoryCallback,
    IdeaFlagCallback,
    IdeaOpenCallback,
    IdeaPlaceCallback,
    IdeaVoteCallback,
    IdeaWithdrawCallback,
    IdeaWizardCallback,
    MenuAction,
    MenuCallback,
    SupportInsteadCallback,
    WizardAction,
)
from db.models import FlagReason

from .bot_process import BotProcess
from .fake_bot_api import FakeBotAPI, TgUser
from .scenario import button_index, click_data, text_in

ARABIC_IDEA = "نقترح وضع مقاعد أكثر بالقرب من ملعب الأطفال في الحديقة"


def _wizard(action: WizardAction) -> IdeaWizardCallback:
    return IdeaWizardCallback(action=action)


async def _share(api: FakeBotAPI, user: TgUser, text: str, *, photo: bool = False):
    """From the menu to the step after the text; returns the bot's last message."""
    menu = await api.ask(user, "/help")
    categories = await click_data(api, user, menu, MenuCallback(action=MenuAction.NEW_IDEA))
    await click_data(api, user, categories, IdeaCategoryCallback(category="outdoor"))
    extras = await api.ask(user, text)
    if photo:
        extras = await api.ask(user, None, photo=True)
    return extras


async def test_sharing_supporting_and_following_up(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    author = TgUser(id=6001, first_name="Amal", language_code="ar")
    extras = await _share(fake_api, author, ARABIC_IDEA, photo=True)
    places = await click_data(fake_api, author, extras, _wizard(WizardAction.CHOOSE_PLACE))
    extras = await click_data(fake_api, author, places, IdeaPlaceCallback(place_id="parken"))
    mark = fake_api.mark()
    fake_api.press(author, extras, button_index(extras, _wizard(WizardAction.NEXT)))
    _intro, preview = await fake_api.wait_for_messages(author.id, 2, after=mark)
    assert preview.method == "sendPhoto"
    assert ARABIC_IDEA in (preview.plain_text or "")
    saved = await click_data(fake_api, author, preview, _wizard(WizardAction.SEND))
    assert "#1" in (saved.plain_text or "")

    # A Swedish reader sees the Arabic original with a Swedish category name.
    reader = TgUser(id=6002, first_name="Erik", language_code="sv")
    listing = await fake_api.ask(reader, "/ideas")
    assert ARABIC_IDEA in (listing.plain_text or "")
    assert text_in("sv", lambda: category_name("outdoor")) in (listing.plain_text or "")

    # Support, then take the support back: the count on the button follows in place.
    supported = await click_data(
        fake_api, reader, listing, IdeaVoteCallback(idea_id=1, page=0, support=True)
    )
    # Only the tapped button changes; the list's text stays.
    assert supported.method == "editMessageReplyMarkup"
    assert "✅ #1 · 1" in supported.button_texts
    taken_back = await click_data(
        fake_api, reader, supported, IdeaVoteCallback(idea_id=1, page=0, support=False)
    )
    assert "👍 #1 · 0" in taken_back.button_texts

    # Someone with a similar idea supports the existing one instead.
    neighbour = TgUser(id=6003, first_name="Sami", language_code="ar")
    extras = await _share(fake_api, neighbour, "نقترح وضع مقاعد أكثر بالقرب من ملعب الأطفال")
    offer = await click_data(fake_api, neighbour, extras, _wizard(WizardAction.NEXT))
    assert any(
        button.get("callback_data") == SupportInsteadCallback(idea_id=1).pack()
        for button in offer.buttons
    )
    thanks = await click_data(fake_api, neighbour, offer, SupportInsteadCallback(idea_id=1))
    assert "#1" in (thanks.plain_text or "")
    listing = await fake_api.ask(reader, "/ideas")
    assert "👍 #1 · 1" in listing.button_texts
    assert "#2" not in (listing.plain_text or "")

    # A resident opens it and reports it; the author withdraws it; it leaves the list.
    card = await click_data(fake_api, reader, listing, IdeaOpenCallback(idea_id=1))
    assert ARABIC_IDEA in (card.plain_text or "")
    reasons = await click_data(fake_api, reader, card, IdeaFlagCallback(idea_id=1))
    thanks = await click_data(
        fake_api, reader, reasons, IdeaFlagCallback(idea_id=1, reason=FlagReason.OFFENSIVE)
    )
    assert thanks.method == "editMessageText"

    overview = await fake_api.ask(author, "/my")
    confirm = await click_data(fake_api, author, overview, IdeaWithdrawCallback(idea_id=1))
    done = await click_data(
        fake_api, author, confirm, IdeaWithdrawCallback(idea_id=1, confirmed=True)
    )
    assert done.method == "editMessageText"
    assert ARABIC_IDEA not in ((await fake_api.ask(reader, "/ideas")).plain_text or "")
    assert fake_api.unanswered_callback_queries == []
