"""Who may do what: every access rule of the web app, in this one file.

- employee: sees themselves; reads their own timeline and tasks with shared notes only;
  starts and completes their own tasks; asks their leader for coaching; ticks off or
  drops their agreed actions.
- leader: sees themselves and their team; reads and writes their team's records; sees
  the private notes they wrote, never another leader's; keeps their own time log and
  priorities.
- auditor: sees everyone and reads everything, private notes included (each read is
  recorded as an event); writes nothing.
- admin: sees everyone and manages people and accounts (who manages which leaders too);
  reads no development records and no private notes.
- manager (a head of customer service): sees the leaders they oversee as aggregates and
  counts (verdict, cadence, requests, follow-through, team NPS); no notes and no single
  employee's records.

A person the caller may not know about is 404, as if it did not exist; an action on a
person or record the caller may see but not change is 403.
"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from flask import Blueprint
from flask_login import login_required
from werkzeug.exceptions import Forbidden, NotFound

from journal.domain.base import JournalAggregate
from journal.errors import NotFoundError
from journal.projections.coaching_loop import ActionRow, RequestRow
from journal.projections.people import PersonRow
from web.auth import Actor, current_actor, journal

A = TypeVar("A", bound=JournalAggregate)


def not_found(what: str, ident: Any) -> NotFound:
    """The 404 for a record that does not exist, or that the caller may not know about."""
    return NotFound(f"no {what} with id {ident}")


def may_see_person(actor: Actor, person: PersonRow) -> bool:
    """Whether the actor may know this person exists."""
    if actor.role in ("admin", "auditor") or person.person_id == actor.person_id:
        return True
    return actor.role == "leader" and person.leader_id == actor.person_id


def visible_person(actor: Actor, person_id: UUID) -> PersonRow:
    """The person, or 404 if they do not exist or are outside the actor's view."""
    person = journal().read.people.get(person_id)
    if person is None or not may_see_person(actor, person):
        raise not_found("person", person_id)
    return person


def check_admin(actor: Actor) -> None:
    """Managing people and accounts is the admin's job."""
    if actor.role != "admin":
        raise Forbidden("only an admin manages people and accounts")


def check_auditor(actor: Actor) -> None:
    """The audit pages and routes are the auditor's."""
    if actor.role != "auditor":
        raise Forbidden("only an auditor reads the audit trail")


def check_reads_development(actor: Actor, person: PersonRow) -> None:
    """An employee's timeline and tasks: the employee, their leader, auditors; not admins."""
    if actor.role == "admin":
        raise Forbidden("an admin manages people but does not read their development")
    if person.role != "employee":
        raise not_found("employee", person.person_id)


def check_coaches(actor: Actor, employee: PersonRow) -> None:
    """Coaching writes about an employee belong to the employee's current leader."""
    if employee.role != "employee":
        raise Forbidden("coaching records are about employees")
    if actor.role != "leader" or employee.leader_id != actor.person_id:
        raise Forbidden("only the employee's own leader records this")


def check_author(actor: Actor, leader_id: UUID, employee_id: UUID) -> None:
    """Correcting or retracting a record: only the leader who made it (404 if unseen)."""
    visible_person(actor, employee_id)
    if actor.role != "leader" or actor.person_id != leader_id:
        raise Forbidden("only the leader who recorded this may change it")


def check_task_progress(actor: Actor, leader_id: UUID, employee_id: UUID) -> None:
    """Starting or completing a task: its leader, or the employee who has it."""
    visible_person(actor, employee_id)
    if actor.person_id not in (leader_id, employee_id) or actor.role not in ("leader", "employee"):
        raise Forbidden("only the task's leader or its employee moves it along")


def check_asks(actor: Actor, employee: PersonRow) -> None:
    """Asking for coaching, or withdrawing the ask: the employee themselves."""
    if employee.role != "employee":
        raise not_found("employee", employee.person_id)
    if actor.person_id != employee.person_id:
        raise Forbidden("only the employee asks for their own coaching")


def check_closes_action(actor: Actor, employee: PersonRow) -> None:
    """Ticking off or dropping an agreed action: the employee or their current leader."""
    if employee.role != "employee":
        raise not_found("employee", employee.person_id)
    is_leader = actor.role == "leader" and employee.leader_id == actor.person_id
    if actor.person_id != employee.person_id and not is_leader:
        raise Forbidden("only the employee or their leader closes an agreed action")


