"""Survey results in bulk on the pages: upload a CSV export, map its columns on a preview
(the first rows, and what a dry run of the whole file finds), then import it.

Leaders import for their own team, admins for anyone. The upload waits in web/state/uploads.py
for the person who sent it, until they import it, and never longer than an hour.
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

from journal.domain import limits
from journal.errors import DomainError
from journal.importers import survey_csv
from web.auth import current_actor, journal
from web.messages import in_words
from web.permissions import check_imports_surveys, not_found
from web.state.uploads import UploadStore

bp = Blueprint("surveys", __name__)
PREVIEW_ROWS = 5
IGNORE = ""
FIELD_LABELS = {
    "date": _l("Date"),
    "score": _l("Score (0–10)"),
    "comment": _l("Comment"),
    "employee": _l("Employee (email or username)"),
    "channel": _l("Channel"),
    "response_id": _l("Response id"),
}


class UploadForm(FlaskForm):
    """The export to upload."""

    file = FileField(
        _l("Survey export (.csv)"),
        validators=[
            FileRequired(_l("Choose the .csv file your survey tool exported.")),
            FileSize(limits.SURVEY_FILE_BYTES, message=_l("The file is larger than 20 MB.")),
        ],
    )


@bp.before_request
@login_required
def leaders_and_admins() -> None:
    """A leader imports for their team, an admin for anyone."""
    check_imports_surveys(current_actor())


def uploads() -> UploadStore:
    store: UploadStore = current_app.extensions["uploads"]
    return store


@bp.route("/feedback/import", methods=["GET", "POST"])
def upload() -> Any:
    """Upload an export; it is kept for its preview."""
    form = UploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            survey_csv.read_survey(data)
        except DomainError as error:
            form.file.errors = [*form.file.errors, in_words(error)]
        else:
            upload_id = uploads().keep(current_actor().account_id, data)
            return redirect(url_for("surveys.preview", upload_id=upload_id))
    status = 422 if request.method == "POST" else 200
    return render_template("surveys/upload.html", form=form), status


def kept(upload_id: UUID) -> bytes:
    """The upload, if it is the caller's and still kept (404 otherwise)."""
    data = uploads().find(current_actor().account_id, upload_id)
    if data is None:
        raise not_found("upload", upload_id)
    return data


def chosen_columns(headers: list[str], form: Any) -> dict[str, str]:
    """Column -> field as the preview's selects say (empty: the automatic mapping)."""
    return {
        header: form.get(f"column-{index}", IGNORE)
        for index, header in enumerate(headers)
        if form.get(f"column-{index}", IGNORE) != IGNORE
    }


@bp.route("/feedback/import/<uuid:upload_id>", methods=["GET", "POST"])
def preview(upload_id: UUID) -> Any:
    """The columns and their fields, the first rows, and a dry run; import on request."""
    data = kept(upload_id)
    found = survey_csv.read_survey(data)
    submitted = request.method == "POST"
    if submitted and not FlaskForm().validate_on_submit():
        return render_template("error.html", code=422, title=_("The form has expired.")), 422
    columns = chosen_columns(found.headers, request.form) if submitted else {}
    importing = submitted and request.form.get("action") == "import"
    me = current_actor().person_id
    try:
        mapping = survey_csv.mapping_for(found.headers, columns)
        done = journal().import_survey(
            data, chosen=columns or None, recorded_by=me, dry_run=not importing
        )
        problem = None
    except DomainError as error:
        mapping, done, problem = survey_csv.named_like_fields(found.headers), None, in_words(error)
    if importing and done is not None:
        uploads().forget(upload_id)
        flash(
            _(
                "%(imported)s answers imported, %(already)s were already there, %(refused)s"
                " refused.",
                imported=done.imported,
                already=done.already,
                refused=len(done.refused),
            ),
            "info",
        )
        return render_template("surveys/done.html", done=done)
    fields_of = {index: field for field, index in mapping.items()}
    return render_template(
        "surveys/preview.html",
        upload_id=upload_id,
        headers=found.headers,
        fields_of=fields_of,
        fields=survey_csv.FIELDS,
        rows=found.rows[:PREVIEW_ROWS],
        total=len(found.rows),
        done=done,
        problem=problem,
        form=FlaskForm(),
        field_label=lambda name: str(FIELD_LABELS[name]),
    ), (422 if submitted and problem else 200)
