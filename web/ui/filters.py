"""Template helpers: dates in the reader's language and time zone, names, labels."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import parse_pattern
from flask import Flask, g, request
from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context

from journal.domain.people import ERASED
from web import labels
from web.auth import journal
from web.messages import in_words, refusal_words
from web.ui.calendar_sync_words import failure_in_words


def when(value: datetime | None, style: str = "minutes") -> str:
    """A moment in the reader's time zone and language, to the minute ("6 Dec 2026,
    09:00"); a babel style ("short", "long") or pattern when given."""
    if value is None:
        return ""
    if style == "minutes":
        style = minute_pattern(str(get_locale()))
    return format_datetime(value, style)


@lru_cache(maxsize=16)
def minute_pattern(language: str) -> str:
    """The language's medium date and short time as one pattern ("d. MMM y HH.mm"), so a
    moment is formatted in one call (a page of the log formats hundreds)."""
    locale = Locale.parse(language)
    joined = str(locale.datetime_formats["medium"])
    return joined.format(
        locale.time_formats["short"].pattern, locale.date_formats["medium"].pattern
    )


def clock_time(value: datetime | None) -> str:
    """A moment's time of day in the reader's time zone: "09:00"."""
    return "" if value is None else format_time(value, "short")


def duration(minutes: int | None) -> str:
    """Minutes as hours and minutes: "14 h 30 min", "45 min"."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)s min", minutes=rest)
    if not rest:
        return _("%(hours)s h", hours=hours)
    return _("%(hours)s h %(minutes)s min", hours=hours, minutes=rest)


def day(value: date | datetime | None, style: str = "medium") -> str:
    """A business date in the reader's language."""
    return "" if value is None else format_date(value, style)


def number(value: float | int | None) -> str:
    """A number in the reader's language, one decimal at most (35,7 in Danish)."""
    return "" if value is None else _formatted(value, str(get_locale()))


#: One decimal at most, with the language's separators.
NUMBER = parse_pattern("#,##0.#")


@lru_cache(maxsize=4096)
def _formatted(value: float | int, language: str) -> str:
    # A page of figures formats hundreds of numbers; babel's lookups per call were a tenth
    # of the manager overview's time, and the same shares and counts come back often.
    return str(NUMBER.apply(value, Locale.parse(language)))


def person_name(person_id: Any) -> str:
    """A person's name (names are looked up once per request)."""
    if person_id is None:
        return ""
    names = g.get("person_names")
    if names is None:
        names = g.person_names = journal().read.people.names()
    return str(names.get(person_id) or names.get(_as_uuid(person_id)) or person_id)


def _as_uuid(value: Any) -> Any:
    from uuid import UUID

    try:
        return UUID(str(value))
    except ValueError:
        return value


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (for filters and paging)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    from urllib.parse import urlencode

    query = urlencode(args, doseq=True)
    return f"{request.path}?{query}" if query else request.path


def displayed(value: Any) -> Any:
    """Every value a template prints: an erased text reads as "erased" in the reader's language."""
    return _("erased") if value == ERASED else value


def erased_aware(gettext: Any) -> Any:
    """Jinja's ``_()``, with an erased name put into a sentence read as "erased" too."""

    @pass_context
    def translate(context: Any, string: str, **variables: Any) -> Any:
        # Jinja's own returns Markup (its translations are trusted): keep it so.
        return gettext(context, string, **{k: displayed(v) for k, v in variables.items()})

    return translate


def init_filters(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.finalize = displayed
    translate = erased_aware(app.jinja_env.globals["gettext"])
    app.jinja_env.globals.update(gettext=translate, _=translate)
    app.add_template_filter(when)
    app.add_template_filter(day)
    app.add_template_filter(number)
    app.add_template_filter(duration)
    app.add_template_filter(clock_time)
    app.add_template_filter(person_name)
    app.add_template_global(url_with)
    app.add_template_global(labels.label, "label")
    app.add_template_global(labels.rule_label, "rule_label")
    app.add_template_global(labels.left_out_label, "left_out_label")
    app.add_template_global(refusal_words)
    app.add_template_global(in_words, "journal_words")
    app.add_template_global(failure_in_words, "calendar_failure")

    @app.context_processor
    def page_context() -> dict[str, Any]:
        return {"current_user": current_user, "locale": str(get_locale() or "en")}
