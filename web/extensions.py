"""Flask extensions, made here and bound to the app in ``create_app``."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
LANGUAGE_COOKIE = "language"


def select_locale() -> str | None:
    """The user's chosen language, else the browser's best match, else the default."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return str(chosen)
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def init_extensions(app: Flask) -> None:
    """Bind every extension to the app."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
