"""Every rule family's parameters as the policy file may set them: default, bounds, kind and
description, kept as data in tests/golden/parameters.json. A default or a bound is policy (the
30% of 004 §8, a share's 0..1): a change to one shows up here and must be deliberate; regenerate
with UPDATE_GOLDEN=1 after reading the difference."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from optimiser.rules import FAMILIES

GOLDEN = Path(__file__).parent / "golden" / "parameters.json"
# parameters checked against each other: the partner set so the bound alone decides
TOGETHER = {("R-REVOLVING", "term_years_min"): {"term_years_max": 30}}


def schema() -> dict:
    found = {}
    for family in FAMILIES:
        params = {}
        for name, field in family.Params.model_fields.items():
            bounds = {}
            for meta in field.metadata:
                for key in ("ge", "gt", "le", "lt", "min_length", "max_length"):
                    value = getattr(meta, key, None)
                    if value is not None:
                        bounds[key] = value
            params[name] = {
                "default": field.default,
                "kind": str(field.annotation),
                "bounds": bounds,
                "description": field.description,
            }
        found[family.id] = params
    return found


def test_parameters_match_golden():
    found = schema()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(
            json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert found == golden


def bounded() -> list[tuple[str, str, str, float]]:
    return [
        (rule_id, name, key, value)
        for rule_id, params in json.loads(GOLDEN.read_text(encoding="utf-8")).items()
        for name, p in params.items()
        for key, value in p["bounds"].items()
        if key in ("ge", "le") and isinstance(value, int | float)
    ]


@pytest.mark.parametrize("rule_id, name, key, value", bounded())
def test_a_bound_is_the_last_value_accepted(rule_id, name, key, value):
    """The golden bound itself is accepted and one step past it refused, by the model the
    policy file is read with."""
    family = next(f for f in FAMILIES if f.id == rule_id)
    integer = "int" in str(family.Params.model_fields[name].annotation)
    step = 1 if integer else max(1e-9, abs(value) * 1e-9)
    past = value - step if key == "ge" else value + step
    others = TOGETHER.get((rule_id, name), {})
    assert getattr(family.Params(**{name: value, **others}), name) == value
    with pytest.raises(ValidationError):
        family.Params(**{name: past, **others})


def test_the_golden_lists_bounds_at_all():
    assert len(bounded()) > 20
