"""Button taps through the bot's real dispatcher, against a bare aiogram dispatcher.

    python bench/taps_benchmark.py [--taps 1000] [--rounds 3] [--busy 0] [--as-polling]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Both dispatchers get the same prebuilt updates and the same local Bot API session; the
bare one answers the callback and edits the markup, with no database. Each round runs
every workload on both, interleaved, and the medians are printed, so a noisy shared
machine moves both sides alike. Workloads: support taps on an idea list and answers to
a poll, sequentially and with 50 and 200 taps at once, each tap from a resident who has
not tapped before. Printed per workload: taps per second and the ratio to bare aiogram,
latency percentiles, CPU per tap, SQL statements and write transactions per tap, the
longest event-loop stall (a probe that should wake every 5 ms), failed taps, and whether
the database holds exactly the votes and answers expected.

Updates are handed to ``feed_update`` prebuilt, as issue 11 measured; aiogram copies each
through JSON for the bot it is fed to, which costs both sides alike. ``--as-polling``
reads each from JSON once instead, as polling does: nearer production, and a lower ratio,
since that copy is a large share of bare aiogram's cost.

``--busy N`` keeps N other processes spinning on the CPU for the whole run, as on a
shared server. With ``--postgres`` the run uses a database ``rannebergen_bench`` on that
server, which it creates and empties.

A second part measures the idea wizard on a fresh process: the first idea after start
(language detection) and the similar-ideas check over ``--ideas`` open ideas of 1,000
characters, with the same loop-stall probe. Last, the idle bot's memory after start
(``bench/idle_memory.py``, a fresh process too).

Targets (issue 11): ratio >= 0.5 sequentially; 200 at once with two busy processes: no
failure, nothing wrong in the database, p99 <= 250 ms; at most 3 statements and one
write transaction per tap; no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher, Router  # noqa: E402
from aiogram.types import (  # noqa: E402
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from sqlalchemy import event, func, select, text  # noqa: E402

from bot.app import build_bot, build_dispatcher  # noqa: E402
from bot.local_api import LOCAL_BOT_USER, LocalBotAPISession  # noqa: E402
from bot.runner import settle_heap  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.views.callbacks import IdeaVoteCallback, PollAnswerCallback  # noqa: E402
from db.migrate import upgrade_database  # noqa: E402
from db.models import (  # noqa: E402
    Idea,
    IdeaStatus,
    IdeaVote,
    Poll,
    PollAnswer,
    PollChoice,
    PollOption,
    Resident,
)
from db.session import create_engine, create_session_factory  # noqa: E402

LANGUAGES = ("sv", "en", "ar", "so", "fa", "bs", "ckb", "fi", "ti")
FIRST_TELEGRAM_ID = 50_000_000
IDEAS_ON_THE_LIST = 12
CONCURRENCY = (1, 50, 200)

_ids = count(1)


@dataclass
class Run:
    taps: int
    seconds: float
    cpu_seconds: float
    latencies: list[float]
    statements: int = 0
    write_transactions: int = 0
    read_transactions: int = 0
    stall: float = 0.0
    failed: int = 0
    wrong: int = 0

    @property
    def rate(self) -> float:
        return self.taps / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Workload:
    name: str
    concurrency: int
    bare: list[Run] = field(default_factory=list)
    bot: list[Run] = field(default_factory=list)


class StallProbe:
    """Wakes every 5 ms and records how late it woke: the event loop's longest stall."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            self.longest = max(self.longest, time.perf_counter() - started - 0.005)

    def __enter__(self) -> StallProbe:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


class StatementCounter:
    """Statements and transactions, whichever path sent them (db.driver announces its own).

    A transaction is counted where its BEGIN is seen: as a statement on SQLite and on the
    driver path; as SQLAlchemy's begin event for a session on PostgreSQL. A read on the
    driver path is a single statement without a transaction. On PostgreSQL a tap's unit
    (db.driver's one_change) sends no BEGIN: a change sent on the driver path outside its
    own BEGIN and COMMIT is a transaction of its own. (Which unit sent a statement is not
    known here: the count is right when the taps of a run all send BEGIN or none does.)
    """

    def __init__(self, engine) -> None:
        self.statements = 0
        self.writes = 0
        self.reads = 0
        self.sqlite = engine.dialect.name == "sqlite"
        self._open_on_postgres = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)
        event.listen(engine.sync_engine, "begin", self._begin)

    def _statement(self, conn, _cursor, statement: str, *_args: object) -> None:
        if statement == "BEGIN IMMEDIATE" or (statement == "BEGIN" and not self.sqlite):
            self.writes += 1
            self._open_on_postgres += not self.sqlite
        elif statement == "BEGIN":
            self.reads += 1
        elif statement in ("COMMIT", "ROLLBACK"):
            self._open_on_postgres -= not self.sqlite
        else:
            self.statements += 1
            changes = statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            # The driver path announces its statements without a connection (db.driver).
            on_driver = conn is None
            if changes and on_driver and not self.sqlite and not self._open_on_postgres:
                self.writes += 1

    def _begin(self, connection) -> None:
        if self.sqlite:
            return
        if connection.get_execution_options().get("read_only_unit"):
            self.reads += 1
        else:
            self.writes += 1

    def reset(self) -> None:
        self.statements = self.writes = self.reads = 0


class ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.errors += 1


def _user(telegram_id: int) -> User:
    language = LANGUAGES[telegram_id % len(LANGUAGES)]
    return User(id=telegram_id, is_bot=False, first_name="Resident", language_code=language)


def _tap(telegram_id: int, data: str, markup: InlineKeyboardMarkup) -> Update:
    message = Message(
        message_id=next(_ids),
        date=datetime.now(UTC),
        chat=Chat(id=telegram_id, type="private"),
        from_user=LOCAL_BOT_USER,
        text="The message whose button was tapped",
        reply_markup=markup,
    )
    query = CallbackQuery(
        id=str(next(_ids)),
        from_user=_user(telegram_id),
        chat_instance="bench",
        message=message,
        data=data,
    )
    return Update(update_id=next(_ids), callback_query=query)


class ForgetfulBotAPI(LocalBotAPISession):
    """The local Bot API without its transcript: a real bot keeps nothing of what it sent,
    and tens of thousands of kept messages would make the garbage collector, not the bot,
    the slowest part of the run."""

    async def make_request(self, bot: Bot, method, timeout: int | None = None):
        # A request to Telegram waits for the network, and the loop serves others meanwhile.
        await asyncio.sleep(0)
        return self._respond(bot, method)

    def _store(self, bot: Bot, message: Message) -> Message:
        return message.as_(bot)


def bare_dispatcher() -> Dispatcher:
    """What aiogram costs on its own: answer the tap, edit the buttons, nothing more."""
    dispatcher = Dispatcher()
    router = Router()

    async def tap(callback: CallbackQuery) -> None:
        await callback.answer("Thank you for your support!")
        assert isinstance(callback.message, Message)
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="✅ 1", callback_data=callback.data)]]
        )
        await callback.message.edit_reply_markup(reply_markup=markup)

    router.callback_query.register(tap)
    dispatcher.include_router(router)
    return dispatcher


async def feed_all(
    dispatcher: Dispatcher, bot: Bot, updates: list[Update] | list[dict[str, Any]], concurrency: int
) -> Run:
    latencies: list[float] = []
    queue = iter(updates)

    async def worker() -> None:
        for update in queue:
            started = time.perf_counter()
            if isinstance(update, dict):
                # --as-polling: read from JSON for this bot, once, as polling does.
                update = Update.model_validate(update, context={"bot": bot})
            await dispatcher.feed_update(bot, update)
            latencies.append(time.perf_counter() - started)

    gc.collect()
    # The bot receives updates one at a time from the network; this run builds thousands
    # in advance. Frozen, they stay out of the collector's walks, which are the bot's own.
    gc.freeze()
    with StallProbe() as probe:
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Run(len(updates), wall, cpu, latencies, stall=probe.longest)


async def seed(session_factory, residents: int) -> tuple[list[int], int, list[int]]:
    """Residents who have all written before, an idea list, and a poll in three languages."""
    now = datetime.now(UTC)
    async with session_factory() as session, session.begin():
        await session.execute(
            Resident.__table__.insert(),
            [
                {
                    "telegram_id": FIRST_TELEGRAM_ID + number,
                    "language": LANGUAGES[(FIRST_TELEGRAM_ID + number) % len(LANGUAGES)],
                    "language_chosen": True,
                    "role": "resident",
                    "receives_announcements": True,
                    "receives_polls": True,
                    "blocked_bot": False,
                    "ban_notice_sent": False,
                    "created_at": now,
                    "last_seen_at": now,
                }
                for number in range(residents)
            ],
        )
        author = await session.scalar(
            select(Resident.id).where(Resident.telegram_id == FIRST_TELEGRAM_ID)
        )
        ideas = []
        for number in range(IDEAS_ON_THE_LIST):
            idea = Idea(
                author_id=author,
                category="outdoor",
                body=f"Fler bänkar och bättre belysning vid lekplatsen, förslag {number}",
                language="sv",
                status=IdeaStatus.RECEIVED,
            )
            session.add(idea)
            await session.flush()
            ideas.append(idea.id)
        poll = Poll(
            question={"sv": "Vilken dag passar städdagen?", "en": "Which day?", "ar": "أي يوم؟"},
            multiple_choice=False,
            shows_results=True,
        )
        session.add(poll)
        await session.flush()
        options = []
        for position, day in enumerate(("lördag", "söndag", "måndag"), start=1):
            option = PollOption(poll_id=poll.id, position=position, texts={"sv": day, "en": day})
            session.add(option)
            await session.flush()
            options.append(option.id)
    return ideas, poll.id, options


