"""The English words of every problem the source can make, read from the source itself: the
`expected` argument of each call that makes a problem (Problem, Unused, missing, fail, unknown,
...), the texts assigned to the names such an argument is built from, the `ValueError`s and
`CellError`s the schemas raise (pydantic hands their text on as `expected`), the words of
optimiser.schemas.messages, and the description of every field a policy or table model has.

Each is given as its literal pieces (the text between the values formatted into it), so a test
can hold every piece to a translation (optimiser.report.problem_words): a message added anywhere
without one fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[A-Za-z]{3,}")  # a piece with an English word in it
SOURCE = ROOT / "optimiser"

# a call that makes a problem -> the index of its `expected` argument (or its keyword)
MAKERS = {
    "Problem": 4,
    "Unused": 4,
    "missing": 1,
    "fail": 1,
    "unknown": 1,
    "_unused": 3,
    "bad": 0,
    "bad_range": 0,
    "CellError": 1,
    "Refused": 1,
}
# names whose text becomes (part of) a problem's `expected`: everywhere, and in one file
NAMES = {"expected", "EXPECTED", "YEARS_EXPECTED", "OLD_BASES", "TYPE_WORDS", "LIMIT_WORDS"}
NAMES_IN = {
    "optimiser/io/folder.py": {"reason", "what", "hint", "todo"},
    "optimiser/checks.py": {"expected_level", "why", "hint", "found"},
    "optimiser/rules/target.py": {"PACE_TEXT"},
}
# modules whose functions compose the words of problems (what they return, append or add)
COMPOSERS = ("optimiser/schemas/messages.py", "optimiser/schemas/params.py")
# files whose ValueErrors are a cell's or a key's `expected` (pydantic validators)
VALUE_ERRORS = ("optimiser/schemas/", "optimiser/rules/")
SKIP = ("optimiser/report/", "optimiser/live/static/")  # words of their own catalogues


def pieces_of(node: ast.AST) -> list[list[str]]:
    """The texts an expression can make, each as its literal pieces: a formatted value splits a
    text in two; a conditional gives both branches; a name, call or subscript is a value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [[node.value]]
    if isinstance(node, ast.JoinedStr):
        made: list[list[str]] = [[""]]
        for part in node.values:
            if isinstance(part, ast.Constant):
                made = [m[:-1] + [m[-1] + part.value] for m in made]
            else:
                inner = part.value if isinstance(part, ast.FormattedValue) else part
                branches = pieces_of(inner) if isinstance(inner, ast.IfExp) else []
                if branches and all(len(b) == 1 for b in branches):
                    made = [m[:-1] + [m[-1] + b[0]] for m in made for b in branches]
                else:
                    made = [m + [""] for m in made]
        return made
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = pieces_of(node.left), pieces_of(node.right)
        return [a[:-1] + [a[-1] + b[0]] + b[1:] for a in left for b in right]
    if isinstance(node, ast.IfExp):
        return pieces_of(node.body) + pieces_of(node.orelse)
    if isinstance(node, ast.Dict):
        return [p for value in node.values for p in pieces_of(value)]
    if isinstance(node, ast.Tuple | ast.List):
        return [p for item in node.elts for p in pieces_of(item)]
    return [["", ""]]  # a value: the text around it is the caller's


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _expected_arg(call: ast.Call, index: int) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg == "expected":
            return keyword.value
    return call.args[index] if len(call.args) > index else None


def inventory() -> list[tuple[str, str]]:
    """(place, piece) for every literal piece of English a problem can carry."""
    found: list[tuple[str, str]] = []

    def add(place: str, node: ast.AST) -> None:
        for made in pieces_of(node):
            for piece in made:
                if WORD.search(piece):
                    found.append((place, piece))

    for path in sorted(SOURCE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(SKIP) and rel != "optimiser/report/run_view.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            place = f"{rel}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = _name(node.func)
                if name in MAKERS:
                    arg = _expected_arg(node, MAKERS[name])
                    if arg is not None and not isinstance(arg, ast.Call):
                        add(place, arg)
                value_error = name == "ValueError" and rel.startswith(VALUE_ERRORS)
                if value_error and node.args and not isinstance(node.args[0], ast.Call):
                    add(place, node.args[0])
                if name == "append" and rel in COMPOSERS and node.args:
                    add(place, node.args[0])
                if name == "Field":
                    for keyword in node.keywords:
                        if keyword.arg == "description":
                            add(place, keyword.value)
                if name in ("target_year",) and node.args:  # a Field's description, made
                    add(place, node.args[0])
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {t.id for t in targets if isinstance(t, ast.Name)}
                wanted = NAMES | NAMES_IN.get(rel, set())
                if rel in COMPOSERS:
                    wanted = wanted | names
                if names & wanted and node.value is not None:
                    add(place, node.value)
            elif isinstance(node, ast.Return) and rel in COMPOSERS and node.value is not None:
                add(place, node.value)
            elif isinstance(node, ast.GeneratorExp) and rel in COMPOSERS:
                add(place, node.elt)
    return found
