"""The terminal simulator: real handlers, real database, buttons by number."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bot.area import load_area_profile
from bot.i18n import LOCALES_DIR, Catalogues
from bot.i18n.names import language_prompt
from bot.settings import Settings
from bot.simulator.shell import plain_text, run_shell
from handlers.start import welcome_text
from tests.support.i18n import in_language


async def _chat(settings: Settings, lines: str, **options: object) -> str:
    out = io.StringIO()
    await run_shell(settings, stdin=io.StringIO(lines), stdout=out, **options)
    return out.getvalue()


async def test_arabic_start_then_switch_to_somali(settings: Settings, session_factory) -> None:
    i18n = Catalogues(LOCALES_DIR, default_locale="sv")
    area = load_area_profile(settings.area_profile)
    transcript = await _chat(settings, "/start\n/language\n4\n", language_code="ar", user_id=7)

    before_choice, after_choice = transcript.split("you › 4", 1)
    arabic_welcome = in_language(i18n, "ar", lambda: welcome_text(area, "ar"))
    assert plain_text(arabic_welcome).splitlines()[0] in before_choice
    assert "[4] Soomaali" in before_choice
    somali_prompt = in_language(i18n, "so", language_prompt)
    assert somali_prompt not in before_choice
    assert "Soomaali" in after_choice
    assert "/language" in after_choice


async def test_as_admin_gives_the_admin_commands(settings: Settings, session_factory) -> None:
    transcript = await _chat(
        settings, "/invite staff\n", language_code="en", user_id=8, role="admin"
    )
    assert "https://t.me/" in transcript


POLL_WALK = """:as 2 so
/start
:as 1
/start
/newpoll
Vilken dag passar bäst för städdagen?
Lördag \\
Söndag \\
Onsdag kväll
1
1
1
1
1
1
:as 2
2
"""


async def test_an_organiser_sends_a_poll_and_answers_it_as_a_resident(
    settings: Settings, session_factory
) -> None:
    transcript = await _chat(settings, POLL_WALK, language_code="sv", user_id=1, role="organiser")
    # The three lines ending in "\\" went as one message: the options step accepted them.
    assert "you › Lördag\n    Söndag\n    Onsdag kväll\n" in transcript
    assert "[3] Onsdag kväll" in transcript
    # The broadcast went out (the background jobs ran), to person 2 as well.
    sent, answered = transcript.split("you › :as 2\n", 1)
    assert "bot → 2 › 📊" in sent
    assert "Väntar: 0" in sent or "✅" in sent
    # Person 2 answered; the count is in their language, Somali.
    assert "[2] ✅ Söndag" in answered
    assert "1 qof" in answered


README = Path(__file__).resolve().parents[1] / "README.md"
# A deadline a week from today, in the closing prompt, and whatever a README line cuts off.
WHEN = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _readme_block(after: str) -> list[str]:
    """The first indented block after the README line starting with ``after``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip().startswith(after))
    start = next(n for n in range(start + 1, len(lines)) if lines[n].startswith("    "))
    block = []
    for line in lines[start:]:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    return block


def _shown(readme_line: str, printed: str) -> bool:
    readme_line, printed = WHEN.sub("<when>", readme_line), WHEN.sub("<when>", printed)
    if readme_line.endswith(" …"):
        return printed.startswith(readme_line.removesuffix(" …"))
    return printed == readme_line


async def test_the_readmes_poll_walk_is_what_the_shell_prints(
    settings: Settings, session_factory
) -> None:
    walk = "\n".join(line for line in _readme_block("`walk.txt` is the lines") if line) + "\n"
    shown = [
        line.rstrip()
        for line in _readme_block("$ .venv/bin/python -m bot shell --as organiser")
        if line.strip() not in ("", "…")
    ]
    assert len(shown) > 60  # the whole walk, not an empty block
    printed = (
        await _chat(settings, walk, language_code="sv", user_id=1, role="organiser")
    ).splitlines()
    # Every line the README shows is printed, in the README's order; "…" stands for
    # lines left out, and a line ending in " …" for the rest of that line.
    at = 0
    for line in shown:
        found = next((n for n in range(at, len(printed)) if _shown(line, printed[n])), None)
        assert found is not None, f"not printed after line {at}: {line!r}"
        at = found + 1