def leader_in_view(actor: Actor, leader_id: UUID, *, write: bool) -> PersonRow:
    """A leader's own pages: the leader themselves; auditors may read; others get 404."""
    leader = journal().read.people.get(leader_id)
    if leader is None or leader.role != "leader":
        raise not_found("leader", leader_id)
    if actor.person_id == leader_id:
        return leader
    if actor.role == "auditor":
        if write:
            raise Forbidden("an auditor reads everything and writes nothing")
        return leader
    if actor.role == "admin":
        raise Forbidden("an admin manages people but does not read a leader's journal")
    raise not_found("leader", leader_id)


def check_caller_is_employee(actor: Actor) -> None:
    """The "My development" pages are an employee's view of their own record."""
    if actor.role != "employee":
        raise Forbidden("only an employee has a development page of their own")


def record_in_path(kind: type[A], record_id: UUID, what: str) -> A:
    """The interaction, feedback or task a path names, or 404 if there is none."""
    try:
        return journal().load(kind, record_id, f"{what}_id")
    except NotFoundError:
        raise not_found(what, record_id) from None


def authored_record(actor: Actor, kind: type[A], record_id: UUID, what: str) -> A:
    """A record the actor may correct: its leader's. 404 (naming the record, not the
    employee behind it) if its employee is out of view; 403 if someone else made it."""
    record = record_in_path(kind, record_id, what)
    try:
        check_author(actor, record.leader_id, record.employee_id)  # type: ignore[attr-defined]
    except NotFound:
        raise not_found(what, record_id) from None
    return record


def manager_in_view(actor: Actor, manager_id: UUID) -> PersonRow:
    """A manager's overview: the manager themselves; auditors may read; others 404."""
    manager = journal().read.people.get(manager_id)
    if manager is None or manager.role != "manager":
        raise not_found("manager", manager_id)
    if actor.person_id == manager_id or actor.role == "auditor":
        return manager
    if actor.role == "admin":
        raise Forbidden("an admin assigns leaders to a manager but does not read the overview")
    raise not_found("manager", manager_id)


def check_manager(actor: Actor) -> None:
    """The overview page is a manager's own."""
    if actor.role != "manager":
        raise Forbidden("only a manager of leaders has an overview")


def check_imports_surveys(actor: Actor) -> None:
    """A leader imports survey answers for their team, an admin for anyone."""
    if actor.role not in ("leader", "admin"):
        raise Forbidden("only a leader or an admin imports survey results")


def check_leader(actor: Actor) -> None:
    """The team, time-log, priorities and coaching-log pages are a leader's own."""
    if actor.role != "leader":
        raise Forbidden("only a leader has a team, a time log and priorities")


def request_of(employee: PersonRow, request_id: UUID) -> RequestRow:
    """The employee's request for coaching, or 404 (another's, or none)."""
    found = journal().read.coaching_loop.request(request_id)
    if found is None or found.employee_id != employee.person_id:
        raise not_found("request", request_id)
    return found


def action_of(employee: PersonRow, action_id: UUID) -> ActionRow:
    """The employee's agreed action, or 404 (another's, or none)."""
    found = journal().read.coaching_loop.action(action_id)
    if found is None or found.employee_id != employee.person_id:
        raise not_found("agreed action", action_id)
    return found


def closable_action(
    actor: Actor, employee_id: UUID, action_id: UUID
) -> tuple[PersonRow, ActionRow]:
    """The employee and their agreed action that the actor ticks off or drops: 404
    outside the actor's view, 403 unless the actor is the employee or their leader."""
    employee = visible_person(actor, employee_id)
    action = action_of(employee, action_id)
    check_closes_action(actor, employee)
    return employee, action


def readable_employee(actor: Actor, employee_id: UUID) -> PersonRow:
    """The employee, if the actor may read their development: 404 outside the actor's
    view, 403 for a reader of no development records (an admin)."""
    employee = visible_person(actor, employee_id)
    check_reads_development(actor, employee)
    return employee


def leader_pages(bp: Blueprint) -> None:
    """Make every page of ``bp`` a leader's own: signed in, and a leader."""

    @bp.before_request
    @login_required
    def leaders_only() -> None:
        check_leader(current_actor())
