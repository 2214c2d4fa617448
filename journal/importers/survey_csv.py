"""Survey results in bulk: a CSV export of NPS answers read into rows the journal records.

Survey tools export CSV with their own column names; a column maps to one of ``FIELDS``
(a header with a field's name maps itself; ``--map COLUMN=FIELD`` or the upload page's
choices do the rest). The usual export quirks are handled: UTF-8 with a byte-order mark,
``;`` as the separator and decimal commas from Danish Excel, quoted newlines in comments.
Each bad row is refused with its line number and the reason; the good ones import.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from journal.domain import limits
from journal.domain.feedback import CHANNELS
from journal.errors import DomainError

FIELDS = ("date", "score", "comment", "employee", "channel", "response_id")
REQUIRED = ("date", "score", "employee")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d")
CHANNEL_WORDS = {
    "phone": "phone", "telefon": "phone", "call": "phone", "opkald": "phone",
    "email": "email", "e-mail": "email", "mail": "email",
    "chat": "chat", "other": "other", "andet": "other", "": "other",
}  # fmt: skip


@dataclass(frozen=True)
class SurveyFile:
    """A CSV file read: its header, its rows with their first line numbers, its digest."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str
    digest: str


@dataclass(frozen=True)
class Answer:
    """One row as feedback to record."""

    line: int
    key: str  # the response id, or a digest of the row
    employee_id: UUID
    score: int
    received_at: datetime
    comment: str
    channel: str


@dataclass(frozen=True)
class Refused:
    """A row that is not imported, and why: the rule it broke, on the field it names."""

    line: int
    error: DomainError

    @property
    def reason(self) -> str:
        """The reason in English, field first: ``score: "11" is not a whole number ...``."""
        return f"{self.error.field}: {self.error.message}"


def read_survey(data: bytes) -> SurveyFile:
    """The CSV's header and rows; a file that is not CSV text is a DomainError on ``file``."""
    return read_csv(data, limits.SURVEY_FILE_BYTES)


