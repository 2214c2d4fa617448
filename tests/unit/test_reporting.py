"""Who leads whom from the directory's lines (journal/domain/reporting.py), on lines alone."""

from __future__ import annotations

from uuid import UUID, uuid4

from journal.domain.reporting import Line, changes, roles


def line(manager: UUID | None = None, **given: object) -> Line:
    return Line(
        person_id=uuid4(), role=str(given.get("role", "employee")), leader_id=None,
        is_active=bool(given.get("active", True)), manager_id=manager,
        roles=tuple(given.get("roles", ())), provisioned=True, lined=True,
    )  # fmt: skip


def test_a_chain_of_two_thousand_is_worked_out_without_recursion():
    chain = [line()]
    for _ in range(1999):
        chain.append(line(chain[-1].person_id))
    found = roles({entry.person_id: entry for entry in chain})
    assert found[chain[-1].person_id] == "employee"
    assert found[chain[-2].person_id] == "leader"
    assert found[chain[-3].person_id] == "manager"


def test_a_loop_in_the_directory_is_cut_and_given_roles():
    a = line()
    b = line(a.person_id)
    a = Line(**{**vars(a), "manager_id": b.person_id})
    found = roles({a.person_id: a, b.person_id: b})
    assert set(found.values()) <= {"employee", "leader", "manager"}


def test_given_roles_win_and_inactive_reports_do_not_count():
    boss = line(roles=("Auditor", "leader"))
    gone = line(boss.person_id, active=False)
    found = roles({boss.person_id: boss, gone.person_id: gone})
    assert found[boss.person_id] == "auditor"
    lone = line()
    left = line(lone.person_id, active=False)
    assert roles({lone.person_id: lone, left.person_id: left})[lone.person_id] == "employee"


def test_changes_put_employees_in_their_leaders_team_and_leaders_under_their_manager():
    head = line(role="employee")
    lead = line(head.person_id)
    agent = line(lead.person_id)
    lines = {entry.person_id: entry for entry in (head, lead, agent)}
    wanted = changes(lines, overseen=set())
    assert wanted.roles == {head.person_id: "manager", lead.person_id: "leader"}
    assert wanted.leaders == {agent.person_id: lead.person_id}
    assert wanted.oversee == {(head.person_id, lead.person_id)}
