"""The rooms of the code and what each may import: the contracts in ``pyproject.toml``
(``[tool.importlinter]``), checked by import-linter over the real import graph."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "db")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    # A fresh process: the graph is built from the tree on disk, with ``tree`` first on
    # the path so that a copy is analysed instead of the installed checkout.
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports;"
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True))",
        ],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_code(destination: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, destination / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def test_every_room_imports_only_what_it_may() -> None:
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_service_that_imports_the_telegram_library_breaks_the_contract(tmp_path: Path) -> None:
    tree = copy_of_the_code(tmp_path)
    votes = tree / "bot" / "services" / "votes.py"
    votes.write_text("from aiogram.types import CallbackQuery\n" + votes.read_text())

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "Services hold rules only" in result.stdout
    assert "bot.services.votes -> aiogram" in result.stdout


def test_a_service_that_imports_a_keyboard_breaks_the_contract(tmp_path: Path) -> None:
    tree = copy_of_the_code(tmp_path)
    ideas = tree / "bot" / "services" / "ideas.py"
    ideas.write_text("import bot.views.keyboards.ideas\n" + ideas.read_text())

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "bot.services.ideas -> bot.views.keyboards.ideas" in result.stdout


def test_a_service_that_translates_breaks_the_contract(tmp_path: Path) -> None:
    tree = copy_of_the_code(tmp_path)
    votes = tree / "bot" / "services" / "votes.py"
    votes.write_text("from bot.i18n import gettext as _\n" + votes.read_text())

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "bot.services.votes -> bot.i18n" in result.stdout
