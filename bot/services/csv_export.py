"""CSV that Swedish Excel opens correctly, written row by row.

UTF-8 with a byte-order mark (without it Excel shows Arabic and å/ä/ö as garbage), ``;``
between fields by default, RFC 4180 quoting with newlines kept inside quoted fields, and
every cell that Excel would read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) prefixed with ``'`` (OWASP CSV injection, CWE-1236): residents write the text,
staff open the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import AsyncIterable
from datetime import datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

__all__ = ["FORMULA_STARTS", "local_minute", "neutralise", "number", "write_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def local_minute(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def number(value: float | None, delimiter: str) -> str:
    """A decimal as the reader's Excel expects it: a comma beside ``;`` (Swedish)."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if delimiter == ";" else text


async def write_csv(rows: AsyncIterable[list[str]], target: BinaryIO, delimiter: str) -> int:
    """Write the rows (the first is the header) and return how many data rows there were."""
    target.write(codecs.BOM_UTF8)
    line = io.StringIO()
    writer = csv.writer(line, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    count = -1
    async for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        target.write(line.getvalue().encode("utf-8"))
        line.seek(0)
        line.truncate()
        count += 1
    return max(count, 0)
