"""``python -m bot export``: the same CSV as /export, from a process without Telegram."""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys

from pydantic import SecretStr

from bot.cli_export import export_to_file
from bot.services.polls import NewPoll, create_poll
from bot.settings import PROJECT_ROOT


def test_the_export_command_does_not_load_the_telegram_library() -> None:
    # aiogram alone takes 165 MB; the export's memory target is 150 MB for the process.
    probe = "import sys, bot.cli_export; print('aiogram' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert loaded.stdout.strip() == "False"


async def test_a_poll_results_export_from_the_command_line(
    session_factory, settings, tmp_path
) -> None:
    async with session_factory() as session, session.begin():
        poll, _broadcast = await create_poll(
            session,
            NewPoll(
                question={"sv": "Ska vi ha loppis; i maj?"},
                options=[{"sv": "Ja"}, {"sv": "=Nej"}],
                multiple_choice=False,
                shows_results=True,
                closes_at=None,
                audience_language=None,
            ),
            None,
        )
    output = tmp_path / "polls.csv"
    arguments = argparse.Namespace(
        kind="polls", since=None, until=None, status=None, category=None, poll=poll.id,
        output=str(output),
    )  # fmt: skip
    secret = settings.model_copy(update={"pseudonym_secret": SecretStr("cli-test-secret-16+")})
    assert await export_to_file(secret, arguments) == 2
    header, *rows = csv.reader(output.read_text("utf-8-sig").splitlines(), delimiter=";")
    assert len(header) == 7
    assert [row[1] for row in rows] == ["Ska vi ha loppis; i maj?"] * 2
    assert [row[3] for row in rows] == ["Ja", "'=Nej"]