def read_csv(data: bytes, max_bytes: int) -> SurveyFile:
    """A CSV file as Danish Excel and survey tools save it: UTF-8 with or without a
    byte-order mark, or Windows-1252; ``;``, ``,`` or tab between columns; quoted newlines.
    A file that is not CSV text is a DomainError on ``file``."""
    if len(data) > max_bytes:
        raise DomainError(
            "file",
            "is larger than %(megabytes)s MB",
            megabytes=max_bytes // 1_000_000,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # older Danish Excel saves "CSV" in Windows-1252
        except UnicodeDecodeError:
            raise DomainError("file", "is not a text (CSV) file") from None
    if "\0" in text or not text.strip():
        raise DomainError("file", "is not a text (CSV) file with a header and rows")
    first = text.splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
        rows, start = [], reader.line_num + 1
        for values in reader:
            if any(v.strip() for v in values):
                rows.append((start, values))
            start = reader.line_num + 1
    except csv.Error:
        raise DomainError(
            "file", "is not valid CSV near line %(near)s", near=reader.line_num
        ) from None
    if len(headers) < 2:
        raise DomainError("file", "has no header row with the columns' names")
    return SurveyFile(headers, rows, delimiter, hashlib.sha256(data).hexdigest())


def named_like_fields(headers: list[str]) -> dict[str, int]:
    """Field -> column index of the headers named like a field (any case)."""
    index = {h.strip().lower(): i for i, h in enumerate(headers)}
    return {field: index[field] for field in FIELDS if field in index}


def mapping_for(headers: list[str], chosen: Mapping[str, str] | None = None) -> dict[str, int]:
    """Field -> column index: headers named like a field map themselves, ``chosen`` (column
    name -> field) adds or overrides. A DomainError on ``map`` names what is wrong."""
    index = {h.strip().lower(): i for i, h in enumerate(headers)}
    mapping = named_like_fields(headers)
    for column, field in (chosen or {}).items():
        if field not in FIELDS:
            raise DomainError(
                "map",
                '"%(name)s" is not a field; use one of %(fields)s',
                name=field,
                fields=", ".join(FIELDS),
            )
        if column.strip().lower() not in index:
            raise DomainError("map", 'the file has no column "%(column)s"', column=column)
        mapping[field] = index[column.strip().lower()]
    missing = [field for field in REQUIRED if field not in mapping]
    if missing:
        raise DomainError(
            "map", "map a column to %(missing)s (required)", missing=", ".join(missing)
        )
    return mapping


def answers(
    survey: SurveyFile,
    mapping: dict[str, int],
    find_employee: Callable[[str], UUID],
    zone: ZoneInfo,
) -> tuple[list[Answer], list[Refused]]:
    """Each row as an answer, or refused with a reason. ``find_employee`` gives the
    employee's id for an email or username, or raises a DomainError saying why they may
    not be imported."""
    good: list[Answer] = []
    refused: list[Refused] = []
    for line, values in survey.rows:
        try:
            good.append(answer(line, values, mapping, find_employee, zone))
        except DomainError as error:
            refused.append(Refused(line, error))
    return good, refused


def answer(
    line: int,
    values: list[str],
    mapping: dict[str, int],
    find_employee: Callable[[str], UUID],
    zone: ZoneInfo,
) -> Answer:
    """One row; a DomainError names the field that is wrong."""

    def cell(field: str) -> str:
        column = mapping.get(field)
        return values[column].strip() if column is not None and column < len(values) else ""

    who = cell("employee")
    if not who:
        raise DomainError("employee", "is empty")
    employee_id = find_employee(who.lower())
    channel = CHANNEL_WORDS.get(cell("channel").lower())
    if channel is None:
        raise DomainError("channel", "must be one of %(channels)s", channels=", ".join(CHANNELS))
    comment = cell("comment")
    if len(comment) > limits.COMMENT:
        raise DomainError(
            "comment", "must be at most %(comment)s characters", comment=limits.COMMENT
        )
    received_at, score = parse_moment(cell("date"), zone), parse_score(cell("score"))
    response_id = cell("response_id")
    key = f"id:{response_id}" if response_id else "row:" + hashlib.sha256(
        "\x1f".join((received_at.isoformat(), str(score), comment, who.lower(), channel)).encode()
    ).hexdigest()  # fmt: skip
    return Answer(line, key, employee_id, score, received_at, comment, channel)


def parse_score(text: str) -> int:
    """A whole score from 0 to 10; "9,0" and "9.0" are 9."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise DomainError("score", '"%(text)s" is not a number from 0 to 10', text=text) from None
    if not value.is_integer() or not limits.SCORE_MIN <= value <= limits.SCORE_MAX:
        raise DomainError("score", '"%(text)s" is not a whole number from 0 to 10', text=text)
    return int(value)


def parse_moment(text: str, zone: ZoneInfo) -> datetime:
    """An ISO date-time (a zone, or the organisation's), or a date (noon, the organisation's
    time) as 2026-11-03, 03-11-2026, 03.11.2026 or 03/11/2026."""
    if not text:
        raise DomainError("date", "is empty")
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text)
        if len(text) > 10:
            return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    except ValueError:
        pass
    for pattern in DATE_FORMATS:
        try:
            day: date = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return datetime.combine(day, time(12), tzinfo=zone)
    raise DomainError(
        "date", '"%(text)s" is not a date such as 2026-11-03 or 03-11-2026', text=text
    )


def as_choices(value: Any) -> dict[str, str]:
    """``["Column=field", ...]`` (the CLI's --map) as column -> field."""
    chosen = {}
    for item in value or ():
        column, sep, field = str(item).partition("=")
        if not sep or not column.strip() or not field.strip():
            raise DomainError("map", '"%(item)s" is not COLUMN=FIELD', item=item)
        chosen[column.strip()] = field.strip().lower()
    return chosen
