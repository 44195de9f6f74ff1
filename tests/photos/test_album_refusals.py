"""An album sent where photos are not taken is answered once, not once per photo: a phone
sends one message per photo of an album."""

from __future__ import annotations

from bot.i18n import gettext
from bot.views.callbacks import ReportAction, ReportCategoryCallback
from db.models import SafetyCategory
from tests.safety.helpers import step
from tests.support.i18n import in_language


async def _send_album(person, album: str, photos: int = 3) -> list[list[str]]:
    """What the bot said to each photo of the album."""
    said = []
    for number in range(photos):
        reply = await person.send_photo(file_id=f"{album}-{number}", media_group_id=album)
        said.append(reply.texts + reply.alerts)
    return said


async def test_an_album_at_the_menu_is_answered_once_and_the_next_album_again(person, i18n) -> None:
    somali = person(712_001, "so")
    await somali.send("/start")
    not_understood = in_language(
        i18n,
        "so",
        lambda: gettext(
            "Sorry, I did not understand that. Choose from the menu below or type /help."
        ),
    )

    first = await _send_album(somali, "album-1")
    second = await _send_album(somali, "album-2", photos=2)
    single = [(await somali.send_photo()).texts, (await somali.send_photo()).texts]

    assert first == [[not_understood], [], []]
    assert second == [[not_understood], []]
    # Photos sent one by one are each answered.
    assert single == [[not_understood], [not_understood]]


async def test_an_album_at_the_place_step_of_a_report_is_answered_once(person, i18n) -> None:
    arabic = person(712_002, "ar")
    await arabic.send("/start")
    await arabic.send("/report")
    await arabic.press_data(step(ReportAction.START))
    await arabic.press_data(ReportCategoryCallback(category=SafetyCategory.LIGHTING).pack())

    said = await _send_album(arabic, "album-3", photos=4)

    explained = in_language(
        i18n,
        "ar",
        lambda: gettext(
            "Please choose a place with the buttons, share a location, or press "
            "“Describe the place in words”."
        ),
    )
    assert said == [[explained], [], [], []]
    # Two residents' albums are kept apart.
    other = person(712_003, "ar")
    await other.send("/start")
    assert (await _send_album(other, "album-3", photos=1))[0]
