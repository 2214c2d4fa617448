"""Survey results in bulk: a CSV export of NPS answers imported as feedback, with a dry run
that checks every row and writes nothing."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from journal.commands import SurveyImport
from journal.domain import limits
from journal.importers import survey_csv
from web.auth import current_actor, journal
from web.permissions import check_imports_surveys

blp = Blueprint(
    "survey_imports",
    __name__,
    url_prefix="/api/v1",
    description="Survey results (NPS answers) imported in bulk from a CSV export.",
)


class SurveyFileSchema(ma.Schema):
    """The export."""

    file = Upload(
        required=True,
        metadata={
            "description": f"a CSV export, at most {limits.SURVEY_FILE_BYTES // 1_000_000} MB"
        },
    )


class SurveyOptionsSchema(ma.Schema):
    """How the file's columns map to fields, and whether only to check it."""

    map = fields.List(
        fields.String(validate=validate.Length(min=3, max=300)),
        load_default=list,
        metadata={
            "description": "COLUMN=FIELD, repeated; FIELD is one of " + ", ".join(survey_csv.FIELDS)
        },
    )
    dry_run = fields.Boolean(load_default=False)


class RefusedSchema(ma.Schema):
    """A row that was not imported."""

    line = fields.Integer(required=True)
    reason = fields.String(required=True)


class SurveyImportSchema(ma.Schema):
    """What the import did, or in a dry run would do."""

    imported = fields.Integer(required=True)
    already = fields.Integer(required=True, metadata={"description": "imported before"})
    refused = fields.List(fields.Nested(RefusedSchema), required=True)
    dry_run = fields.Boolean(required=True)


@blp.route("/feedback-imports", methods=["POST"])
@blp.arguments(SurveyFileSchema, location="files")
@blp.arguments(SurveyOptionsSchema, location="form")
@blp.response(200, SurveyImportSchema)
@blp.alt_response(403, description="only a leader (their team) or an admin imports")
@blp.alt_response(422, description="not CSV, too big, or a column not mapped (field map)")
def import_survey(files: dict[str, Any], options: dict[str, Any]) -> SurveyImport:
    """Import NPS answers from a survey export; answers imported before are skipped."""
    actor = current_actor()
    check_imports_surveys(actor)
    data = files["file"].read(limits.SURVEY_FILE_BYTES + 1)
    return journal().import_survey(
        data,
        chosen=survey_csv.as_choices(options["map"]),
        recorded_by=actor.person_id,
        dry_run=options["dry_run"],
    )
