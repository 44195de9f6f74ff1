"""The command-line tools print their result and errors; logs only when asked."""

from __future__ import annotations

import subprocess
import sys

from bot.settings import PROJECT_ROOT
from tests.support.processes import user_environment


def _run(tmp_path, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = user_environment(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3",
        PSEUDONYM_SECRET="a-long-test-secret-for-pseudonyms",
        **environment,
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
    )


def test_export_prints_only_its_result(tmp_path) -> None:
    done = _run(tmp_path, "export", "ideas", "-o", str(tmp_path / "ideas.csv"))
    assert done.stderr == "0 rows written.\n"
    assert done.stdout == ""


def test_log_level_asks_for_the_logs(tmp_path) -> None:
    done = _run(tmp_path, "export", "ideas", "-o", str(tmp_path / "ideas.csv"), LOG_LEVEL="INFO")
    assert "INFO alembic" in done.stderr
    assert done.stderr.endswith("0 rows written.\n")
