"""The mails that carry a single-use link (web/state/links.py): a password reset and an
invitation, in the person's language, through the mail server the reminders use
(JOURNAL_SMTP_URL). Without a mail server nothing is sent, and the caller says so."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from uuid import UUID

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from journal.errors import DomainError
from journal.projections.people import PersonRow
from web.auth import journal, note
from web.reminders import Mailer
from web.state.links import INVITATION, LinkStore


def link_url(endpoint_path: str) -> str:
    """A path of this site as the address a mail links to (JOURNAL_BASE_URL)."""
    return current_app.config["BASE_URL"].rstrip("/") + endpoint_path


def send_link(
    purpose: str, to: str, name: str, url: str, lifetime: timedelta, language: str
) -> bool:
    """Mail the link; False when no mail server is set or it refused the mail."""
    server = current_app.config["SMTP_URL"]
    if not server:
        return False
    with force_locale(language):
        message = EmailMessage()
        message["To"] = to
        message["Subject"] = (
            _("Your invitation to Coaching Journal")
            if purpose == INVITATION
            else _("Choose a new password for Coaching Journal")
        )
        message["Message-ID"] = make_msgid(domain="coaching-journal")
        message.set_content(
            render_template(
                "auth/link_mail.txt", purpose=purpose, name=name, url=url,
                hours=int(lifetime.total_seconds() // 3600), days=lifetime.days,
            )
        )  # fmt: skip
        message["Content-Language"] = language
    try:
        Mailer.from_url(server, current_app.config["MAIL_FROM"]).send(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.warning("could not mail a %s link to %s", purpose, to)
        return False
    return True


def links() -> LinkStore:
    store: LinkStore = current_app.extensions["links"]
    return store


def language_of(person_id: UUID) -> str:
    """The language the person last used, else the default."""
    account = journal().read.accounts.for_person(person_id)
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    return (account.language if account and account.language else None) or default


def invite(person: PersonRow, invited_by: UUID | None) -> str | None:
    """Send the person an invitation; the link itself when no mail could carry it (for
    the admin to pass on), else None."""
    if journal().read.accounts.for_person(person.person_id) is not None:
        raise DomainError("person_id", "%(name)s already has an account", name=person.name)
    if not person.is_active:
        raise DomainError("person_id", "%(name)s has been deactivated", name=person.name)
    token, lifetime = links().issue(INVITATION, person.person_id)
    url = link_url(url_for("recovery.accept", token=token))
    sent = send_link(INVITATION, person.email, person.name, url, lifetime,
                     language_of(person.person_id))  # fmt: skip
    note("invitation_sent", person_id=person.person_id, actor_id=invited_by, sent=sent)
    return None if sent else url
