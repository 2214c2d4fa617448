"""A manager's overview of the leaders they oversee: aggregates and counts only.

Per leader: the verdict over the last four weeks, how many of their people are in
cadence, requests waiting and how soon they are met, follow-through on agreed actions, the
team's NPS, and the people share of their time month by month (a chart and its numbers).
"""

from __future__ import annotations

from statistics import median
from typing import Any

from flask import Blueprint, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from journal.read import overview
from journal.read.overview import LeaderOverview
from web.auth import current_actor, journal
from web.permissions import check_manager
from web.ui.charts import STYLE, month_labels, new_chart, pygal, render_cached
from web.ui.local_time import local_today

bp = Blueprint("manager", __name__)


@bp.before_request
@login_required
def managers_only() -> None:
    """The overview is a manager's own."""
    check_manager(current_actor())


def overview_page() -> Any:
    """Every overseen leader: this month's figures and the year's people share."""
    leaders = overview.manager_overview(journal(), current_actor().person_id)
    return render_template(
        "manager/overview.html",
        leaders=leaders,
        months=leaders[0].months if leaders else [],
        month_label=lambda first: format_date(first, "MMM yyyy"),
        chart=people_chart(leaders) if any_time(leaders) else None,
    )


def any_time(leaders: list[LeaderOverview]) -> bool:
    """Whether any leader has time recorded in any of the months."""
    return any(m.people_share is not None for leader in leaders for m in leader.months)


def people_chart(leaders: list[LeaderOverview]) -> Markup:
    """The people share of the leaders' time by month: a line per leader while each can
    have a colour of its own; for more leaders, the highest, the median and the lowest
    share each month (each leader's own line is on their results page)."""
    title = _("Share of time to people, per month, in percent")
    labels = month_labels((m.month for m in leaders[0].months), local_today())
    if len(leaders) <= len(STYLE.colors):
        series = tuple((one.name, tuple(m.people_share for m in one.months)) for one in leaders)
    else:
        series = spread(leaders)

    def build() -> Any:
        chart = new_chart(
            pygal.Line, title, x_labels=labels, range=(0, 100), allow_interruptions=True,
            x_label_rotation=30, height=320,
        )  # fmt: skip
        for name, values in series:
            chart.add(name, list(values))
        return chart

    return render_cached(("manager people share", title, labels, series), build)


def spread(leaders: list[LeaderOverview]) -> tuple[tuple[str, tuple[float | None, ...]], ...]:
    """Per month, over the leaders with time that month: the highest, median, lowest share."""
    columns = [
        sorted(s for one in leaders if (s := one.months[i].people_share) is not None)
        for i in range(len(leaders[0].months))
    ]
    return (
        (_("Highest"), tuple(c[-1] if c else None for c in columns)),
        (_("Median"), tuple(round(median(c), 1) if c else None for c in columns)),
        (_("Lowest"), tuple(c[0] if c else None for c in columns)),
    )


# The URL rule's endpoint is "manager.overview": the name the start page redirects to.
bp.add_url_rule("/manager", "overview", overview_page)
