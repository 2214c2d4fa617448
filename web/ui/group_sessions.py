"""Group sessions on the leader's coaching log: one training or team-building logged once
with several people of the team, and withdrawn with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from web.auth import current_actor, journal
from web.labels import label
from web.permissions import leader_pages
from web.ui.forms import GroupSessionForm, RetractForm
from web.ui.leader import first_of, render_coaching_log, team_form
from web.ui.submitting import submitted

bp = Blueprint("group_pages", __name__)
leader_pages(bp)


@bp.route("/leader/group-sessions", methods=["POST"])
def log() -> Any:
    """Log a session with the people ticked on the form."""
    me = current_actor().person_id
    form = team_form(GroupSessionForm(prefix="group"))
    return submitted(
        form,
        lambda: journal().log_group_session(
            leader_id=me,
            employee_ids=[UUID(e) for e in form.employee_ids.data],
            **form.values(),
            recorded_by=me,
        ),
        done=lambda: _(
            "%(kind)s with %(count)s people logged.",
            kind=label(form.kind.data),
            count=len(form.employee_ids.data),
        ),
        then=lambda: url_for(
            "leader.coaching_log", month=form.occurred_at.data.strftime("%Y-%m"), _anchor="list"
        ),
        failed=lambda: (render_coaching_log(first_of(None), form), 422),
    )


def refused_retraction(day: date) -> str:
    """The coaching log of the session's month, saying what the withdrawal lacked."""
    flash(_("Say why you withdraw the session: it stays in the history with your reason."), "error")
    return render_coaching_log(day.replace(day=1))


@bp.route("/leader/group-sessions/<uuid:session_id>/retract", methods=["POST"])
def retract(session_id: UUID) -> Any:
    """Withdraw one of the leader's own sessions, saying why."""
    me = current_actor().person_id
    session = journal().group_session(session_id)
    if session is None or session.leader_id != me:
        raise NotFound()
    form = RetractForm(prefix="retract")
    month = session.occurred_at.strftime("%Y-%m")
    return submitted(
        form,
        lambda: journal().retract_group_session(session_id, form.reason.data, recorded_by=me),
        done=lambda: _("The session is withdrawn; it stays in the history with your reason."),
        then=lambda: url_for("leader.coaching_log", month=month),
        failed=lambda: (refused_retraction(session.occurred_at.date()), 422),
    )
