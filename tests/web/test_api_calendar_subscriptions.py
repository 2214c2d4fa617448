"""A leader's calendar subscriptions through the API: subscribe, list without secrets, stop;
checked input is a 422 naming the field; only the leader writes, an auditor reads."""

from __future__ import annotations

from typing import Any

from tests.organisation import Org

SECRET = "https://outlook.office365.com/owa/calendar/abc/s3cr3t-t0ken/calendar.ics"


def test_a_leader_subscribes_lists_without_secrets_and_stops(api: Any, org: Org) -> None:
    lene = api("leader")
    path = f"/api/v1/leaders/{org.leader}/calendar-subscriptions"

    made = lene.post(path, json={"url": SECRET})
    dav = lene.post(
        path,
        json={"caldav_url": "https://dav.example.com/lene/work/", "username": "lene",
              "password": "app-pass-9"},
    )  # fmt: skip
    listed = lene.get(path)

    assert (made.status_code, dav.status_code) == (201, 201), (made.json, dav.json)
    items = {item["id"]: item for item in listed.json["items"]}
    assert items[made.json["id"]]["address"] == "https://outlook.office365.com/…ar.ics"
    assert items[dav.json["id"]]["kind"] == "caldav"
    assert items[made.json["id"]]["failures"] == 0 and items[made.json["id"]]["tried_at"] is None
    assert "s3cr3t" not in listed.get_data(as_text=True)
    assert "app-pass-9" not in listed.get_data(as_text=True)

    stopped = lene.delete(f"{path}/{made.json['id']}")
    again = lene.delete(f"{path}/{made.json['id']}")
    assert (stopped.status_code, again.status_code) == (204, 404)
    assert [item["id"] for item in lene.get(path).json["items"]] == [dav.json["id"]]


def test_bad_subscriptions_are_refused_naming_the_field(api: Any, org: Org) -> None:
    lene = api("leader")
    path = f"/api/v1/leaders/{org.leader}/calendar-subscriptions"
    for body, field in (
        ({}, "url"),
        ({"url": "ftp://example.com/a.ics"}, "url"),
        ({"url": "https://user:pw@example.com/a.ics"}, "url"),
        ({"caldav_url": "https://dav.example.com/"}, "username"),
        ({"caldav_url": "https://dav.example.com/", "username": "lene"}, "password"),
        ({"url": SECRET, "caldav_url": "https://dav.example.com/"}, "url"),
    ):
        refused = lene.post(path, json=body)
        assert refused.status_code == 422, body
        assert field in refused.json["errors"], (body, refused.json)
    assert lene.get(path).json["items"] == []


def test_only_the_leader_subscribes_and_an_auditor_reads(api: Any, org: Org) -> None:
    path = f"/api/v1/leaders/{org.leader}/calendar-subscriptions"
    assert api("leader").post(path, json={"url": SECRET}).status_code == 201
    assert api("other_leader").post(path, json={"url": SECRET}).status_code == 404
    assert api("other_leader").get(path).status_code == 404
    assert api("employee").get(path).status_code == 404
    assert api("admin").get(path).status_code == 403
    assert api("auditor").post(path, json={"url": SECRET}).status_code == 403
    assert len(api("auditor").get(path).json["items"]) == 1
