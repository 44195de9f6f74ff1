"""Per-language poll results never show a group so small that it is one person's answer
(issue 12, item 5): languages with fewer than MIN_GROUP_SIZE respondents are merged into
"other languages", and a group still that small shows no counts, on screen, in the chart
and in the CSV."""

from __future__ import annotations

import csv
import io

from pydantic import SecretStr

from bot.delivery.exports import run_export
from bot.services.exports import ExportFilters, ExportKind
from bot.views.callbacks import PollAnswerCallback
from tests.polls.test_polls import _create_poll, _organiser, _poll_and_options


async def _answered(person, session_factory, languages: list[str]):
    organiser = await _organiser(person, session_factory)
    await _create_poll(organiser)
    poll, options = await _poll_and_options(session_factory)
    for number, language in enumerate(languages):
        resident = person(955_000 + number, language)
        await resident.send("/start")
        await resident.press_data(
            PollAnswerCallback(poll_id=poll.id, option_id=options[number % 2].id).pack()
        )
    return organiser, poll


async def test_a_language_with_one_respondent_is_not_shown_on_its_own(
    person, session_factory, dispatcher, settings
) -> None:
    organiser, poll = await _answered(person, session_factory, ["sv"] * 6 + ["so"])
    await organiser.send("/polls")
    results = await organiser.press(f"#{poll.id}")
    assert "svenska (6)" in results.text
    assert "Soomaali" not in results.text
    assert "andra språk: färre än 5" in results.text

    secret = settings.model_copy(update={"pseudonym_secret": SecretStr("poll-test-secret")})
    target = io.BytesIO()
    await run_export(
        session_factory, dispatcher["i18n"], secret, dispatcher["area"], ExportKind.POLLS,
        ExportFilters(poll_id=poll.id), target, actor_id=None,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(target.getvalue()[3:].decode()), delimiter=";"))
    languages = {row[4] for row in rows[1:]}
    assert "somaliska" not in languages
    assert "svenska" in languages


async def test_small_languages_together_make_a_group(person, session_factory) -> None:
    organiser, poll = await _answered(
        person, session_factory, ["sv"] * 5 + ["so", "so", "ar", "fi", "bs"]
    )
    await organiser.send("/polls")
    results = await organiser.press(f"#{poll.id}")
    assert "svenska (5)" in results.text
    assert "andra språk (5)" in results.text
    for alone in ("Soomaali", "العربية", "suomi", "bosanski"):
        assert alone not in results.text
