"""Who leads whom, from the company directory's manager lines.

The directory says whom each person reports to; the journal needs roles and teams. A
person whose directory gives them roles (Entra's app roles) has the first of those by
``PRECEDENCE``; anyone else is a manager (who oversees the leaders) if leaders report to
them, else a leader if employees report to them, and otherwise an employee. An employee
who reports straight to a manager has no leader in the journal (a manager leads no team),
and shows as such to admins. An employee's
leader is the leader they report to; a leader is overseen by the manager they report to.
Only active people count, and only people the directory lists are changed: someone an
admin added by hand keeps what the admin gave them. A directory that has never sent a
manager line (a flat list of people) leaves roles and teams as admins set them, but for
the roles it gives.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

#: Of several roles the directory sends, the one the person gets.
PRECEDENCE = ("admin", "auditor", "manager", "leader", "employee")


@dataclass(frozen=True)
class Line:
    """One person: their role and leader now, and what the directory says of them."""

    person_id: UUID
    role: str
    leader_id: UUID | None
    is_active: bool
    manager_id: UUID | None
    roles: tuple[str, ...]
    provisioned: bool
    lined: bool = False  # the directory has named a manager for them (or removed one)


@dataclass
class Changes:
    """What the lines call for that the journal does not have yet."""

    roles: dict[UUID, str] = field(default_factory=dict)
    leaders: dict[UUID, UUID | None] = field(default_factory=dict)
    release: set[tuple[UUID, UUID]] = field(default_factory=set)  # (manager, leader)
    oversee: set[tuple[UUID, UUID]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.roles or self.leaders or self.release or self.oversee)

    @property
    def people(self) -> set[UUID]:
        """Everyone whose record changes."""
        return set(self.roles) | set(self.leaders) | {m for m, _ in self.release | self.oversee}


def roles(lines: dict[UUID, Line]) -> dict[UUID, str]:
    """Each person's role as the lines give it (people not listed keep theirs)."""
    reports: dict[UUID, list[UUID]] = defaultdict(list)
    for line in lines.values():
        if line.is_active and line.manager_id in lines and line.manager_id != line.person_id:
            reports[line.manager_id].append(line.person_id)
    found: dict[UUID, str] = {}
    for start in lines:
        # Depth first without recursion (a chain of a thousand is a legal organisation);
        # a person on the stack twice is a loop in the directory, cut where it closes.
        stack, on_stack = [start], {start}
        while stack:
            person = stack[-1]
            waiting = [r for r in reports[person] if r not in found and r not in on_stack]
            if waiting:
                stack.extend(waiting)
                on_stack.update(waiting)
                continue
            stack.pop()
            on_stack.discard(person)
            if person not in found:
                found[person] = _role(lines[person], {found.get(r) for r in reports[person]})
    return found


def given_role(roles: tuple[str, ...] | list[str]) -> str | None:
    """The role of several the directory sends that counts (names in any case; others,
    a provider's own app roles, count for nothing)."""
    sent = {role.strip().lower() for role in roles if isinstance(role, str)}
    return next((role for role in PRECEDENCE if role in sent), None)


def _role(line: Line, below: set[str | None]) -> str:
    if not line.provisioned:
        return line.role
    given = given_role(line.roles)
    if given:
        return given
    if "leader" in below:
        return "manager"
    if "employee" in below:
        return "leader"
    return "employee"


def changes(lines: dict[UUID, Line], overseen: set[tuple[UUID, UUID]]) -> Changes:
    """What to change so the journal's roles, teams and oversight follow the lines;
    ``overseen`` holds the (manager, leader) pairs there are now."""
    role = roles(lines)
    wanted = Changes()
    lined = any(line.provisioned and line.lined for line in lines.values())
    for person, line in lines.items():
        if not (line.provisioned and line.is_active):
            continue
        if not lined:
            given = given_role(line.roles)
            if given and given != line.role:
                wanted.roles[person] = given
            continue
        if role[person] != line.role:
            wanted.roles[person] = role[person]
        boss = lines.get(line.manager_id) if line.manager_id else None
        above = boss if boss is not None and boss.is_active else None
        if role[person] == "employee":
            leader = above.person_id if above and role[above.person_id] == "leader" else None
            if leader != line.leader_id or person in wanted.roles:
                wanted.leaders[person] = leader
        overseer = above.person_id if above and role[above.person_id] == "manager" else None
        if role[person] == "leader" and overseer and (overseer, person) not in overseen:
            wanted.oversee.add((overseer, person))
    for manager, leader in overseen if lined else ():
        overseer_line = lines.get(manager)
        listed = overseer_line is not None and overseer_line.provisioned
        if not listed or (manager, leader) in wanted.oversee:
            continue
        led = lines.get(leader)
        still = (
            led is not None
            and led.manager_id == manager
            and role[manager] == "manager"
            and role.get(leader) == "leader"
        )
        if not still:
            wanted.release.add((manager, leader))
    return wanted
