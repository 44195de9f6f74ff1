"""``python -m bot.catalogues review|apply``: the same as ``python -m bot catalogues``,
under the name the review kit was first asked for."""

from __future__ import annotations

import sys

from bot.__main__ import main

if __name__ == "__main__":
    sys.exit(main(["catalogues", *sys.argv[1:]]))
