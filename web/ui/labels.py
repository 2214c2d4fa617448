"""Human names for the domain's codes (interaction kinds, passions, roles...), translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

LABELS = {
    # interaction kinds
    "one_to_one": _l("1-to-1"),
    "walk_and_talk": _l("Walk-and-talk"),
    "training": _l("Training"),
    "team_building": _l("Team-building"),
    "quality_review": _l("Quality review"),
    # passions
    "customers": _l("Customers"),
    "product": _l("The product"),
    "self": _l("Own growth"),
    "colleagues": _l("Colleagues"),
    # roles
    "leader": _l("Leader"),
    "employee": _l("Employee"),
    "auditor": _l("Auditor"),
    "admin": _l("Admin"),
    # time categories
    "planning": _l("Planning"),
    "reporting": _l("Reporting"),
    "follow_up": _l("Follow-up"),
    "people": _l("People"),
    "other": _l("Other"),
    # feedback channels
    "phone": _l("Phone"),
    "email": _l("Email"),
    "chat": _l("Chat"),
    # task states
    "assigned": _l("Assigned"),
    "started": _l("Started"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    "retracted": _l("Retracted"),
    "recorded": _l("Recorded"),
    # timeline entry types
    "interaction": _l("Coaching"),
    "feedback": _l("Customer feedback"),
    "task": _l("Task"),
    "talent": _l("Talent"),
    "passions": _l("Passions"),
    "handover": _l("Handover"),
    # verdicts
    "coach": _l("Coach"),
    "controller": _l("Controller"),
    "none": _l("Not enough logged time"),
}


def label(code: str | None) -> str:
    """The translated label of a code, or the code itself."""
    if code is None:
        return ""
    return str(LABELS.get(code, code))


def choices(codes: tuple[str, ...] | list[str]) -> list[SelectChoice]:
    """Select options for domain codes, labelled in the reader's language."""
    return [SelectChoice(code, LABELS.get(code, code)) for code in codes]
