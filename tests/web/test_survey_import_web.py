"""Survey results in bulk through the API and the pages: upload, map the columns on a
preview with a dry run of the whole file, then import, once."""

from __future__ import annotations

import html
import io
import re
from typing import Any

from flask import Flask

from journal.commands import Journal
from tests.organisation import Org
from tests.unit.support import head
from tests.web.conftest import csrf_token, page_client

EXPORT = (
    "\ufeffSvar-id;Dato;Medarbejder;Score;Kommentar\r\n"
    'S1;03-11-2026;emil@example.dk;10;"Super;\nhurtigt"\r\n'
    "S2;04-11-2026;eva@example.dk;6,0;Ventetid\r\n"
    "S3;04-11-2026;otto@example.dk;9;Ikke Lenes team\r\n"
).encode()
MAP = ["Svar-id=response_id", "Dato=date", "Medarbejder=employee", "Score=score",
       "Kommentar=comment"]  # fmt: skip


def text_of(response: Any) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(True))))


def test_the_api_imports_a_leaders_team_and_a_dry_run_writes_nothing(
    api: Any, org: Org, journal: Journal
) -> None:
    lene = api("leader")

    def post(dry_run: bool) -> Any:
        return lene.post("/api/v1/feedback-imports", data={
            "file": (io.BytesIO(EXPORT), "nps.csv"), "map": MAP, "dry_run": str(dry_run).lower(),
        })  # fmt: skip

    dry = post(True)
    log_end = head(journal)
    done = post(False)
    again = post(False)

    assert dry.status_code == 200, dry.json
    assert (dry.json["imported"], dry.json["dry_run"]) == (2, True)
    assert log_end == head(journal) - 4  # 2 answers, the ledger opened
    assert done.json["refused"] == [
        {"line": 5, "reason": "employee: Otto Udenfor is not in your team"}
    ]
    assert (again.json["imported"], again.json["already"]) == (0, 2)


def test_the_page_previews_maps_checks_and_imports_once(
    app: Flask, org: Org, journal: Journal
) -> None:
    admin = page_client(app.test_client(), org, "admin")
    uploaded = admin.post(
        "/feedback/import",
        data={"csrf_token": csrf_token(admin, "/feedback/import"),
              "file": (io.BytesIO(EXPORT), "nps.csv")},
        content_type="multipart/form-data",
    )  # fmt: skip
    preview_url = uploaded.headers["Location"]
    first = admin.get(preview_url)
    columns = {"column-0": "response_id", "column-1": "date", "column-2": "employee",
               "column-3": "score", "column-4": "comment"}  # fmt: skip
    token = csrf_token(admin, "/feedback/import")
    checked = admin.post(preview_url, data={"csrf_token": token, **columns, "action": "check"})
    imported = admin.post(preview_url, data={"csrf_token": token, **columns, "action": "import"})

    assert uploaded.status_code == 302 and "/feedback/import/" in preview_url
    assert "map a column to date, employee (required)" in text_of(first)  # Score maps itself
    assert "3 answers would be imported, 0 are already there, 0 refused." in text_of(checked)
    assert "3 answers imported, 0 were already there, 0 refused." in text_of(imported)
    assert admin.get(preview_url).status_code == 404  # the upload is gone once imported
    assert journal.read.nps.for_team(org.leader, *period()).responses == 2


def test_a_file_that_is_not_csv_is_refused_on_the_form(app: Flask, org: Org) -> None:
    lene = page_client(app.test_client(), org, "leader")

    refused = lene.post(
        "/feedback/import",
        data={"csrf_token": csrf_token(lene, "/feedback/import"),
              "file": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00"), "photo.png")},
        content_type="multipart/form-data",
    )  # fmt: skip

    assert refused.status_code == 422
    assert "is not a text (CSV) file" in text_of(refused)


def period() -> tuple[Any, Any]:
    from datetime import UTC, datetime

    return datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC)
