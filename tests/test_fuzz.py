"""Property-based fuzzing: no file content and no override text makes the program raise anything
but its own validation error (InputError, which the command turns into exit 2)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import tiny
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimiser.dataset import load_dataset
from optimiser.problems import InputError
from optimiser.scenario.overrides import apply, parse

TABLE_NAMES = ["counties", "budgets", "categories", "needs", "history", "indicators", "sources"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TABLE_NAMES), st.binary(max_size=300))
def test_any_bytes_in_a_table_fail_only_as_input_errors(table, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = tiny.write(Path(tmp))
        (folder / f"{table}.csv").write_bytes(data)
        try:
            load_dataset(folder)
        except InputError as exc:
            assert exc.problems and all(p.file for p in exc.problems)


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", "-1", "1e400", "nan", "1,000", "30%", "１２", "2018.5", "true", "  ", '"', ";;"]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(tiny.TABLES)), st.data())
def test_any_cell_value_fails_only_as_an_input_error(table, draw):
    tables = tiny.tables()
    row = draw.draw(st.integers(0, len(tables[table]) - 1))
    column = draw.draw(st.sampled_from(sorted(tables[table][row])))
    tables[table][row][column] = draw.draw(CELL).replace("\n", " ").replace("\r", " ")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            load_dataset(tiny.write(Path(tmp), tables))
        except InputError as exc:
            assert exc.problems


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_override_text_fails_only_as_an_input_error(text):
    try:
        parse(text)
    except InputError as exc:
        assert exc.problems[0].column == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            "budget.central.2018",
            "R-EARMARK.share",
            "R-GROWTH.margin",
            "need.deep1.housing",
            "unit_cost.housing",
            "indicator.deep1.poor_population",
            "objective.deep_weight",
            "R-DEADLINE.delay_years",
        ]
    ),
    st.one_of(
        st.text(max_size=8),
        st.floats(allow_nan=True).map(str),
        st.integers(-500, 500).map(lambda p: f"{p}%"),
    ),
)
def test_any_override_value_applies_or_fails_as_an_input_error(path, value):
    with tempfile.TemporaryDirectory() as tmp:
        data = load_dataset(tiny.write(Path(tmp)))
        try:
            apply(data, [parse(f"{path}={value}")])
        except InputError as exc:
            assert exc.problems
