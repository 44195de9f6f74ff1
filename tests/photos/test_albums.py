"""The album collector's timing, through the real dispatcher: an album is answered once,
after its last photo's quiet period, and albums of two residents at once stay apart.

The quiet period is a gate the test opens, so nothing here depends on the clock."""

from __future__ import annotations

import asyncio

from aiogram.methods import SendMediaGroup, SendMessage, SendPhoto

from bot.i18n import gettext
from bot.views.callbacks import IdeaOpenCallback, IdeaPhotosCallback, WizardAction
from handlers.idea_wizard.draft import IDEA_DRAFT
from handlers.idea_wizard.writing import ask_text_prompt, extras_prompt
from handlers.photos import AlbumCollector, limit_text
from tests.ideas.helpers import wizard_action, write_idea
from tests.support.i18n import in_language


class QuietPeriods:
    """Stands in for ``asyncio.sleep``: each wait lasts until the test ends it."""

    def __init__(self) -> None:
        self.waiting: list[asyncio.Event] = []
        self.answerers: list[asyncio.Task] = []
        self._one_more = asyncio.Condition()

    async def wait(self, seconds: float) -> None:
        ended = asyncio.Event()
        self.waiting.append(ended)
        self.answerers.append(asyncio.current_task())
        async with self._one_more:
            self._one_more.notify_all()
        await ended.wait()

    async def begun(self, count: int) -> None:
        """Until the answers of ``count`` photos wait for their quiet period: each waits
        in a task of its own, which may not have started when the photo's update is done."""
        async with self._one_more:
            await self._one_more.wait_for(lambda: len(self.waiting) >= count)

    def end(self, index: int) -> None:
        self.waiting[index].set()

    def end_all(self) -> None:
        for index in range(len(self.waiting)):
            self.end(index)


def _kept(i18n, locale: str, count: int) -> str:
    return in_language(
        i18n, locale, lambda: gettext("{count} photo kept.", "{count} photos kept.", count)
    ).format(count=count)


def _texts_to(bot, chat_id: int) -> list[str]:
    return [
        request.text
        for request in bot.session.requests
        if isinstance(request, SendMessage) and request.chat_id == chat_id
    ]


async def _draft_photos(dispatcher, bot, user_id: int) -> list[str]:
    state = dispatcher.fsm.get_context(bot, chat_id=user_id, user_id=user_id)
    return (await IDEA_DRAFT.read(state)).photo_file_ids


async def test_two_residents_albums_at_once_are_answered_once_each(
    person, dispatcher, bot, i18n
) -> None:
    albums: AlbumCollector = dispatcher["albums"]
    quiet = QuietPeriods()
    albums.wait = quiet.wait
    swede, arab = person(5101, "sv"), person(5102, "ar")
    for resident in (swede, arab):
        await write_idea(resident, "")  # at the step that asks for the idea in words

    # Interleaved, as two phones' albums reach the bot in the same second.
    replies = [
        await swede.send_photo(file_id="s1", media_group_id="album-s"),
        await arab.send_photo(file_id="a1", media_group_id="album-a"),
        await swede.send_photo(file_id="s2", media_group_id="album-s"),
        await arab.send_photo(file_id="a2", media_group_id="album-a"),
        await swede.send_photo(file_id="s3", media_group_id="album-s"),
    ]
    # Nothing is answered while an album may still go on; every photo is in its draft.
    await quiet.begun(5)
    assert all(reply.requests == [] for reply in replies)
    assert await _draft_photos(dispatcher, bot, 5101) == ["s1", "s2", "s3"]
    assert await _draft_photos(dispatcher, bot, 5102) == ["a1", "a2"]

    # The earlier photos' quiet periods end: later photos came, so they do not answer.
    for index in range(3):
        quiet.end(index)
    await asyncio.gather(*quiet.answerers[:3])
    assert _kept(i18n, "sv", 3) not in _texts_to(bot, 5101)
    assert _kept(i18n, "ar", 2) not in _texts_to(bot, 5102)

    # The Arabic album's last photo has been quiet: it alone is answered.
    quiet.end(3)
    await quiet.answerers[3]
    assert _texts_to(bot, 5102).count(_kept(i18n, "ar", 2)) == 1
    assert _kept(i18n, "sv", 3) not in _texts_to(bot, 5101)

    quiet.end_all()
    await albums.idle()
    assert _texts_to(bot, 5101).count(_kept(i18n, "sv", 3)) == 1
    assert _texts_to(bot, 5102).count(_kept(i18n, "ar", 2)) == 1
    # After the count, the question of the step they are at, in their language.
    assert _texts_to(bot, 5102)[-1] == in_language(i18n, "ar", ask_text_prompt)


async def test_an_ideas_photos_are_shown_all_in_the_preview_and_first_on_its_card(
    person, i18n
) -> None:
    author = person(5103, "en")
    await write_idea(author, "A bench by the playground in the park")
    for file_id in ("p1", "p2", "p3"):
        assert (await author.send_photo(file_id=file_id)).texts == ["Photo added."]
    preview = await wizard_action(author, WizardAction.NEXT)
    albums = [request for request in preview.requests if isinstance(request, SendMediaGroup)]
    assert [[item.media for item in album.media] for album in albums] == [["p1", "p2", "p3"]]
    assert any("With 3 photos" in text for text in preview.texts)
    await wizard_action(author, WizardAction.SEND)

    # Another resident: the card comes with the first photo, a button shows them all.
    reader = person(5104, "en")
    card = await reader.press_data(IdeaOpenCallback(idea_id=1).pack())
    photos = [request for request in card.requests if isinstance(request, SendPhoto)]
    assert [photo.photo for photo in photos] == ["p1"]
    assert "🖼 3 photos" in [button.text for button in card.buttons()]
    everything = await reader.press_data(IdeaPhotosCallback(idea_id=1).pack())
    albums = [request for request in everything.requests if isinstance(request, SendMediaGroup)]
    assert [[item.media for item in album.media] for album in albums] == [["p1", "p2", "p3"]]


async def test_a_sixth_photo_is_refused_and_the_five_are_kept(
    person, dispatcher, bot, i18n
) -> None:
    author = person(5105, "en")
    await write_idea(author, "A bench by the playground in the park")
    for number in range(5):
        await author.send_photo(file_id=f"p{number}")
    refused = await author.send_photo(file_id="p5")
    assert refused.texts == [in_language(i18n, "en", lambda: limit_text(1))]
    assert await _draft_photos(dispatcher, bot, 5105) == [f"p{number}" for number in range(5)]


async def test_an_albums_caption_handled_after_its_other_photos_is_still_the_idea(
    person, dispatcher, bot
) -> None:
    """With Redis the album's updates may take the resident's lock in any order."""
    albums: AlbumCollector = dispatcher["albums"]
    quiet = QuietPeriods()
    albums.wait = quiet.wait
    author = person(5106, "en")
    await write_idea(author, "")
    await author.send_photo(file_id="second", media_group_id="album-c")
    await author.send_photo(
        caption="A bench by the playground in the park", file_id="first", media_group_id="album-c"
    )
    state = dispatcher.fsm.get_context(bot, chat_id=5106, user_id=5106)
    draft = await IDEA_DRAFT.read(state)
    assert (draft.body, draft.photo_file_ids) == (
        "A bench by the playground in the park",
        ["second", "first"],
    )
    await quiet.begun(2)
    quiet.end_all()
    await albums.idle()
    texts = _texts_to(bot, 5106)
    assert texts.count("2 photos kept.") == 1
    assert texts[-1] == in_language(dispatcher["i18n"], "en", extras_prompt)
