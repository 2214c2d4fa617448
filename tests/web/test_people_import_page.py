"""The admin's people import: upload, the check of the whole file, the import, invitations."""

from __future__ import annotations

import io

from tests.unit.test_people_import import DANISH
from tests.web.conftest import csrf_token


def test_an_admin_uploads_checks_and_imports_a_file_and_passes_invitations_on(login, journal):
    admin = login("admin")
    form = csrf_token(admin, "/admin/people/import")
    sent = admin.post(
        "/admin/people/import",
        data={"csrf_token": form, "file": (io.BytesIO(DANISH), "people.csv")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    preview = admin.get(sent.headers["Location"])
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "3 new, 0 would change, 0 unchanged, 4 refused" in page
    assert "no leader has the address nobody@firma.dk" in page
    before = len(journal.read.people.list())
    done = admin.post(
        sent.headers["Location"],
        data={"csrf_token": csrf_token(admin, sent.headers["Location"]), "invite": "1"},
    )
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert len(journal.read.people.list()) == before + 3
    # Søren and Lene have no account: their invitations, to pass on (no mail server here).
    assert text.count("/invitation/") == 2
    assert admin.get(sent.headers["Location"]).status_code == 404  # the upload is gone


def test_only_an_admin_imports_people(login):
    assert login("leader").get("/admin/people/import").status_code == 403
