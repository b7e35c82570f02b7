"""Mutants of one Python file, found with `ast` and applied as one precise text edit each.

An edit replaces one span of the file (an operator token, a constant, a condition, a statement)
and leaves every other byte as it was, so tracebacks and the report point at the real lines.
AST columns are UTF-8 byte offsets; the files hold Chinese text, so spans are converted to
character offsets before they are used.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

# comparison -> its negation (a flip is exactly `not (...)`, so `if a < b` is not also negated)
NEGATED = {
    ast.Gt: "<=",
    ast.GtE: "<",
    ast.Lt: ">=",
    ast.LtE: ">",
    ast.Eq: "!=",
    ast.NotEq: "==",
    ast.In: "not in",
    ast.NotIn: "in",
    ast.Is: "is not",
    ast.IsNot: "is",
}
COMPARE_TOKEN = re.compile(r"not\s+in\b|is\s+not\b|\bin\b|\bis\b|==|!=|>=|<=|<|>")
# the sense of a row or finding, passed as a string to ModelBuilder.add / Audit._add
SENSES = {">=": "<=", "<=": ">=", "==": ">="}
SENSE_CALLS = {"add", "_add"}
# keyword arguments that are prose, and receivers whose calls only log
TEXT_KEYWORDS = {"description", "help", "title"}
LOGGERS = {"log", "logger", "logging", "LOG", "warnings"}
# fields that hold type annotations, never run
ANNOTATION_FIELDS = {"annotation", "returns", "type_comment"}


@dataclass(frozen=True)
class Mutant:
    file: str  # posix path relative to the repository root
    line: int  # 1-based line of the token the mutant changes
    col: int  # 1-based character column of that token
    operator: str
    label: str  # what the token becomes, short, no spaces
    start: int  # character span of the edit in the file
    end: int
    replacement: str
    original: str  # the whole source lines the edit touches, before ...
    mutated: str  # ... and after

    @property
    def id(self) -> str:
        """Stable as long as the line does not move: the key of mutation/equivalent.txt."""
        return f"{self.file}:{self.line}:{self.col}:{self.operator}:{self.label}"

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]


class _Source:
    """Character offsets for (line, byte column) positions of one file."""

    def __init__(self, text: str):
        self.text = text
        self.lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, lineno: int, byte_col: int) -> int:
        line = self.lines[lineno - 1]
        return self.starts[lineno - 1] + len(line.encode()[:byte_col].decode())

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (
            self.offset(node.lineno, node.col_offset),
            self.offset(node.end_lineno, node.end_col_offset),
        )

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def mutants_for(text: str, file: str) -> list[Mutant]:
    """Every mutant of `text` that still compiles, one per distinct mutated file, in order."""
    finder = _Finder(_Source(text), file)
    finder.visit(ast.parse(text))
    seen, out = set(), []
    for m in sorted(finder.found, key=lambda m: (m.start, m.end, m.operator, m.label)):
        new = m.apply(text)
        if new in seen:
            continue
        try:
            compile(new, file, "exec", dont_inherit=True)
        except SyntaxError:
            continue
        seen.add(new)
        out.append(m)
    return out


def _number(value: int | float) -> str:
    if isinstance(value, int):
        return str(value + 1)
    if value == 0.0:
        return "1.0"
    if value == 1.0:
        return "0.0"
    return repr(float(f"{value * 1.1:.12g}"))


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
    )


def _is_none(node: ast.AST | None) -> bool:
    return node is None or (isinstance(node, ast.Constant) and node.value is None)


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else None


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


class _Finder(ast.NodeVisitor):
    """Walks one module, skipping what never runs or is only text: docstrings and string
    constants (never mutated), f-strings, annotations, TYPE_CHECKING blocks, prose keywords
    (Field(description=...)) and logging calls."""

    def __init__(self, src: _Source, file: str):
        self.src, self.file = src, file
        self.found: list[Mutant] = []
        self.trailing: set[int] = set()

    # ---- traversal -----------------------------------------------------------------------
    def generic_visit(self, node):
        for field, value in ast.iter_fields(node):
            if field in ANNOTATION_FIELDS:
                continue
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST):
                    self.visit(child)

    def visit_JoinedStr(self, node):
        pass

    def visit_keyword(self, node):
        if node.arg not in TEXT_KEYWORDS:
            self.visit(node.value)

    def visit_Call(self, node):
        if _root_name(node.func) in LOGGERS:
            return
        if _call_name(node) in SENSE_CALLS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Constant) and arg.value in SENSES:
                    start, end = self.src.span(arg)
                    quote = self.src.text[start]
                    new = SENSES[arg.value]
                    self._add(start, start, end, "sense", new, f"{quote}{new}{quote}")
        self.generic_visit(node)

    # ---- statements ----------------------------------------------------------------------
    def visit_If(self, node):
        if _root_name(node.test) == "TYPE_CHECKING" or self._is_main(node.test):
            return
        self._negate(node.test)
        self.generic_visit(node)

    visit_While = visit_If

    def visit_IfExp(self, node):
        self._negate(node.test)
        self.generic_visit(node)

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Call) and _root_name(node.value.func) not in LOGGERS:
            self._drop(node, "delete-call")
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        last = node.body[-1]
        if isinstance(last, ast.Return) and _is_none(last.value):
            self.trailing.add(id(last))  # `return None` -> `pass` at the end changes nothing
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Return(self, node):
        if id(node) not in self.trailing:
            self._drop(node, "flow")
        self.generic_visit(node)

    visit_Continue = visit_Break = visit_Return

    def visit_AugAssign(self, node):
        if isinstance(node.op, ast.Add | ast.Sub) and not _is_text(node.value):
            new = "-=" if isinstance(node.op, ast.Add) else "+="
            self._token(node.target, node.value, re.compile(r"[+-]="), "arith", new)
        self.generic_visit(node)

    # ---- expressions ---------------------------------------------------------------------
    def visit_Compare(self, node):
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            self._token(left, right, COMPARE_TOKEN, "compare", NEGATED[type(op)])
            left = right
        self.generic_visit(node)

    def visit_BinOp(self, node):
        text = _is_text(node.left) or _is_text(node.right)
        if isinstance(node.op, ast.Add | ast.Sub) and not text:
            new = "-" if isinstance(node.op, ast.Add) else "+"
            self._token(node.left, node.right, re.compile(r"[+-]"), "arith", new)
        if not (isinstance(node.op, ast.Mod) and text):  # "%" formatting is text
            self.generic_visit(node)

    def visit_BoolOp(self, node):
        new = "or" if isinstance(node.op, ast.And) else "and"
        start, end = self.src.span(node)
        pieces, cursor, first = [], start, None
        for a, b in pairwise(node.values):
            tok = self._find(a, b, re.compile(r"\b(?:and|or)\b"))
            first = tok[0] if first is None else first
            pieces += [self.src.text[cursor : tok[0]], new]
            cursor = tok[1]
        pieces.append(self.src.text[cursor:end])
        self._add(first, start, end, "boolop", new, "".join(pieces))
        self.generic_visit(node)

    def visit_Constant(self, node):
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            start, end = self.src.span(node)
            new = _number(value)
            self._add(start, start, end, "number", new, new)

    # ---- helpers -------------------------------------------------------------------------
    @staticmethod
    def _is_main(test: ast.AST) -> bool:
        return isinstance(test, ast.Compare) and _root_name(test.left) == "__name__"

    def _negate(self, test: ast.AST):
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            return  # the comparison's flip is this negation already
        start, end = self.src.span(test)
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            lo, hi = self.src.span(test.operand)  # `if not x` becomes `if (x)`
            new = f"({self.src.text[lo:hi]})"
        elif isinstance(test, ast.Name | ast.Attribute | ast.Call | ast.Subscript):
            new = f"not {self.src.text[start:end]}"
        else:
            new = f"not ({self.src.text[start:end]})"
        self._add(start, start, end, "negate", "not", new)

    def _drop(self, stmt: ast.stmt, operator: str):
        """`pass` in place of the statement, with its line breaks kept so nothing moves."""
        start, end = self.src.span(stmt)
        newlines = self.src.text.count("\n", start, end)
        self._add(start, start, end, operator, "pass", "pass" + "\n" * newlines)

    def _find(self, a: ast.AST, b: ast.AST, pattern: re.Pattern) -> tuple[int, int]:
        """The operator token between two operands (comments blanked, offsets kept)."""
        lo, hi = self.src.span(a)[1], self.src.span(b)[0]
        gap = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), self.src.text[lo:hi])
        match = pattern.search(gap)
        if match is None:
            raise ValueError(f"{self.file}: no operator between offsets {lo} and {hi}")
        return lo + match.start(), lo + match.end()

    def _token(self, a, b, pattern, operator, new):
        start, end = self._find(a, b, pattern)
        self._add(start, start, end, operator, new.replace(" ", "_"), new)

    def _add(self, anchor, start, end, operator, label, replacement):
        text = self.src.text
        line, col = self.src.position(anchor)
        lo = text.rfind("\n", 0, start) + 1
        hi = text.find("\n", end)
        hi = len(text) if hi < 0 else hi
        self.found.append(
            Mutant(
                file=self.file,
                line=line,
                col=col,
                operator=operator,
                label=label,
                start=start,
                end=end,
                replacement=replacement,
                original=text[lo:hi],
                mutated=text[lo:start] + replacement + text[end:hi],
            )
        )
