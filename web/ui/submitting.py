"""The one shape of a page's form post: validate, run the command, say it was done and
redirect; or show what was wrong on the form, re-rendered with 422, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from flask_wtf import FlaskForm

from journal.errors import DomainError
from web.ui.forms import show_domain_error


def submitted(
    form: FlaskForm,
    command: Callable[[], object],
    *,
    done: Callable[[], str],
    then: Callable[[], str],
    failed: Callable[[], Any],
    fields: dict[str, str] | None = None,
    fallback: str = "form",
) -> Any:
    """Validate ``form`` and run ``command``; then flash ``done()`` and redirect to
    ``then()``. A form that does not validate, or a rule the journal says was broken
    (put on the field it names: ``show_domain_error``), renders ``failed()``."""
    if form.validate_on_submit():
        try:
            command()
        except DomainError as error:
            show_domain_error(form, error, fields, fallback=fallback)
        else:
            flash(done(), "info")
            return redirect(then())
    return failed()
