"""Schemas the API's resources share: paging, ids, moments, reasons."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from journal.domain import limits

# Timestamps in and out are ISO 8601 with a time zone; a moment without one is refused.
AwareDateTime = fields.AwareDateTime


class PageArgs(ma.Schema):
    """``?page=&limit=`` on every list."""

    # Bounded: an offset past 2**63 broke the database driver (found by schemathesis).
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class PageSchema(ma.Schema):
    """The paging part of every list response."""

    total = fields.Integer(required=True, metadata={"description": "items in all pages"})
    page = fields.Integer(required=True)
    limit = fields.Integer(required=True)


_PAGED: dict[str, type[ma.Schema]] = {}


def paged(item: type[ma.Schema]) -> type[ma.Schema]:
    """A list response of ``item``s with the total, built once per item schema."""
    name = f"{item.__name__.removesuffix('Schema')}PageSchema"
    if name not in _PAGED:
        _PAGED[name] = type(
            name, (PageSchema,), {"items": fields.List(fields.Nested(item), required=True)}
        )
    return _PAGED[name]


def page_of(items: list[Any], total: int, args: dict[str, Any]) -> dict[str, Any]:
    """A list response body."""
    return {"items": items, "total": total, "page": args["page"], "limit": args["limit"]}


def offset(args: dict[str, Any]) -> int:
    """The first item of the page asked for."""
    return int((args["page"] - 1) * args["limit"])


class ReasonSchema(ma.Schema):
    """A retraction or cancellation says why."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=limits.REASON))


class CreatedSchema(ma.Schema):
    """The id of what a command created."""

    id = fields.UUID(required=True)


class PeriodArgs(ma.Schema):
    """``?from=&to=`` on a leader's reports (dates; ``to`` is inclusive)."""

    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
