"""Server-side SVG charts with pygal: no script, no CDN, readable without colour alone.

Every chart goes through ``new_chart`` and ``render``, so they share one look and
each SVG carries a title for screen readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Any

import pygal
from markupsafe import Markup
from pygal.style import Style

from web.ui.kept import Kept

# pygal writes a small inline <script> with its tooltip config even when it links none.
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#373c44",
    foreground_strong="#1d2127",
    foreground_subtle="#8891a0",
    colors=("#0f766e", "#b45309", "#1d4ed8", "#be123c", "#6d28d9", "#4d7c0f"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=16,
    value_font_size=12,
)


def month_labels(months: Iterable[date], today: date, pattern: str = "MMM yy") -> tuple[str, ...]:
    """Each month's short name; the month in progress says so ("Dec 26, so far"), so that
    a partial month is not read as a whole one."""
    from flask_babel import format_date
    from flask_babel import gettext as _

    return tuple(
        _("%(month)s, so far", month=format_date(first, pattern))
        if (first.year, first.month) == (today.year, today.month)
        else format_date(first, pattern)
        for first in months
    )


def new_chart(kind: type[Any], title: str, **options: Any) -> Any:
    """A pygal chart of ``kind`` (e.g. ``pygal.Bar``) in the journal's style, without script."""
    config: dict[str, Any] = {
        "style": STYLE,
        "title": title,
        "js": [],  # pygal links a tooltip script from a CDN by default; we load nothing
        "disable_xml_declaration": True,
        "width": 720,
        "height": 360,
        "legend_at_bottom": True,
        "print_values": False,
        "show_y_guides": True,
        "truncate_legend": -1,
    }
    config.update(options)
    return kind(**config)


def render(chart: Any) -> Markup:
    """The chart as inline SVG markup, safe to put in a template."""
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    # Bandit: pygal escapes labels and values itself; scripts are stripped above.
    return Markup(svg)  # nosec B704  # noqa: S704 (pygal escapes labels and values itself)


def render_cached(key: Hashable, build: Callable[[], Any]) -> Markup:
    """``render(build())``, drawn once per ``key`` in this process (the last 256 kept).

    pygal takes tens of milliseconds for a chart of many lines, most pages' whole budget.
    The key must hold everything the chart shows (title, labels, values, language): the
    same key is then the same picture, however often a page is opened.
    """
    return _DRAWN.get(key, lambda: render(build()))


_DRAWN = Kept(256)


__all__ = ["new_chart", "pygal", "render", "render_cached"]
