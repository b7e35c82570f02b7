"""The documented exit codes of `allocate`, and the code of each run status: one table that the
command, the ledger and the live page share."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2
EXIT_SOLVER = 3
EXIT_INTERNAL = 4
EXIT_AUDIT_FAILED = 5  # a plan was found, and the independent audit found it breaks a rule
EXIT_SURROUNDINGS = 6  # a folder, file or disk the run needs is not usable (the path is named)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it
EXIT_TERMINATED = 143  # SIGTERM
EXIT_KILLED = 137  # SIGKILL, as shells report it: entered in the ledger by the next run


def exit_code(status: str) -> int:
    """The documented exit code of a run's status."""
    if status in ("optimal", "feasible"):
        return EXIT_OK
    if status == "infeasible":
        return EXIT_INFEASIBLE
    if status == "audit-failed":
        return EXIT_AUDIT_FAILED
    if status == "bad-input":
        return EXIT_BAD_INPUT
    if status == "surroundings":
        return EXIT_SURROUNDINGS
    if status == "interrupted":
        return EXIT_INTERRUPTED
    if status == "killed":
        return EXIT_KILLED
    if status == "failed":
        return EXIT_INTERNAL
    return EXIT_SOLVER
