"""The tool's own tests (run: .venv/bin/pytest mutation -q): each operator, what is skipped, and
that an edit leaves the rest of the file byte for byte."""

import json
import textwrap
from collections import Counter

import pytest

from mutation.operators import mutants_for
from mutation.report import load_equivalents
from mutation.runner import ToolError

SOURCE = textwrap.dedent(
    '''\
    """Docstring with 3 numbers >= 2."""
    from typing import TYPE_CHECKING
    if TYPE_CHECKING:
        LIMIT = 9

    def define(b, items: list[int] = None, log=None) -> float:
        """规则：至少 30%."""
        total = 0.0
        for y in items:
            if y >= 2 and y != 7:
                total += y - 1
            if not y:
                continue
            b.add("R", f"{y:.1f}|x", total, ">=", 0.3)  # 深度贫困县
            log.info("note %s", y + 1)
            msg = "a" + "b"
            x = Field(4, description="times " + "over")
        return total if total > 0 else None

    def tail():
        return
    '''
)


def by_id(text=SOURCE):
    return {m.id: m for m in mutants_for(text, "x.py")}


def test_each_operator_and_its_replacement():
    found = {(m.operator, m.mutated.strip()) for m in by_id().values()}
    assert ("compare", "if y < 2 and y != 7:") in found
    assert ("compare", "if y >= 2 and y == 7:") in found
    assert ("boolop", "if y >= 2 or y != 7:") in found
    assert ("negate", "if not (y >= 2 and y != 7):") in found
    assert ("negate", "if (y):") in found
    assert ("arith", "total -= y - 1") in found
    assert ("arith", "total += y + 1") in found
    assert ("number", "total = 1.0") in found
    assert ("number", 'x = Field(5, description="times " + "over")') in found
    assert ("flow", "pass") in found  # continue and the first return
    ops = Counter(m.operator for m in by_id().values())
    assert ops["sense"] == 1 and ops["delete-call"] == 1


def test_text_annotations_and_type_checking_blocks_are_left_alone():
    lines = {m.line for m in by_id().values()}
    assert not lines & {1, 3, 4, 7}  # docstrings, TYPE_CHECKING
    assert not any(m.line == 6 and m.operator == "number" for m in by_id().values())
    on_14 = [m for m in by_id().values() if m.line == 14 and m.operator != "delete-call"]
    assert on_14 and all('f"{y:.1f}|x"' in m.mutated for m in on_14)  # f-string text
    assert not [m for m in by_id().values() if m.line in (15, 16)]  # logging, "a" + "b"
    assert not [m for m in by_id().values() if m.line == 21]  # trailing bare return


def test_sense_string_and_utf8_columns():
    m = next(m for m in by_id().values() if m.operator == "sense")
    assert m.mutated.strip() == 'b.add("R", f"{y:.1f}|x", total, "<=", 0.3)  # 深度贫困县'
    assert m.id == "x.py:14:41:sense:<="
    wide = by_id('"""中文"""\nx = "深度" if a >= 1 else 2\n')
    assert "x.py:2:15:compare:<" in wide
    assert wide["x.py:2:15:compare:<"].apply('"""中文"""\nx = "深度" if a >= 1 else 2\n') == (
        '"""中文"""\nx = "深度" if a < 1 else 2\n'
    )


def test_an_edit_keeps_every_other_byte_and_the_line_count():
    call = "def f(b):\n    b.add(\n        1,\n        2,\n    )\n    return b\n"
    m = next(m for m in mutants_for(call, "x.py") if m.operator == "delete-call")
    new = m.apply(call)
    assert new.count("\n") == call.count("\n")
    assert new.endswith("    return b\n") and new.startswith("def f(b):\n    pass\n")
    for m in mutants_for(SOURCE, "x.py"):
        new = m.apply(SOURCE)
        assert new[: m.start] == SOURCE[: m.start]
        assert new[m.start + len(m.replacement) :] == SOURCE[m.end :]


def test_ids_are_unique():
    ms = mutants_for(SOURCE, "x.py")
    assert len({m.id for m in ms}) == len(ms)


def test_equivalent_file_needs_a_reason(tmp_path):
    path = tmp_path / "equivalent.txt"
    path.write_text("# comment\n\na.py:1:2:number:3  tolerance, no test can see it\n")
    assert load_equivalents(path) == {"a.py:1:2:number:3": "tolerance, no test can see it"}
    path.write_text("a.py:1:2:number:3\n")
    with pytest.raises(ToolError):
        load_equivalents(path)


def test_again_carries_over_kills_of_an_unchanged_file_and_survivors_of_the_same_run(tmp_path):
    from mutation.__main__ import carried, digests

    mutants = list(by_id().values())
    sha = digests({"x.py": SOURCE})
    rows = [
        {"id": mutants[0].id, "status": "killed", "sha256": sha["x.py"], "run": "old|t"},
        {"id": mutants[1].id, "status": "survived", "sha256": sha["x.py"], "run": "old|t"},
        {"id": mutants[2].id, "status": "killed", "sha256": "another text", "run": "new|t"},
        {"id": mutants[3].id, "status": "survived", "sha256": sha["x.py"], "run": "new|t"},
        {"id": "gone.py:1:1:number:2", "status": "killed", "sha256": sha["x.py"]},
    ]
    journal = tmp_path / "journal.jsonl"
    journal.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    kept = carried([journal], mutants, sha, "new|t")
    assert {k: r.status for k, r in kept.items()} == {
        mutants[0].id: "killed",  # a kill stands while the file is the same
        mutants[3].id: "survived",  # a survivor only from the same commit and tests
    }
    assert set(carried([journal], mutants, sha, "")) == {mutants[0].id}  # a working tree
    assert carried(None, mutants, sha) == {}
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(ToolError):
        carried([tmp_path / "bad.json"], mutants, sha)


def test_the_default_tests_exist():
    """A renamed test file would otherwise drop out of the mutation run without a word."""
    from mutation.__main__ import DEFAULT_TESTS, ROOT

    assert DEFAULT_TESTS and all((ROOT / path).is_file() for path in DEFAULT_TESTS)
