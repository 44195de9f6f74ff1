"""The idle bot's memory once started, as ``python -m bot run`` leaves it before the first
update: migrated, assembled, start-up done (the command menu, the background jobs, the
language models loaded by their warm-up thread, the heap settled).

    python bench/idle_memory.py [--postgres URL]

Run by ``bench/taps_benchmark.py`` in a process of its own, so that nothing a benchmark
built is counted. With no token the bot talks to the local Bot API, as the simulator
does. Printed: resident memory now, and the most it reached during start-up.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from taps_benchmark import prepare_postgres  # noqa: E402

from bot.instance import running_instance, settle_heap  # noqa: E402
from bot.settings import Settings  # noqa: E402


def resident_megabytes() -> float:
    """This process's resident memory now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS: resident memory is read from /proc on Linux")


async def started_and_idle(database_url: str) -> tuple[float, float]:
    settings = Settings(
        _env_file=None, bot_token=None, database_url=database_url, staff_chat_id=-100
    )
    async with running_instance(settings) as instance:
        dispatcher = instance.dispatcher
        # What start_polling hands the start-up and shutdown handlers.
        context = {
            **dispatcher.workflow_data,
            "bot": instance.bot,
            "bots": [instance.bot],
            "dispatcher": dispatcher,
        }
        await dispatcher.emit_startup(**context)
        try:
            for thread in threading.enumerate():
                if thread.name == "language-models":
                    thread.join()
            settle_heap()
            now = resident_megabytes()
        finally:
            await dispatcher.emit_shutdown(**context)
    # ru_maxrss is in KiB on Linux.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return now, peak


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/idle.sqlite3"
        if args.postgres:
            url = await prepare_postgres(args.postgres)
        now, peak = await started_and_idle(url)
    print("\n## The idle bot after start, a process of its own\n")
    print(f"resident memory {now:.0f} MB (at most {peak:.0f} MB while starting)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of SQLite")
    asyncio.run(main(parser.parse_args()))
