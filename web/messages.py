"""The journal's messages in the reader's language.

The journal raises its errors in English, each a template with ``%(name)s`` places and
the values beside it (``journal.errors.JournalError``). Babel extracts the templates
from ``journal/`` (``scripts/translations``), the Danish catalogue translates them, and
the values go in after, so "cannot lie in the future" reads "kan ikke ligge i fremtiden"
on a Danish page. The API keeps the English text: clients match on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from web.labels import label

if TYPE_CHECKING:
    from journal.errors import JournalError
    from journal.importers.survey_csv import Refused

#: The fields a survey row or file is refused on, in the reader's words.
SURVEY_FIELDS = {
    "date": _l("date"),
    "score": _l("score"),
    "comment": _l("comment"),
    "employee": _l("employee"),
    "channel": _l("channel"),
    "response_id": _l("response id"),
    "map": _l("columns"),
    "file": _l("file"),
    # The people import's columns (journal/importers/people_csv.py).
    "name": _l("name"),
    "email": _l("e-mail"),
    "role": _l("role"),
    "leader": _l("leader"),
    "username": _l("username"),
    "employee_number": _l("employee number"),
    "person_id": _l("person"),
}


#: Values that are the domain's codes (a role, a state), put in as their label.
CODES = ("role", "role2", "state")


def in_words(error: JournalError) -> str:
    """The error's message translated, with its values put in (codes as their labels)."""
    params = {
        name: label(value).lower() if name in CODES and isinstance(value, str) else value
        for name, value in error.params.items()
    }
    return str(gettext(error.template, **params))


def refusal_words(refused: Refused) -> str:
    """Why a row of a file (survey answers, people) was refused, field first, in the
    reader's language."""
    field = SURVEY_FIELDS.get(refused.error.field, refused.error.field)
    return str(gettext("%(field)s: %(reason)s", field=field, reason=in_words(refused.error)))
