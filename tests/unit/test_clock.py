"""The organisation's day: where its days begin decides reports, defaults and validation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from journal import clock
from journal.errors import JournalError
from journal.settings import Settings


@pytest.mark.parametrize(
    ("moment", "copenhagen", "new_york"),
    [
        (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), date(2026, 12, 2), date(2026, 12, 1)),
        (datetime(2026, 12, 2, 0, 30, tzinfo=UTC), date(2026, 12, 2), date(2026, 12, 1)),
        (datetime(2026, 6, 30, 22, 30, tzinfo=UTC), date(2026, 7, 1), date(2026, 6, 30)),
    ],
)
def test_today_is_the_date_on_the_organisations_wall_clock(
    moment: datetime, copenhagen: date, new_york: date
) -> None:
    with clock.frozen_at(moment):
        assert clock.today(Settings("memory://").zone) == copenhagen
        assert clock.today(Settings("memory://", timezone="America/New_York").zone) == new_york


def test_an_unknown_time_zone_is_refused_naming_the_setting() -> None:
    with pytest.raises(JournalError) as refused:
        Settings.from_env({"JOURNAL_TIMEZONE": "Europe/Atlantis"})
    assert refused.value.field == "JOURNAL_TIMEZONE"
