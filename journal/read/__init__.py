"""Answers for a reader at a moment: an employee's record and timeline (private notes
redacted, the read recorded), the manager's overview, the leader's digest, the auditor's
history, and a person's own export."""
