"""What organisers read: /help names /polls once; poll titles in lists end at a word."""

from __future__ import annotations

from bot.views.callbacks import AudienceCallback, PollWizardStep
from tests.polls.test_polls import _organiser, _wizard

QUESTION = "Vilken dag passar bäst för städdagen i parken i mitten av Rannebergen i vår?"


async def test_an_organiser_help_names_polls_once(person, session_factory) -> None:
    organiser = await _organiser(person, session_factory)
    helped = await organiser.send("/help")
    assert helped.text.count("/polls") == 1
    assert "/newpoll" in helped.text
    resident = person(952_001, "sv")
    assert (await resident.send("/help")).text.count("/polls") == 1


async def test_poll_titles_in_the_list_end_at_a_word(person, session_factory) -> None:
    organiser = await _organiser(person, session_factory)
    await organiser.send("/newpoll")
    await organiser.send(QUESTION)
    await organiser.send("Lördag\nSöndag")
    for step in (
        PollWizardStep.TRANSLATIONS_DONE,
        PollWizardStep.SINGLE_CHOICE,
        PollWizardStep.SHOW_RESULTS,
        PollWizardStep.NO_DEADLINE,
    ):
        await organiser.press_data(_wizard(step))
    await organiser.press_data(AudienceCallback().pack())
    await organiser.press_data(_wizard(PollWizardStep.SEND))

    listing = await organiser.send("/polls")
    title = next(button.text for button in listing.buttons() if "#" in button.text)
    shown = title.split(" ", 2)[2].rsplit(" (", 1)[0]
    assert shown.endswith("…")
    words = shown[:-1].split()
    assert words == QUESTION.split()[: len(words)]
