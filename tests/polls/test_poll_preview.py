"""The organiser's preview of each language is exactly what that language's residents get."""

from __future__ import annotations

from bot.views.callbacks import PollWizardStep
from tests.polls.test_polls import _deliver, _organiser, _prepare_poll, _wizard


async def test_each_preview_is_what_its_residents_receive(
    person, session_factory, bot, i18n
) -> None:
    residents = {951_010: "ar", 951_011: "so", 951_012: "en"}
    for user_id, language in residents.items():
        await person(user_id, language).send("/start")
    organiser = await _organiser(person, session_factory)  # writes in Swedish
    preview = await _prepare_poll(organiser)
    # Per language a title in the organiser's language, then the poll as residents see it.
    previews = {request.text for request in preview.requests if "📊" in str(request.text)}
    assert len(previews) == 3

    await organiser.press_data(_wizard(PollWizardStep.SEND))
    delivered = await _deliver(bot, i18n, session_factory)
    # Arabic and Somali residents get their translation; the English one, who has none,
    # gets the Swedish text framed in English, which no preview shows.
    for user_id in (951_010, 951_011):
        assert delivered[user_id].text in previews, delivered[user_id].text
