"""The morning reminder: each leader's digest (journal/read/digest.py) as an e-mail in their
language, sent over SMTP; at most one a day per leader (journal/domain/reminders.py).

``journal reminders send`` (web/cli.py) runs it, daily from cron or a systemd timer
(docs/production.md). The mail is written by the same templates as the pages, so it speaks
the language the leader last used the journal in, and links back to it.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from flask import Flask, render_template
from flask_babel import force_locale, ngettext

from journal.commands import Journal
from journal.errors import JournalError
from journal.read.digest import Digest, digest_for, leaders
from web.metrics import REMINDERS

#: The schemes JOURNAL_SMTP_URL may use: how to secure the connection, and its usual port.
SCHEMES = {"smtp": ("plain", 25), "smtp+starttls": ("starttls", 587), "smtps": ("tls", 465)}
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Mailer:
    """Where mail goes: a server from JOURNAL_SMTP_URL and the sender's address."""

    host: str
    port: int
    security: str
    username: str
    password: str
    sender: str

    @classmethod
    def from_url(cls, url: str, sender: str) -> Mailer:
        """Read ``smtp://``, ``smtp+starttls://`` or ``smtps://[user:password@]host[:port]``."""
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise JournalError(
                "JOURNAL_SMTP_URL",
                f"{url!r}: use smtp://HOST:PORT, smtp+starttls://USER:PASSWORD@HOST:587"
                " or smtps://USER:PASSWORD@HOST:465",
            )
        security, port = SCHEMES[parts.scheme]
        return cls(
            host=parts.hostname,
            port=parts.port or port,
            security=security,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            sender=sender,
        )

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server; raises OSError or smtplib.SMTPException."""
        message["From"] = self.sender
        if self.security == "tls":
            context = ssl.create_default_context()
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
        with client:
            if self.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)


@dataclass(frozen=True)
class Outcome:
    """What a run did for one leader."""

    leader: str
    address: str
    items: int
    #: sent, failed, nothing (no item to remind of), already (sent or claimed today),
    #: or would-send (a dry run)
    status: str
    reason: str = ""


def subject(digest: Digest) -> str:
    """E.g. "Coaching Journal: 3 meetings overdue, 1 request waiting, 12 open actions"."""
    actions = sum(a.count for a in digest.actions)
    parts = [
        ngettext("%(num)d meeting overdue", "%(num)d meetings overdue", len(digest.overdue)),
        ngettext("%(num)d request waiting", "%(num)d requests waiting", len(digest.waiting)),
        ngettext("%(num)d open action", "%(num)d open actions", actions),
    ]
    counts = (len(digest.overdue), len(digest.waiting), actions)
    return "Coaching Journal: " + ", ".join(p for p, n in zip(parts, counts, strict=True) if n)


def compose(app: Flask, digest: Digest, language: str) -> EmailMessage:
    """The digest as a mail in ``language``: plain text and HTML, with links to the journal."""
    with app.test_request_context(base_url=app.config["BASE_URL"]), force_locale(language):
        message = EmailMessage()
        message["To"] = digest.leader.email
        message["Subject"] = subject(digest)
        message["Message-ID"] = make_msgid(domain="coaching-journal")
        text = render_template("reminders/mail.txt", digest=digest)
        message.set_content(re.sub(r"\n{3,}", "\n\n", text))  # the template's blank lines
        message.add_alternative(
            render_template("reminders/mail.html", digest=digest, language=language),
            subtype="html",
        )
        message["Content-Language"] = language  # after the content, which resets Content-*
    return message


def send_reminders(
    app: Flask, journal: Journal, mailer: Mailer | None, now: datetime
) -> list[Outcome]:
    """Send every active leader with something waiting their digest of the day.

    ``mailer`` None is a dry run: it says what would be sent and writes nothing.
    """
    day = now.astimezone(journal.settings.zone).date()
    outcomes = []
    for leader in leaders(journal):
        digest = digest_for(journal, leader, now)
        if not digest.items:
            outcomes.append(Outcome(leader.name, leader.email, 0, "nothing"))
            continue
        if mailer is None:
            outcomes.append(Outcome(leader.name, leader.email, digest.items, "would-send"))
            continue
        if not journal.claim_reminder(leader.person_id, day, digest.items):
            outcomes.append(Outcome(leader.name, leader.email, digest.items, "already"))
            continue
        account = journal.read.accounts.for_person(leader.person_id)
        language = (account and account.language) or app.config["BABEL_DEFAULT_LOCALE"]
        try:
            mailer.send(compose(app, digest, language))
        except (OSError, smtplib.SMTPException) as error:
            reason = f"{type(error).__name__}: {error}"
            journal.note_reminder(leader.person_id, day, failure=reason)
            outcomes.append(Outcome(leader.name, leader.email, digest.items, "failed", reason))
            continue
        journal.note_reminder(leader.person_id, day)
        outcomes.append(Outcome(leader.name, leader.email, digest.items, "sent"))
    for outcome in outcomes:
        REMINDERS.labels(outcome.status).inc()
    return outcomes
