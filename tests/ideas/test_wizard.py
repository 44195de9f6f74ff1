"""Sharing an idea, step by step, in the resident's language; wrong input loses nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.i18n.names import category_name
from bot.services.attachments import idea_photos
from bot.services.idea_submission import TEXT_MAX, withdraw_idea
from bot.views.callbacks import (
    IdeaCategoryCallback,
    IdeaPlaceCallback,
    IdeaVoteCallback,
    WizardAction,
)
from db.models import Idea, IdeaFollower, IdeaVote
from handlers.idea_wizard.writing import not_taken_text
from tests.ideas.helpers import count_ideas, count_votes, seed_idea, wizard_action, write_idea
from tests.support.i18n import in_language
from tests.support.telegram import PHOTO_ID, VOICE_ID

ARABIC_IDEA = "نقترح وضع مقاعد أكثر بالقرب من ملعب الأطفال في الحديقة"


async def test_an_arabic_idea_with_photo_and_place_reaches_a_swedish_reader(
    person, session_factory, i18n
) -> None:
    author = person(501, "ar")
    await author.send("/start")
    await write_idea(author, ARABIC_IDEA)
    await author.send_photo()
    await wizard_action(author, WizardAction.CHOOSE_PLACE)
    await author.press_data(IdeaPlaceCallback(place_id="parken").pack())
    preview = await wizard_action(author, WizardAction.NEXT)
    assert any(ARABIC_IDEA in text for text in preview.texts + preview.captions)
    sent = await wizard_action(author, WizardAction.SEND)
    assert "#1" in sent.text

    async with session_factory() as session:
        idea = await session.scalar(select(Idea))
    assert idea is not None
    assert (idea.body, idea.language, idea.place_id) == (ARABIC_IDEA, "ar", "parken")
    async with session_factory() as session:
        assert await idea_photos(session, idea.id) == (PHOTO_ID,)

    reader = person(502, "sv")
    listing = await reader.send("/ideas")
    assert ARABIC_IDEA in listing.text
    assert in_language(i18n, "sv", lambda: category_name("outdoor")) in listing.text


async def test_a_similar_idea_is_offered_and_supported_instead(person, session_factory) -> None:
    existing = await seed_idea(
        session_factory, 600, "Fler bänkar vid lekplatsen på Rannebergsvägen"
    )
    resident = person(601, "sv")
    await write_idea(resident, "Fler bänkar vid lekplatsen")
    offer = await wizard_action(resident, WizardAction.NEXT)
    assert f"#{existing}" in offer.text

    await resident.press(f"#{existing}")
    assert await count_ideas(session_factory) == 1
    assert await count_votes(session_factory, existing) == 1
    async with session_factory() as session:
        followers = (await session.scalars(select(IdeaFollower.idea_id))).all()
    assert followers.count(existing) == 2


async def test_supporting_instead_an_idea_withdrawn_meanwhile_is_explained(
    person, session_factory, i18n
) -> None:
    existing = await seed_idea(
        session_factory, 610, "Fler bänkar vid lekplatsen på Rannebergsvägen"
    )
    resident = person(611, "so")
    await write_idea(resident, "Fler bänkar vid lekplatsen")
    offer = await wizard_action(resident, WizardAction.NEXT)
    assert f"#{existing}" in offer.text
    async with session_factory() as session, session.begin():
        author = await session.scalar(select(Idea.author_id).where(Idea.id == existing))
        assert await withdraw_idea(session, author, existing)

    reply = await resident.press(f"#{existing}")

    explained = in_language(
        i18n,
        "so",
        lambda: i18n.gettext("That idea can no longer be supported. Your own idea was not sent."),
    )
    assert reply.texts == [explained]
    assert await count_votes(session_factory, existing) == 0
    assert await count_ideas(session_factory) == 1


async def test_a_too_long_text_is_refused_and_given_back(person, session_factory) -> None:
    resident = person(602, "so")
    long_text = "Waxaan soo jeedinayaa " + "x" * 5000
    reply = await write_idea(resident, long_text)
    assert str(len(long_text)) in reply.texts[0]
    assert str(TEXT_MAX) in reply.texts[0]
    assert reply.texts[1] == long_text
    assert reply.requests[1].parse_mode is None
    # Still at the same step: a shorter text goes on.
    shorter = await resident.send("Waxaan soo jeedinayaa kursi badan")
    assert shorter.buttons()
    assert await count_ideas(session_factory) == 0


async def test_stickers_and_documents_are_explained_at_the_text_step(person, i18n) -> None:
    resident = person(603, "ti")
    await write_idea(resident, "")  # no text yet: "/idea", category, then an empty message
    expected = in_language(
        i18n,
        "ti",
        not_taken_text,
    )
    assert (await resident.send_sticker()).texts == [expected]
    assert (await resident.send_document()).texts == [expected]


async def test_a_voice_message_is_an_idea_too(person, session_factory) -> None:
    resident = person(604, "fa")
    await resident.send("/idea")
    await resident.press_data(IdeaCategoryCallback(category="meeting").pack())
    await resident.send_voice()
    await wizard_action(resident, WizardAction.NEXT)
    await wizard_action(resident, WizardAction.SEND)
    async with session_factory() as session:
        idea = await session.scalar(select(Idea))
    assert idea is not None
    assert (idea.body, idea.voice_file_id, idea.language) == (None, VOICE_ID, "fa")


async def test_a_command_mid_wizard_does_what_it_says_and_the_draft_waits(
    person, session_factory
) -> None:
    resident = person(605, "en")
    await resident.send("/idea")
    await resident.press_data(IdeaCategoryCallback(category="shops").pack())
    helped = await resident.send("/help")
    assert "/idea" in helped.text
    extras = await resident.send("A small grocery shop in the centre, please")
    assert extras.buttons()
    cancelled = await resident.send("/cancel")
    assert cancelled.texts == ["Cancelled. Nothing was saved."]
    assert await count_ideas(session_factory) == 0


async def test_a_second_tap_on_send_saves_one_idea(person, session_factory) -> None:
    resident = person(606, "sv")
    await write_idea(resident, "Bättre belysning vid Fjällkåpan på kvällarna")
    await wizard_action(resident, WizardAction.NEXT)
    await wizard_action(resident, WizardAction.SEND)
    again = await wizard_action(resident, WizardAction.SEND)
    assert again.alerts
    assert await count_ideas(session_factory) == 1


async def test_the_daily_limit_is_explained(person, session_factory, settings) -> None:
    resident = person(607, "en")
    await resident.send("/start")
    subjects = ["benches", "lighting", "football", "gardening", "library", "barbecue"]
    for subject in subjects[: settings.ideas_per_day]:
        await write_idea(resident, f"Something about {subject} for everyone")
        await wizard_action(resident, WizardAction.NEXT)
        await wizard_action(resident, WizardAction.SEND)
    refused = await resident.send("/idea")
    assert "24 hours" in refused.text
    assert await count_ideas(session_factory) == settings.ideas_per_day


async def test_an_abandoned_wizard_expires_without_harm(person, dispatcher, bot) -> None:
    resident = person(608, "en")
    await write_idea(resident, "A table tennis table near the school")
    context = dispatcher.fsm.get_context(bot, chat_id=608, user_id=608)
    await context.update_data(touched_at="2020-01-01T00:00:00+00:00")
    reply = await wizard_action(resident, WizardAction.NEXT)
    assert reply.alerts
    assert "draft" in reply.alerts[0]
    assert await context.get_state() is None


async def test_a_wizard_button_without_a_wizard_is_stale(person) -> None:
    reply = await wizard_action(person(609, "en"), WizardAction.SEND)
    assert reply.alerts == ["This button no longer works. Type /start to see the menu."]


async def test_support_from_an_old_list_on_a_missing_idea(person) -> None:
    reply = await person(610, "en").press_data(IdeaVoteCallback(idea_id=999).pack())
    assert reply.alerts == ["This idea is no longer available."]


async def test_nothing_is_half_saved_when_the_wizard_is_cancelled_at_preview(
    person, session_factory
) -> None:
    resident = person(611, "bs")
    await write_idea(resident, "Više klupa kod igrališta u parku")
    await wizard_action(resident, WizardAction.NEXT)
    await wizard_action(resident, WizardAction.CANCEL)
    assert await count_ideas(session_factory) == 0
    async with session_factory() as session:
        assert (await session.scalars(select(IdeaVote))).all() == []


async def test_the_same_idea_again_within_a_day_gets_the_number_it_has(
    person, session_factory
) -> None:
    # As after a crash between saving and confirming: the resident shares it again.
    author = person(611, "sv")
    text = "Fler papperskorgar längs gångvägen mot Rannebergsvägen"
    await write_idea(author, text)
    await wizard_action(author, WizardAction.NEXT)
    first = await wizard_action(author, WizardAction.SEND)
    await write_idea(author, text)
    again = await wizard_action(author, WizardAction.NEXT)
    # Their own idea is not offered as another resident's similar one.
    assert not any("#1" in button.text for button in again.buttons())
    second = await wizard_action(author, WizardAction.SEND)
    assert "#1" in first.text
    assert "#1" in second.text
    assert await count_ideas(session_factory) == 1
