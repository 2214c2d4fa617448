"""Results over time: for a leader (their own) and for their manager, the last 12 months
of the people share of the leader's time, the share of the team in cadence and the team's
NPS, on one chart with the numbers as a table beside it.

"So you can feel results by the next measurement": coaching time and cadence next to
what customers say, month by month.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from journal.read import overview
from journal.read.overview import MonthResult
from web.auth import current_actor, journal
from web.permissions import check_leader, check_manager, not_found
from web.ui.charts import month_labels, new_chart, pygal, render_cached
from web.ui.local_time import local_today

bp = Blueprint("results", __name__)


@bp.route("/leader/results")
@login_required
def mine() -> Any:
    """The signed-in leader's own results."""
    actor = current_actor()
    check_leader(actor)
    return page(actor.person_id, None)


@bp.route("/manager/leaders/<uuid:leader_id>")
@login_required
def of_leader(leader_id: UUID) -> Any:
    """A leader's results, for the manager who oversees them (404 for any other leader)."""
    actor = current_actor()
    check_manager(actor)
    overseen = {p.person_id: p for p in journal().read.people.overseen_by(actor.person_id)}
    if leader_id not in overseen:
        raise not_found("leader", leader_id)
    return page(leader_id, overseen[leader_id].name)


def page(leader_id: UUID, name: str | None) -> str:
    """The chart and its numbers."""
    results = overview.results_by_month(journal(), leader_id)
    return render_template(
        "results/results.html",
        name=name,
        results=results,
        chart=results_chart(results),
        month_label=lambda first: month_labels([first], local_today(), "MMM yyyy")[0],
    )


def results_chart(results: list[MonthResult]) -> Markup:
    """Three lines on one scale: people share and cadence (percent), NPS (−100 to 100).
    Drawn once per set of figures (charts.render_cached)."""
    title = _("Time to people, team in cadence (percent) and team NPS, per month")
    labels = month_labels((r.month for r in results), local_today())
    series = (
        (_("Time to people, %"), tuple(r.people_share for r in results)),
        (_("Team in cadence, %"), tuple(r.cadence_share for r in results)),
        (_("Team NPS"), tuple(r.nps.score if r.nps.enough else None for r in results)),
    )

    def build() -> Any:
        chart = new_chart(
            pygal.Line, title, x_labels=list(labels), range=(-100, 100),
            allow_interruptions=True, x_label_rotation=30, height=340,
        )  # fmt: skip
        for name, values in series:
            chart.add(name, list(values))
        return chart

    return render_cached(("results", title, labels, series), build)
