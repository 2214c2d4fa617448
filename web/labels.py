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
    "manager": _l("Manager of leaders"),
    # time categories
    "planning": _l("Planning"),
    "reporting": _l("Reporting"),
    "follow_up": _l("Follow-up"),
    "people": _l("People"),
    "other": _l("Other"),
    # the founding article's groups of a leader's time (journal.calendars.checking)
    "plans_and_reports": _l("Planning and reporting"),
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
    # who ticks an agreed action off
    "both": _l("Either of you"),
    # languages
    "da": _l("Danish"),
    "en": _l("English"),
    # verdicts
    "coach": _l("Coach"),
    "controller": _l("Controller"),
    "near_target": _l("Near the target"),
    "none": _l("Not enough logged time"),
}

#: Why a meeting does not count (journal.calendars.counting), in the reader's words.
LEFT_OUT = {
    "cancelled": _l("cancelled"),
    "free": _l("marked free"),
    "all day": _l("all day"),
    "over 12 hours": _l("over 12 hours"),
    "declined": _l("declined"),
}

#: The rules that classify a meeting (journal.calendars.classifying), in the reader's words.
RULES = {
    "1-to-1 with a team member": _l("1-to-1 with a team member"),
    "team meeting": _l("team meeting"),
    "no rule matched": _l("no rule matched"),
    "your choice for this series": _l("your choice for this series"),
    "your choice": _l("your choice"),
    "reporting words": _l("reporting words"),
    "planning words": _l("planning words"),
    "follow-up words": _l("follow-up words"),
    "people words": _l("people words"),
    "other words": _l("other words"),
}


def left_out_label(reason: str) -> str:
    """Why a meeting does not count, translated."""
    return str(LEFT_OUT.get(reason, reason))


def rule_label(rule: str) -> str:
    """The rule behind a meeting's category, translated; a keyword rule keeps its word."""
    name, found, word = rule.partition(': "')
    if found:
        return f'{RULES.get(name, name)}: "{word}'
    return str(RULES.get(rule, rule))


def label(code: str | None) -> str:
    """The translated label of a code, or the code itself."""
    if code is None:
        return ""
    return str(LABELS.get(code, code))


def choices(codes: tuple[str, ...] | list[str]) -> list[SelectChoice]:
    """Select options for domain codes, labelled in the reader's language."""
    return [SelectChoice(code, LABELS.get(code, code)) for code in codes]
