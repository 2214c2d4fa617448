"""Tables as CSV downloads that open safely in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
read by Excel or LibreOffice as a formula (CSV injection, OWASP); such a cell gets a
leading apostrophe, which the spreadsheet shows as text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from flask import Response

#: The most rows one download holds.
EXPORT_LIMIT = 100_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """A cell as text a spreadsheet will not evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_json(data: Any) -> str:
    """Event data as compact JSON text (dates, ids and redactions as strings)."""
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)


def csv_response(filename: str, header: list[Any], rows: Iterable[list[Any]]) -> Response:
    """A CSV attachment of ``rows`` under ``header``, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralised(str(h)) for h in header])
    for row in rows:
        writer.writerow([neutralised(cell) for cell in row])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
