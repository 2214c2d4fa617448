"""The server-rendered pages: one blueprint per kind of user, templates in ui/templates."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext

from web.extensions import login_manager
from web.ui import filters


def init_ui(app: Flask) -> None:
    """Register the page blueprints and the template helpers."""
    from web.ui import (
        admin,
        admin_person,
        auditor,
        auth,
        calendar,
        calendar_check,
        calendar_subscriptions,
        demo_feeds,
        employee,
        feed,
        group_sessions,
        home,
        leader,
        loop,
        manager,
        people_import,
        person,
        recovery,
        results,
        sso,
        surveys,
    )

    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    modules = (
        auth, sso, recovery, home, leader, group_sessions, calendar, calendar_check,
        calendar_subscriptions, feed, person, employee, loop, manager, results, surveys,
        auditor, admin, admin_person, people_import,
    )  # fmt: skip
    for module in modules:
        app.register_blueprint(module.bp)
    filters.init_filters(app)
    demo_feeds.init_demo_feeds(app)
    sso.init_sso(app)
