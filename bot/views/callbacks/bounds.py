"""Bounds for the numbers in callback data, which is user input like any other.

A forged ``io:99…9`` must not reach the database (SQLite and PostgreSQL integers stop at
64 and 32 bits, and the driver raises ``OverflowError``). Out of bounds, a factory does
not parse, so no handler's filter matches and the fallback answers "this button no
longer works".
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

__all__ = ["Count", "RowId"]

# A row's id: PostgreSQL's integer column holds at most 2**31 - 1.
RowId = Annotated[int, Field(ge=0, le=2**31 - 1)]
# A page or a number of days; -1 where the field says "none" (a vote from a card).
Count = Annotated[int, Field(ge=-1, le=100_000)]
