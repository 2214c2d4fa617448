"""A person's GDPR rights through the API: export everything about them, or erase it (admin).

Erasure deletes the person's key (crypto-shredding, journal/security/keyring.py): their names,
notes and comments become unreadable everywhere at once, and the erasure is recorded.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal.domain import limits
from journal.errors import DomainError
from journal.projections.people import PersonRow
from journal.read import privacy
from web.api.people import PersonSchema, person_now
from web.auth import current_actor, journal, sign_out_everywhere
from web.permissions import check_admin, check_caller_is_employee, visible_person

blp = Blueprint(
    "privacy", __name__, url_prefix="/api/v1", description="Personal data: access and erasure."
)


class ExportSchema(ma.Schema):
    """Everything the journal holds about one person."""

    format = fields.String(required=True)
    exported_at = fields.String(required=True)
    exported_by = fields.String(allow_none=True)
    person = fields.Dict(required=True)
    account = fields.Dict(allow_none=True, required=True)
    events_about = fields.List(
        fields.Dict(), required=True, metadata={"description": "every event about the person"}
    )
    events_recorded = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "what the person recorded about others, without its words"},
    )


class OwnExportSchema(ExportSchema):
    """What an employee downloads about themself: the export, their leader's private
    notes left out (null), and who else read their record."""

    read_by = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "reads of the record's private notes by others: who, when, where"},
    )


class RecordReadSchema(ma.Schema):
    """Someone besides the leader read the private notes of the caller's record."""

    reader_id = fields.UUID(allow_none=True)
    reader = fields.String(required=True, metadata={"description": "their name"})
    read_at = fields.AwareDateTime(required=True)
    context = fields.String(required=True, metadata={"description": "where: which page or call"})


class ErasureSchema(ma.Schema):
    """Why a person's personal data is erased (kept in the log as the erasure's record)."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=limits.REASON))


@blp.route("/people/<uuid:person_id>/export", methods=["GET"])
@blp.response(200, ExportSchema)
@blp.alt_response(403, description="only an admin exports a person's data")
@blp.alt_response(404, description="no such person in your view")
def export_person(person_id: UUID) -> dict[str, Any]:
    """Export everything about a person as JSON (admin): the right of access."""
    actor = current_actor()
    visible_person(actor, person_id)
    check_admin(actor)
    return privacy.export_person(journal(), person_id, exported_by=actor.person_id)


@blp.route("/me/export", methods=["GET"])
@blp.response(200, OwnExportSchema)
@blp.alt_response(403, description="only an employee downloads their own record here")
def export_own_data() -> dict[str, Any]:
    """Everything the journal holds about the calling employee that they may see, as JSON:
    the right of access, without their leader's private notes."""
    actor = current_actor()
    check_caller_is_employee(actor)
    return privacy.export_own_data(journal(), actor.person_id)


@blp.route("/me/record-reads", methods=["GET"])
@blp.response(200, RecordReadSchema(many=True))
@blp.alt_response(403, description="only an employee has a record of their own here")
def record_reads() -> list[dict[str, Any]]:
    """Who besides the caller's leader read the private notes of their record (auditors),
    newest first: who, when and where, never what."""
    actor = current_actor()
    check_caller_is_employee(actor)
    return reads_with_names(actor.person_id)


def reads_with_names(person_id: UUID) -> list[dict[str, Any]]:
    """The record's reads by others, each with the reader's name."""
    names = {p.person_id: p.name for p in journal().read.people.list()}
    return [
        {
            "reader_id": read.reader_id,
            "reader": names.get(read.reader_id, "") if read.reader_id else "",
            "read_at": read.read_at,
            "context": read.context,
        }
        for read in privacy.record_reads(person_id, journal().history)
    ]


@blp.route("/people/<uuid:person_id>/erasure", methods=["POST"])
@blp.arguments(ErasureSchema)
@blp.response(200, PersonSchema)
@blp.alt_response(403, description="only an admin erases a person's data")
@blp.alt_response(404, description="no such person in your view")
@blp.alt_response(422, description="already erased, or the admin's own data")
def erase_person(body: dict[str, Any], person_id: UUID) -> PersonRow:
    """Erase a person's personal data for good, saying why (admin): the right to erasure."""
    actor = current_actor()
    visible_person(actor, person_id)
    check_admin(actor)
    if person_id == actor.person_id:
        raise DomainError("person_id", "you cannot erase yourself; ask another admin")
    account = journal().read.accounts.for_person(person_id)
    journal().erase_person(person_id, body["reason"], recorded_by=actor.person_id)
    if account is not None:  # the account is gone with the person: so are its tokens
        sign_out_everywhere(account.account_id)
    return person_now(person_id)
