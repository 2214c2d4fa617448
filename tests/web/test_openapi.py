"""The API describes itself: an OpenAPI 3 document and docs that load nothing from a CDN."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from journal.domain import limits
from journal.domain.leadership import CATEGORIES
from journal.domain.people import PASSIONS
from journal.projections.timeline import ENTRY_TYPES

REQUIRED_ROUTES = [
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/people"),
    ("post", "/api/v1/people"),
    ("post", "/api/v1/accounts"),
    ("get", "/api/v1/people/{person_id}"),
    ("post", "/api/v1/people/{person_id}/moves"),
    ("post", "/api/v1/people/{person_id}/talent"),
    ("put", "/api/v1/people/{person_id}/passions"),
    ("post", "/api/v1/people/{person_id}/interactions"),
    ("post", "/api/v1/interactions/{interaction_id}/corrections"),
    ("post", "/api/v1/interactions/{interaction_id}/retraction"),
    ("post", "/api/v1/people/{person_id}/feedback"),
    ("post", "/api/v1/feedback/{feedback_id}/corrections"),
    ("post", "/api/v1/feedback/{feedback_id}/retraction"),
    ("post", "/api/v1/tasks"),
    ("post", "/api/v1/tasks/{task_id}/start"),
    ("post", "/api/v1/tasks/{task_id}/complete"),
    ("post", "/api/v1/tasks/{task_id}/cancel"),
    ("post", "/api/v1/tasks/{task_id}/reassign"),
    ("post", "/api/v1/tasks/{task_id}/priority"),
    ("post", "/api/v1/leaders/{leader_id}/time-entries"),
    ("put", "/api/v1/leaders/{leader_id}/priorities"),
    ("get", "/api/v1/people/{person_id}/timeline"),
    ("get", "/api/v1/people/{person_id}/tasks"),
    ("get", "/api/v1/leaders/{leader_id}/coaching-log"),
    ("get", "/api/v1/leaders/{leader_id}/cadence"),
    ("get", "/api/v1/leaders/{leader_id}/calendar-audit"),
    ("get", "/api/v1/leaders/{leader_id}/nps"),
    ("get", "/api/v1/audit/events"),
    ("get", "/api/v1/audit/people/{person_id}"),
    ("get", "/api/v1/audit/people/{person_id}/changes"),
    ("get", "/api/v1/audit/leaders/{leader_id}/priorities"),
]


def normalise(path: str) -> str:
    """Path parameters by position, whatever each route calls them."""
    return re.sub(r"\{[^}]+\}", "{id}", path)


def test_the_openapi_document_lists_every_route(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.")
    documented = {
        (method, normalise(path)) for path, item in spec["paths"].items() for method in item
    }
    missing = [(m, p) for m, p in REQUIRED_ROUTES if (m, normalise(p)) not in documented]
    assert missing == []
    assert "bearer" in spec["components"]["securitySchemes"]


def test_the_api_docs_load_their_scripts_from_this_site(client: FlaskClient) -> None:
    page = client.get("/api/v1/docs").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, "the docs page loads Swagger UI"
    assert all(source.startswith(("/api/v1/docs/assets/", "/static/")) for source in sources)
    for source in sources:
        with client.get(source) as response:
            assert response.status_code == 200


def schema_property(spec: dict, schema: str, name: str) -> dict:
    """A property of a named component schema of the OpenAPI document."""
    return spec["components"]["schemas"][schema]["properties"][name]


def test_closed_vocabularies_are_enums_in_the_openapi_document(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").json

    assert schema_property(spec, "AssignTask", "passion")["enum"] == list(PASSIONS)
    assert schema_property(spec, "TimeEntry", "category")["enum"] == list(CATEGORIES)
    assert schema_property(spec, "TimelineEntry", "entry_type")["enum"] == list(ENTRY_TYPES)
    timeline = spec["paths"]["/api/v1/people/{person_id}/timeline"]["get"]["parameters"]
    entry_type = next(p for p in timeline if p["name"] == "type")
    assert entry_type["schema"]["items"]["enum"] == list(ENTRY_TYPES)


def test_the_openapi_document_states_the_domains_own_limits(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").json

    interaction = spec["components"]["schemas"]["NewInteraction"]["properties"]
    assert interaction["shared_notes"]["maxLength"] == limits.NOTES
    assert interaction["minutes"]["maximum"] == limits.INTERACTION_MINUTES
    assert interaction["agreed_actions"]["maxItems"] == limits.AGREED_ACTIONS
    assert interaction["agreed_actions"]["items"]["maxLength"] == limits.AGREED_ACTION
    assert schema_property(spec, "AssignTask", "title")["maxLength"] == limits.TITLE
    assert schema_property(spec, "TimeEntry", "minutes")["maximum"] == limits.DAY_MINUTES
    assert schema_property(spec, "NewPerson", "name")["maxLength"] == limits.NAME
    assert schema_property(spec, "NewFeedback", "score")["maximum"] == limits.SCORE_MAX
