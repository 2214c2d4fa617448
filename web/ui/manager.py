"""A manager's overview of the leaders they oversee: aggregates and counts only.

Per leader: the verdict over the last four weeks, how many of their people are in
cadence, requests waiting and how soon they are met, follow-through on agreed actions, the
team's NPS, and the people share of their time month by month (a chart and its numbers).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from journal import overview
from journal.overview import LeaderOverview
from web.auth import current_actor, journal
from web.permissions import check_manager
from web.ui.charts import new_chart, pygal, render

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
    """The people share of each leader's time by month, a line per leader."""
    chart = new_chart(
        pygal.Line,
        _("Share of time to people, per month, in percent"),
        x_labels=[format_date(m.month, "MMM yy") for m in leaders[0].months],
        range=(0, 100),
        allow_interruptions=True,
        x_label_rotation=30,
        height=320,
    )
    for leader in leaders:
        chart.add(leader.name, [m.people_share for m in leader.months])
    return render(chart)


# The URL rule's endpoint is "manager.overview": the name the start page redirects to.
bp.add_url_rule("/manager", "overview", overview_page)
