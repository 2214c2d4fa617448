"""People, their roles and teams, and two of the three lenses: talent and passions."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from journal.domain import limits
from journal.domain.base import JournalAggregate, check_actor, check_choice, check_date, check_text
from journal.domain.people_checks import ERASED, ROLES, check_email, check_passions
from journal.domain.people_checks import PASSIONS as PASSIONS  # where callers have found it
from journal.errors import DomainError


class Person(JournalAggregate):
    """Someone the journal knows: a leader, an employee, an auditor, an admin, or a manager
    of leaders (a head of customer service)."""

    is_erased = False  # until Erased; older snapshots do not have the attribute
    overseen: tuple[str, ...] = ()  # a manager's leaders' ids, as text; set by Overseen
    account_id: UUID | None = None  # set by AccountNoted; older records leave it None

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: the person themselves."""
        return self.id

    @classmethod
    def register(
        cls,
        *,
        role: str,
        name: str,
        email: str,
        leader_id: UUID | None,
        recorded_by: UUID | None,
        awaiting_leader: bool = False,
    ) -> Person:
        """Register a person; an employee needs a leader (but one the company directory
        provisions, ``awaiting_leader``: its manager line may come later), nobody else has one."""
        role = check_choice("role", role, ROLES)
        name = check_text("name", name, max_length=limits.NAME)
        email = check_email(email)
        if role == "employee" and leader_id is None and not awaiting_leader:
            raise DomainError("leader_id", "an employee needs a leader")
        if role != "employee" and leader_id is not None:
            raise DomainError("leader_id", "only employees belong to a leader's team")
        return cls(role=role, name=name, email=email, leader_id=leader_id, recorded_by=recorded_by)

    class Registered(JournalAggregate.Created):
        """A person was registered with a role, a name and an email."""

        personal_data = ("name", "email")

        role: str
        name: str
        email: str
        leader_id: UUID | None
        recorded_by: UUID | None

    @event(Registered)
    def __init__(
        self,
        role: str,
        name: str,
        email: str,
        leader_id: UUID | None,
        recorded_by: UUID | None,
    ) -> None:
        self.role = role
        self.name = name
        self.email = email
        self.leader_id = leader_id
        self.is_active = True
        # Plain dicts, so that snapshots serialise them: score, note, assessed_on, assessed_by.
        self.talent: list[dict[str, Any]] = []
        self.passions: list[str] = []

    def move_to(self, leader_id: UUID, *, recorded_by: UUID) -> None:
        """Hand this employee over to another leader's team."""
        self.check_active()
        if self.role != "employee":
            raise DomainError("role", "only employees can move to another leader")
        if leader_id == self.leader_id:
            raise DomainError("leader_id", "the employee is already in that leader's team")
        if self.leader_id is None:
            self._joined(leader_id=leader_id, name=self.name, recorded_by=check_actor(recorded_by))
            return
        self._moved(
            leader_id=leader_id,
            previous_leader_id=self.leader_id,
            recorded_by=check_actor(recorded_by),
        )

    class MovedToLeader(JournalAggregate.Event):
        """An employee was handed over to another leader's team."""

        leader_id: UUID
        previous_leader_id: UUID | None
        recorded_by: UUID

    @event(MovedToLeader)
    def _moved(self, leader_id: UUID, previous_leader_id: UUID | None, recorded_by: UUID) -> None:
        self.leader_id = leader_id

    class JoinedTeam(JournalAggregate.Event):
        """An employee without a leader joined a leader's team; with their name, for the
        read models that list a team."""

        personal_data = ("name",)

        leader_id: UUID
        name: str
        recorded_by: UUID

    @event(JoinedTeam)
    def _joined(self, leader_id: UUID, name: str, recorded_by: UUID) -> None:
        self.leader_id = leader_id

    def leave_team(self, *, recorded_by: UUID) -> None:
        """The employee has no leader for now (the directory removed their manager)."""
        if self.role != "employee" or self.leader_id is None:
            raise DomainError("leader_id", "the person is in no leader's team")
        self._left_team(previous_leader_id=self.leader_id, recorded_by=check_actor(recorded_by))

    class LeftTeam(JournalAggregate.Event):
        """An employee left their leader's team and has no leader for now."""

        previous_leader_id: UUID
        recorded_by: UUID

    @event(LeftTeam)
    def _left_team(self, previous_leader_id: UUID, recorded_by: UUID) -> None:
        self.leader_id = None

    def deactivate(self, reason: str, *, recorded_by: UUID) -> None:
        """Stop this person from being active; their history stays."""
        self.check_active()
        self._deactivated(
            reason=check_text("reason", reason, max_length=limits.REASON),
            recorded_by=check_actor(recorded_by),
        )

    class Deactivated(JournalAggregate.Event):
        """A person was deactivated; their history stays."""

        personal_data = ("reason",)

        reason: str
        recorded_by: UUID

    @event(Deactivated)
    def _deactivated(self, reason: str, recorded_by: UUID) -> None:
        self.is_active = False

    def reactivate(self, *, recorded_by: UUID) -> None:
        """Make a deactivated person active again; an erased one stays erased."""
        if self.is_erased:
            raise DomainError("person_id", "this person has already been erased")
        if self.is_active:
            raise DomainError("person_id", "%(name)s is already active", name=self.name)
        self._reactivated(recorded_by=check_actor(recorded_by))

    class Reactivated(JournalAggregate.Event):
        """A deactivated person was made active again."""

        recorded_by: UUID

    @event(Reactivated)
    def _reactivated(self, recorded_by: UUID) -> None:
        self.is_active = True

    def change_details(self, *, name: str, email: str, recorded_by: UUID) -> None:
        """Correct the person's name or e-mail address (the history keeps the old ones)."""
        if self.is_erased:
            raise DomainError("person_id", "this person has already been erased")
        name = check_text("name", name, max_length=limits.NAME)
        email = check_email(email)
        if (name, email) == (self.name, self.email):
            raise DomainError("name", "nothing differs from the current record")
        self._details_changed(name=name, email=email, recorded_by=check_actor(recorded_by))

    class DetailsChanged(JournalAggregate.Event):
        """The person's name or e-mail address was corrected: both as they now are."""

        personal_data = ("name", "email")

        name: str
        email: str
        recorded_by: UUID

    @event(DetailsChanged)
    def _details_changed(self, name: str, email: str, recorded_by: UUID) -> None:
        self.name = name
        self.email = email

    def change_role(
        self,
        role: str,
        leader_id: UUID | None,
        reason: str,
        *,
        recorded_by: UUID,
        awaiting_leader: bool = False,
    ) -> None:
        """Give the person another role, saying why; an employee needs a leader (unless
        ``awaiting_leader``, as in register), nobody else has one, and a manager first lets
        go of the leaders they oversee."""
        self.check_active()
        role = check_choice("role", role, ROLES)
        if role == self.role:
            raise DomainError("role", "is already the person's role")
        if role == "employee" and leader_id is None and not awaiting_leader:
            raise DomainError("leader_id", "an employee needs a leader")
        if self.role == "manager" and self.overseen:
            raise DomainError("role", "release the leaders this manager oversees first")
        self._role_changed(
            role=role,
            leader_id=leader_id if role == "employee" else None,
            previous_role=self.role,
            name=self.name,
            reason=check_text("reason", reason, max_length=limits.REASON),
            recorded_by=check_actor(recorded_by),
        )

    class RoleChanged(JournalAggregate.Event):
        """The person has another role now (and, as an employee, a leader), and why; with
        their name, for the read models that list a team."""

        personal_data = ("reason", "name")

        role: str
        leader_id: UUID | None
        previous_role: str
        name: str
        reason: str
        recorded_by: UUID

    @event(RoleChanged)
    def _role_changed(
        self,
        role: str,
        leader_id: UUID | None,
        previous_role: str,
        name: str,
        reason: str,
        recorded_by: UUID,
    ) -> None:
        self.role = role
        self.leader_id = leader_id

    def erase(self, reason: str, *, recorded_by: UUID) -> None:
        """Record that this person's personal data was erased (their key is deleted)."""
        if self.is_erased:
            raise DomainError("person_id", "this person has already been erased")
        self._erased(
            reason=check_text("reason", reason, max_length=limits.REASON),
            recorded_by=check_actor(recorded_by),
        )

    class Erased(JournalAggregate.Event):
        """A person's personal data was erased on request: who did it, when and why.

        The reason is not sealed: the erasure is the audit record that outlives the data.
        """

        reason: str
        recorded_by: UUID

    @event(Erased)
    def _erased(self, reason: str, recorded_by: UUID) -> None:
        self.is_erased = True
        self.is_active = False
        self.name = self.email = ERASED
        self.talent = [{**t, "note": ERASED} for t in self.talent]

    def assess_talent(self, score: int, note: str, assessed_on: date, *, recorded_by: UUID) -> None:
        """Record a talent assessment, 1 (low) to 5 (high)."""
        self.check_active()
        self.check_employee("talent")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise DomainError("score", "must be a whole number from 1 to 5")
        assessed_on = check_date("assessed_on", assessed_on, not_after_today=True)
        self._talent_assessed(
            score=score,
            note=check_text("note", note, max_length=limits.TALENT_NOTE, required=False),
            assessed_on=assessed_on,
            recorded_by=check_actor(recorded_by),
        )

    class TalentAssessed(JournalAggregate.Event):
        """An employee's talent was assessed (1-5) on a given day."""

        personal_data = ("note",)

        score: int
        note: str
        assessed_on: date
        recorded_by: UUID

    @event(TalentAssessed)
    def _talent_assessed(self, score: int, note: str, assessed_on: date, recorded_by: UUID) -> None:
        self.talent.append(
            {"score": score, "note": note, "assessed_on": assessed_on, "assessed_by": recorded_by}
        )

    def set_passions(self, passions: list[str], *, recorded_by: UUID) -> None:
        """Record what this employee is passionate about (one or more of PASSIONS)."""
        self.check_active()
        self.check_employee("passions")
        chosen = check_passions(passions)
        if chosen == self.passions:
            raise DomainError("passions", "these are already the employee's passions")
        self._passions_set(passions=chosen, recorded_by=check_actor(recorded_by))

    class PassionsSet(JournalAggregate.Event):
        """An employee's passions were set."""

        passions: list[str]
        recorded_by: UUID

    @event(PassionsSet)
    def _passions_set(self, passions: list[str], recorded_by: UUID) -> None:
        self.passions = list(passions)

    def oversee(self, leader_id: UUID, *, recorded_by: UUID) -> None:
        """This manager now oversees the leader."""
        self.check_active("manager_id")
        self.check_role("manager", "manager_id")
        if str(leader_id) in self.overseen:
            raise DomainError("leader_id", "the manager already oversees that leader")
        self._overseen(leader_id=leader_id, recorded_by=check_actor(recorded_by))

    class Overseen(JournalAggregate.Event):
        """A manager was given a leader to oversee."""

        leader_id: UUID
        recorded_by: UUID

    @event(Overseen)
    def _overseen(self, leader_id: UUID, recorded_by: UUID) -> None:
        self.overseen = (*self.overseen, str(leader_id))

    def release(self, leader_id: UUID, *, recorded_by: UUID) -> None:
        """This manager no longer oversees the leader."""
        self.check_role("manager", "manager_id")
        if str(leader_id) not in self.overseen:
            raise DomainError("leader_id", "the manager does not oversee that leader")
        self._released(leader_id=leader_id, recorded_by=check_actor(recorded_by))

    class Released(JournalAggregate.Event):
        """A manager no longer oversees a leader."""

        leader_id: UUID
        recorded_by: UUID

    @event(Released)
    def _released(self, leader_id: UUID, recorded_by: UUID) -> None:
        self.overseen = tuple(i for i in self.overseen if i != str(leader_id))

    def note_account(self, account_id: UUID, *, recorded_by: UUID | None) -> None:
        """Note the one account this person signs in with; a second is refused."""
        self.check_active()
        if self.account_id is not None:
            raise DomainError("person_id", "%(name)s already has an account", name=self.name)
        self._account_noted(account_id=account_id, recorded_by=recorded_by)

    class AccountNoted(JournalAggregate.Event):
        """A person was given the account they sign in with (journal/domain/accounts.py)."""

        account_id: UUID
        recorded_by: UUID | None

    @event(AccountNoted)
    def _account_noted(self, account_id: UUID, recorded_by: UUID | None) -> None:
        self.account_id = account_id

    def check_active(self, field: str = "person_id") -> None:
        """Raise unless this person is still active; ``field`` is what named them."""
        if not self.is_active:
            raise DomainError(field, "%(name)s has been deactivated", name=self.name)

    def check_employee(self, field: str) -> None:
        """Raise unless this person is an employee."""
        if self.role != "employee":
            raise DomainError(field, "applies to employees only")

    def check_role(self, role: str, field: str) -> None:
        """Raise unless this person has ``role``."""
        if self.role != role:
            raise DomainError(
                field, "must name a %(role)s, not a %(role2)s", role=role, role2=self.role
            )
