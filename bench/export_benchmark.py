"""Export 100,000 ideas to CSV; compare with the sqlite3 command line doing the same.

    python bench/export_benchmark.py [--rows 100000]

Prints the export's time as a ratio of the ``sqlite3`` CLI's (``.mode csv``) on the same
rows, both measured in this run on this machine (best of three each), and memory. The
export runs as ``python -m bot export`` does, in a process without the Telegram library;
its time is the export itself, not interpreter start-up, while the CLI's includes its
(tiny) start-up. Memory is that process's peak resident size, and how much the export
added to it (inside the bot, the export adds the same to the bot's own size).
Targets: within 3x of the CLI, peak memory under 150 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["outdoor", "activities", "meeting", "housing", "shops", "other"]
# Each side is timed this many times and its best time kept: on a shared machine the
# best run is the one least disturbed by others (as timeit advises).
REPEATS = 3
TEXT = "Fler bänkar vid lekplatsen; gärna nära Fjällkåpan. Bättre belysning på kvällen!"


def _seed(database: Path, rows: int) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
    subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], env=env, check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    with sqlite3.connect(database) as connection:
        connection.executemany(
            "INSERT INTO residents (id, telegram_id, language, language_chosen, role, "
            "receives_announcements, receives_polls, blocked_bot, ban_notice_sent, created_at, "
            "last_seen_at) VALUES (?, ?, 'sv', 1, 'resident', 1, 1, 0, 0, "
            "'2026-01-01 10:00:00', '2026-01-01 10:00:00')",
            [(n, 10_000 + n) for n in range(1, 1001)],
        )
        connection.executemany(
            "INSERT INTO ideas (id, author_id, category, body, language, status, hidden, "
            "created_at, status_changed_at) VALUES (?, ?, ?, ?, 'sv', 'received', 0, "
            "'2026-03-01 12:00:00', '2026-03-01 12:00:00')",
            [
                (n, 1 + n % 1000, CATEGORIES[n % len(CATEGORIES)], f"{TEXT} #{n}")
                for n in range(1, rows + 1)
            ],
        )


def _timed(command: list[str]) -> float:
    timings = []
    for _attempt in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        timings.append(time.perf_counter() - start)
    return min(timings)


def _export_in_process(database: Path, output: Path) -> None:
    """Child mode: time one export in a warm process; print seconds and memory as JSON."""
    import asyncio
    import json

    # This checkout's code, not whichever ``bot`` the interpreter has installed: run as a
    # script, the path starts at bench/.
    sys.path.insert(0, str(ROOT))
    from bot.area import load_area_profile
    from bot.delivery.exports import run_export
    from bot.i18n import Catalogues
    from bot.services.exports import ExportFilters, ExportKind
    from bot.settings import load_settings
    from db.session import create_engine, create_session_factory

    settings = load_settings(_env_file=None)
    i18n = Catalogues(default_locale="sv")
    area = load_area_profile(settings.area_profile)

    async def export() -> float:
        engine = create_engine(f"sqlite+aiosqlite:///{database}")
        timings = []
        for _attempt in range(REPEATS):
            with output.open("wb") as target:
                start = time.perf_counter()
                await run_export(
                    create_session_factory(engine), i18n, settings, area, ExportKind.IDEAS,
                    ExportFilters(), target, actor_id=None,
                )  # fmt: skip
                timings.append(time.perf_counter() - start)
        await engine.dispose()
        return min(timings)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    elapsed = asyncio.run(export())
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_kib": after, "added_kib": after - before}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("DATABASE", "OUTPUT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        _export_in_process(Path(arguments.child[0]), Path(arguments.child[1]))
        return 0
    if shutil.which("sqlite3") is None:
        print("The sqlite3 command-line tool is needed (Debian package sqlite3).")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        _seed(database, arguments.rows)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            "PSEUDONYM_SECRET": "benchmark-secret-not-for-production",
            "LOG_LEVEL": "WARNING",
        }
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(database), f"{folder}/ours.csv"],
            env=env, check=True, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        measured = json.loads(child.stdout.strip().splitlines()[-1])
        ours, peak, added = (
            measured["seconds"],
            measured["peak_kib"] * 1024,
            measured["added_kib"] * 1024,
        )
        baseline = _timed(
            ["sqlite3", str(database), ".mode csv", ".headers on",
             f".output {folder}/cli.csv",
             "SELECT i.id, i.created_at, i.category, i.place_id, i.body, i.language, "
             "(SELECT count(*) FROM idea_votes v WHERE v.idea_id = i.id), i.status, "
             "i.status_changed_at, "
             "(SELECT count(*) FROM attachments a WHERE a.idea_id = i.id), i.author_id "
             "FROM ideas i "
             "ORDER BY i.id"]
        )  # fmt: skip
        lines = sum(1 for _line in open(f"{folder}/ours.csv", "rb"))  # noqa: SIM115
    print(f"rows exported: {lines - 1}")
    print(f"time: {ours:.2f} s, sqlite3 CLI: {baseline:.2f} s, ratio {ours / baseline:.2f}x "
          "(target <= 3x)")  # fmt: skip
    print(
        f"peak memory of the export process: {peak / 2**20:.0f} MB (target < 150 MB), "
        f"of which the export added {added / 2**20:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
