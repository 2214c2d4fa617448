"""People in bulk on the admin's pages: upload a CSV file, see what a check of the whole
file finds (who is new, who changes and how, which rows are refused and why), then import
it, inviting the new people if the admin asks to.

The upload waits in web/state/uploads.py for the admin who sent it, until they import it,
and never longer than an hour (as a survey export does).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize

from journal.commands import PeopleImport
from journal.domain import limits
from journal.errors import DomainError, JournalError
from journal.importers import people_csv
from web.auth import current_actor, journal
from web.link_mail import invite
from web.messages import in_words
from web.permissions import check_admin, not_found
from web.state.uploads import UploadStore

bp = Blueprint("people_import", __name__)
#: How the result of a row reads, and the fields it changes.
RESULTS = {"new": _l("new"), "changed": _l("changes"), "unchanged": _l("unchanged")}
FIELDS = {"name": _l("name"), "email": _l("e-mail"), "role": _l("role"), "leader": _l("leader")}


class PeopleFileForm(FlaskForm):
    """The file to upload."""

    file = FileField(
        _l("People (.csv)"),
        validators=[
            FileRequired(_l("Choose the .csv file with one person a row.")),
            FileSize(limits.SURVEY_FILE_BYTES, message=_l("The file is larger than 20 MB.")),
        ],
    )


@bp.before_request
@login_required
def admins_only() -> None:
    """Registering people is the admin's job."""
    check_admin(current_actor())


def uploads() -> UploadStore:
    store: UploadStore = current_app.extensions["uploads"]
    return store


@bp.route("/admin/people/import", methods=["GET", "POST"])
def upload() -> Any:
    """Upload a file of people; it is kept for its preview."""
    form = PeopleFileForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            people_csv.read_people(data)
        except DomainError as error:
            form.file.errors = [*form.file.errors, in_words(error)]
        else:
            upload_id = uploads().keep(current_actor().account_id, data)
            return redirect(url_for("people_import.preview", upload_id=upload_id))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/import_upload.html", form=form), status


@bp.route("/admin/people/import/<uuid:upload_id>", methods=["GET", "POST"])
def preview(upload_id: UUID) -> Any:
    """What a check of the whole file finds; the import, on request."""
    data = uploads().find(current_actor().account_id, upload_id)
    if data is None:
        raise not_found("upload", upload_id)
    importing = request.method == "POST"
    if importing and not FlaskForm().validate_on_submit():
        return render_template("error.html", code=422, title=_("The form has expired.")), 422
    lines, refused = people_csv.read_people(data)
    done = journal().import_people(
        lines, refused=refused, dry_run=not importing, recorded_by=current_actor().person_id
    )
    if not importing:
        return render_template(
            "admin/import_preview.html", done=done, form=FlaskForm(), words=words
        )
    uploads().forget(upload_id)
    me = current_actor().person_id
    links = invitations(done, me) if request.form.get("invite") else []
    flash(summary(done), "info")
    return render_template("admin/import_done.html", done=done, links=links, words=words)


def invitations(done: PeopleImport, invited_by: UUID | None) -> list[tuple[str, str]]:
    """Invite each new person without an account; the links no mail could carry."""
    links = []
    for outcome in done.outcomes:
        row = journal().read.people.get(outcome.person_id) if outcome.person_id else None
        if outcome.result != "new" or row is None:
            continue
        if journal().read.accounts.for_person(row.person_id) is not None:
            continue  # the file gave them a username: their account is open
        try:
            link = invite(row, invited_by)
        except JournalError:
            continue
        if link is not None:
            links.append((row.name, link))
    return links


def summary(done: PeopleImport) -> str:
    return _(
        "%(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(refused)s refused.",
        new=done.count("new"), changed=done.count("changed"),
        unchanged=done.count("unchanged"), refused=len(done.refused),
    )  # fmt: skip


def words(outcome: Any) -> str:
    """A row's result in words: ``changes: name, leader``."""
    said = str(RESULTS[outcome.result])
    if outcome.fields:
        said += ": " + ", ".join(str(FIELDS[name]) for name in outcome.fields)
    return said
