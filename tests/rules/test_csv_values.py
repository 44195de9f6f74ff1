"""The values an export writes: decimals as the reader's Excel expects beside its
delimiter, and every moment as the full local minute, whichever form the database gave."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.views.csv_export import local_minute, local_minutes, number

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_a_decimal_has_a_comma_beside_semicolons_and_a_point_beside_commas() -> None:
    assert number(57.7123, ";") == "57,7123"
    assert number(57.7123, ",") == "57.7123"
    assert number(12.0, ";") == "12"
    assert number(0.1234567, ",") == "0.123457"
    assert number(None, ";") == ""


def test_each_moment_is_the_local_minute_in_winter_and_in_summer() -> None:
    format_minute = local_minutes(STOCKHOLM)
    moments = [
        # SQLite's naive UTC text, twice in one hour (the second from the hour's cache).
        ("2026-01-15 22:05:59.123456", "2026-01-15 23:05"),
        ("2026-01-15 22:59:00", "2026-01-15 23:59"),
        ("2026-07-01 22:30:00", "2026-07-02 00:30"),
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "2026-07-02 00:30"),
        (None, ""),
    ]
    assert [format_minute(moment) for moment, _local in moments] == [local for _m, local in moments]


def test_a_zone_off_by_half_an_hour_is_converted_the_long_way() -> None:
    kolkata = ZoneInfo("Asia/Kolkata")
    format_minute = local_minutes(kolkata)
    assert format_minute("2026-01-15 22:05:00") == "2026-01-16 03:35"
    assert format_minute("2026-01-15 22:45:00") == "2026-01-16 04:15"
    assert local_minute(datetime(2026, 1, 15, 22, 5, tzinfo=UTC), kolkata) == "2026-01-16 03:35"
    assert local_minute(None, kolkata) == ""