async def prepare_postgres(url: str) -> str:
    from sqlalchemy.engine import make_url

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        exists = await connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = 'rannebergen_bench'")
        )
        if not exists:
            await connection.execute(text("CREATE DATABASE rannebergen_bench"))
    await admin.dispose()
    bench_url = make_url(url).set(database="rannebergen_bench").render_as_string(False)
    engine = create_engine(bench_url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    return bench_url


async def expected_rows_missing_or_extra(
    session_factory, workload: str, telegram_ids: list[int], ideas: list[int], poll_id: int
) -> int:
    """How many of these residents' rows differ from one vote (or answer) each."""
    async with session_factory() as session, session.read():
        residents = select(Resident.id).where(Resident.telegram_id.in_(telegram_ids))
        if workload == "support":
            rows = await session.execute(
                select(IdeaVote.resident_id, func.count())
                .where(IdeaVote.resident_id.in_(residents), IdeaVote.idea_id.in_(ideas))
                .group_by(IdeaVote.resident_id)
            )
        else:
            rows = await session.execute(
                select(PollAnswer.resident_id, func.count(PollChoice.option_id))
                .join(PollChoice, PollChoice.answer_id == PollAnswer.id)
                .where(PollAnswer.resident_id.in_(residents), PollAnswer.poll_id == poll_id)
                .group_by(PollAnswer.resident_id)
            )
        counted = dict(rows.all())
    exact = sum(1 for number in counted.values() if number == 1)
    return len(telegram_ids) - exact + sum(1 for number in counted.values() if number != 1)


def _keyboard(workload: str, tapped: str, ideas, options, poll_id) -> InlineKeyboardMarkup:
    """The buttons of the message as the resident sees it: a list page, or a poll."""

    def button(text: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=data)

    if workload == "support":
        rows = [
            [
                button("👍 0", IdeaVoteCallback(idea_id=idea, page=0, support=True).pack()),
                button("📖", f"io:{idea}"),
            ]
            for idea in reversed(ideas[-5:])
        ]
        rows.append([button("Next ▶️", "il:n::1"), button("🔥", "il:s::0")])
    else:
        rows = [
            [button(str(option), PollAnswerCallback(poll_id=poll_id, option_id=option).pack())]
            for option in options
        ]
    assert any(b.callback_data == tapped for row in rows for b in row)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _updates(workload: str, telegram_ids: list[int], ideas, poll_id, options) -> list[Update]:
    updates = []
    for position, telegram_id in enumerate(telegram_ids):
        if workload == "support":
            # The newest five: the first page of the list the button sits on.
            idea_id = ideas[-1 - position % 5]
            data = IdeaVoteCallback(idea_id=idea_id, page=0, support=True).pack()
        else:
            data = PollAnswerCallback(poll_id=poll_id, option_id=options[position % 3]).pack()
        updates.append(_tap(telegram_id, data, _keyboard(workload, data, ideas, options, poll_id)))
    return updates


def _as_json(updates: list[Update]) -> list[dict[str, Any]]:
    return [update.model_dump(mode="json", exclude_none=True) for update in updates]


async def taps(args: argparse.Namespace) -> list[Workload]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        if args.postgres:
            url = await prepare_postgres(args.postgres)
        kinds = ("support", "poll")
        workloads = [Workload(kind, at_once) for kind in kinds for at_once in CONCURRENCY]
        per_run = args.taps
        residents = per_run * len(workloads) * args.rounds + 1
        settings = Settings(
            _env_file=None, bot_token=None, database_url=url, staff_chat_id=-100, admin_ids=[]
        )
        engine = create_engine(url)
        await upgrade_database(engine)
        session_factory = create_session_factory(engine)
        ideas, poll_id, options = await seed(session_factory, residents)
        counter = StatementCounter(engine)
        errors = ErrorCounter()
        logging.getLogger().addHandler(errors)
        dispatcher = build_dispatcher(settings, session_factory)
        bot = build_bot(settings, session=ForgetfulBotAPI())
        bare, bare_bot = bare_dispatcher(), build_bot(settings, session=ForgetfulBotAPI())
        # As `python -m bot run` does once started.
        settle_heap()
        next_resident = FIRST_TELEGRAM_ID + 1
        for _round in range(args.rounds):
            for workload in workloads:
                kind = "support" if workload.name == "support" else "poll"
                telegram_ids = list(range(next_resident, next_resident + per_run))
                next_resident += per_run
                updates = _updates(kind, telegram_ids, ideas, poll_id, options)
                bare_updates = _updates(kind, telegram_ids, ideas, poll_id, options)
                if args.as_polling:
                    updates, bare_updates = _as_json(updates), _as_json(bare_updates)
                workload.bare.append(
                    await feed_all(bare, bare_bot, bare_updates, workload.concurrency)
                )
                counter.reset()
                errors.errors = 0
                run = await feed_all(dispatcher, bot, updates, workload.concurrency)
                run.statements, run.write_transactions = counter.statements, counter.writes
                run.read_transactions = counter.reads
                run.failed = errors.errors
                run.wrong = await expected_rows_missing_or_extra(
                    session_factory, kind, telegram_ids, ideas, poll_id
                )
                workload.bot.append(run)
        await bot.session.close()
        await engine.dispose()
    return workloads


def report_taps(workloads: list[Workload], database: str) -> None:
    print(f"\n## Taps on {database} (medians of {len(workloads[0].bot)} interleaved rounds)\n")
    print(
        "| workload | at once | bare taps/s | bot taps/s | ratio | p50 / p95 / p99 ms "
        "| bare p99 ms "
        "| CPU ms/tap bare / bot | statements/tap | write tx/tap | read tx/tap "
        "| longest stall ms bare / bot | failed | wrong in DB |"
    )
    print("|---" * 14 + "|")
    for workload in workloads:
        bare_rate = statistics.median(run.rate for run in workload.bare)
        bot_rate = statistics.median(run.rate for run in workload.bot)

        def median(pick: Callable[[Run], float], runs: list[Run]) -> float:
            return statistics.median(pick(run) for run in runs)

        taps = workload.bot[0].taps
        print(
            f"| {workload.name} | {workload.concurrency} | {bare_rate:,.0f} | {bot_rate:,.0f} "
            f"| {bot_rate / bare_rate:.2f} "
            f"| {median(lambda r: r.percentile(0.5), workload.bot) * 1000:.1f} / "
            f"{median(lambda r: r.percentile(0.95), workload.bot) * 1000:.1f} / "
            f"{median(lambda r: r.percentile(0.99), workload.bot) * 1000:.1f} "
            f"| {median(lambda r: r.percentile(0.99), workload.bare) * 1000:.1f} "
            f"| {median(lambda r: r.cpu_seconds / r.taps, workload.bare) * 1000:.2f} / "
            f"{median(lambda r: r.cpu_seconds / r.taps, workload.bot) * 1000:.2f} "
            f"| {median(lambda r: r.statements, workload.bot) / taps:.2f} "
            f"| {median(lambda r: r.write_transactions, workload.bot) / taps:.2f} "
            f"| {median(lambda r: r.read_transactions, workload.bot) / taps:.2f} "
            f"| {max(run.stall for run in workload.bare) * 1000:.0f} / "
            f"{max(run.stall for run in workload.bot) * 1000:.0f} "
            f"| {sum(run.failed for run in workload.bot)} "
            f"| {sum(run.wrong for run in workload.bot)} |"
        )


def start_busy_processes(count_: int) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count_)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--taps", type=int, default=1000, help="taps per workload and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--busy", type=int, default=0, help="other CPU-bound processes")
    parser.add_argument("--ideas", type=int, default=5000, help="open ideas for the wizard part")
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of SQLite")
    parser.add_argument("--skip-wizard", action="store_true")
    parser.add_argument(
        "--as-polling",
        action="store_true",
        help="read each update from JSON once, as polling does, instead of handing "
        "feed_update prebuilt updates, which it copies through JSON (as issue 11 measured)",
    )
    args = parser.parse_args()
    busy = start_busy_processes(args.busy)
    try:
        if not args.skip_wizard:
            wizard = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "wizard_stalls.py"), str(args.ideas)]
                + (["--postgres", args.postgres] if args.postgres else []),
                check=True,
                capture_output=True,
                text=True,
            )
            print(wizard.stdout, end="")
        workloads = asyncio.run(taps(args))
        feeding = "updates read from JSON, as polling" if args.as_polling else "prebuilt updates"
        report_taps(workloads, ("PostgreSQL" if args.postgres else "SQLite") + f", {feeding}")
        memory = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "idle_memory.py")]
            + (["--postgres", args.postgres] if args.postgres else []),
            check=True,
            capture_output=True,
            text=True,
        )
        print(memory.stdout, end="")
    finally:
        for process in busy:
            process.kill()
    print(f"\nOther busy processes during the run: {args.busy}; cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
