"""Survey tools post each answer as it arrives: ``POST /api/v1/feedback-hooks/{source}``.

No bearer token: the post proves itself by its signature under the hook's secret
(journal/importers/survey_hook.py). A signature that does not hold is a 401 and a line in
the security trail; an answer that is refused a 422 naming its field, with nothing
written; an answer posted again is recorded once.
"""

from __future__ import annotations

import time

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint
from marshmallow import fields
from werkzeug.exceptions import NotFound, Unauthorized

from journal.commands import SurveyImport
from journal.errors import ConflictError
from journal.importers import survey_hook
from web.auth import journal, note

blp = Blueprint(
    "feedback_hooks",
    __name__,
    url_prefix="/api/v1",
    description="Survey tools posting NPS answers as they arrive, signed with the hook's secret.",
)

#: A post may meet another on the ledger of answers; it is tried again this many times.
ATTEMPTS = 3


class HookResultSchema(ma.Schema):
    """What the post's answers became."""

    imported = fields.Integer(required=True, metadata={"description": "answers recorded now"})
    already = fields.Integer(
        required=True, metadata={"description": "answers recorded before (a retry)"}
    )


@blp.route("/feedback-hooks/<string:source>", methods=["POST"])
@blp.doc(
    security=[],
    description=(
        'The body is JSON: an answer (an object), a list of answers or {"answers": [...]}, '
        "with the fields the CSV import knows (date, score, comment, employee, channel, "
        "response_id) or the names the hook maps to them (journal feedback hook create NAME "
        "--map). Signed in the header X-Journal-Signature: t=UNIX_SECONDS,v1=HEX, HEX being "
        "HMAC-SHA256 under the hook's secret of t, a dot and the raw body; t within 5 minutes."
    ),
)
@blp.response(200, HookResultSchema)
@blp.alt_response(401, description="the signature is missing, wrong or older than 5 minutes")
@blp.alt_response(404, description="no hook of that name")
@blp.alt_response(422, description="an answer is refused: the field is named, nothing written")
def receive(source: str) -> SurveyImport:
    """Record a survey tool's answers, once each however often it posts them."""
    app = journal()
    hook = app.feedback_hook(source)
    if hook is None:
        raise NotFound(f"no feedback hook named {source}")
    body = request.get_data(cache=True)
    header = request.headers.get(survey_hook.HEADER, "")
    why = survey_hook.refusal(header, hook.secret, body, time.time())
    if why is not None:
        note("hook_refused", reason=why, hook=hook.name)
        raise Unauthorized(f"the {survey_hook.HEADER} header does not hold ({why})")
    for attempt in range(ATTEMPTS):
        try:
            return app.receive_hook_answers(hook, body)
        except ConflictError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
