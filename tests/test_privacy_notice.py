"""/privacy says, in each of the nine languages, what staff can put together (a private
report's sender, but not their support or poll answers; anonymous reports; the small-group
rule with its number) and the 24-hour counter that keeps daily limits through erasure
(issue 12, acceptance 3)."""

from __future__ import annotations

import pytest

from bot.i18n.languages import LANGUAGES
from tests.support.i18n import in_language

STAFF_CAN_JOIN = (
    "<b>What staff can put together:</b> for a private report staff see who sent "
    "it, but nothing shows them what you supported or how you answered polls: "
    "each list staff export gives you a different code. For an anonymous report "
    "they see neither who sent it nor your language, unless the text shows it. "
    "Poll results by language show only groups of at least {count} person; "
    "smaller languages are counted together as “other languages”. When you are "
    "erased, or who sent a report is forgotten, the bot also removes the link to "
    "your account from its messages to staff."
)
STAFF_CAN_JOIN_PLURAL = STAFF_CAN_JOIN.replace("{count} person;", "{count} people;")
COUNTER = (
    "<b>Limits against misuse:</b> so that the daily limits still hold if someone "
    "erases themselves and starts again, the bot keeps a scrambled code made from "
    "your user number, with how many ideas and reports you sent, for 24 hours "
    "only. The code cannot be turned back into your number."
)


@pytest.mark.parametrize("code", list(LANGUAGES))
async def test_privacy_says_what_staff_can_join_and_the_24_hour_counter(
    person, i18n, settings, code: str
) -> None:
    size = settings.min_group_size
    staff_can_join, counter = in_language(
        i18n,
        code,
        lambda: (
            i18n.gettext(STAFF_CAN_JOIN, STAFF_CAN_JOIN_PLURAL, size).format(count=size),
            i18n.gettext(COUNTER),
        ),
    )
    if code != "en":
        # Translated, not the English fallback.
        assert staff_can_join != STAFF_CAN_JOIN_PLURAL.format(count=size)
        assert counter != COUNTER
    assert str(size) in staff_can_join
    assert "24" in counter

    privacy = (await person(961_001, code).send("/privacy")).text
    assert staff_can_join in privacy
    assert counter in privacy
