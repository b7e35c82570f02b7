"""How a rule family says itself: its parameters as `name=value` in summaries (a soft rule with
its penalty, lists in brackets, numbers without noise), YAML's unquoted on/off read as the status
words, and the growth floor's notes and shown sides where it is skipped or links planned years."""

from __future__ import annotations

import pytest
from hand import budget, category, county, dataset, history, need, run, source

from optimiser.rules import BY_ID


def test_parameter_text_lists_the_familys_own_parameters():
    lottery = BY_ID["R-LOTTERY"]
    text = lottery.parameter_text(lottery.Params(categories=["village_upgrade", "roads"]))
    assert "categories=[village_upgrade, roads]" in text
    assert "min_deep_share=0.5" in text and "status" not in text and "penalty" not in text
    soft = lottery.parameter_text(lottery.Params(status="soft", penalty=250.0))
    assert soft.endswith("penalty=250")
    relending = BY_ID["R-RELENDING"]
    assert "min_deep_wan=100000" in relending.parameter_text(relending.Params())


@pytest.mark.parametrize("word, status", [(False, "off"), (True, "hard"), ("soft", "soft")])
def test_yaml_on_and_off_are_read_as_status_words(word, status):
    assert BY_ID["R-EARMARK"].Params(status=word).status == status


def growth_data(tmp_path, name, histories, per_source=True, years=(2018,)):
    return dataset(
        tmp_path / name,
        [county("A", deep=True), county("B")],
        [source("f", "provincial", block=True), source("g", "provincial", block=True)],
        [category("low", sources="f;g"), category("high", benefit=2, sources="f;g")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget(s, 100, year=y) for s in ("f", "g") for y in years],
        histories=histories,
        rules={"R-GROWTH": {"status": "hard", "margin": 0.05, "per_source": per_source}},
        years=years,
    )


def test_a_floor_without_deep_actuals_is_not_applied_and_the_run_says_so(tmp_path):
    deep_only_in_g = [history("B", "f", 90), history("A", "g", 10), history("B", "g", 90)]
    r = run(growth_data(tmp_path, "none", deep_only_in_g))
    notes = " ".join(r.solution.notes)
    assert "R-GROWTH f 2018: no actual block allocation to the deep counties in 2017" in notes
    rules = r.solution.rules.query("rule_id == 'R-GROWTH'")
    assert list(rules["instance"]) == ["g|2018"]


def test_the_block_sources_together_and_their_shown_sides(tmp_path):
    """f and g together: 2017 A 20 of 100, so A >= 0.2 x 200 + 0.05 x 20 = 41."""
    r = run(
        growth_data(
            tmp_path, "total", [history("A", "f", 20), history("B", "g", 80)], per_source=False
        )
    )
    (row,) = r.solution.rules.query("rule_id == 'R-GROWTH'").itertuples()
    assert row.instance == "f+g|2018"
    assert (row.lhs, row.rhs) == (pytest.approx(41), pytest.approx(41))


def test_growth_between_planned_years_shows_both_sides(tmp_path):
    """2019's f and g budgets equal 2018's: A's block money in 2019 at least 1.05 x 2018's."""
    r = run(
        growth_data(
            tmp_path,
            "planned",
            [history(c, s, a) for c, a in (("A", 10), ("B", 90)) for s in ("f", "g")],
            years=(2018, 2019),
        ),
        years=(2018, 2019),
    )
    rows = r.solution.rules.query("rule_id == 'R-GROWTH'").set_index("instance")
    f18 = rows.loc["f|2018", "lhs"]
    assert rows.loc["f|2019|budget growth", "rhs"] == pytest.approx(1.05 * f18)
    assert rows.loc["f|2019|budget growth", "lhs"] >= rows.loc["f|2019|budget growth", "rhs"] - 1e-6


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_default_sentence_names_the_family_in_the_readers_language(lang):
    """A family with no binding sentence of its own says the default one, naming it by its title
    in the reader's language; a field with no value reads blank, never 'None'."""
    earmark = next(f for f in BY_ID.values() if "binding" not in f.sentences)
    text = earmark.sentence("binding", lang, instance="2018", lhs="30", rhs="30")
    title = earmark.title_en if lang == "en" else earmark.title_zh
    other = earmark.title_zh if lang == "en" else earmark.title_en
    assert text.startswith(title) and other not in text
    assert "None" not in text and "{" not in text


def test_a_familys_defaults_are_its_parameters_as_the_model_declares_them():
    for family in BY_ID.values():
        assert family.defaults() == family.Params()
        assert repr(family) == f"<rule family {family.id}>"


PROGRAMMES = (
    "R-FOREST-QUOTA",
    "R-LABOUR-SUBSIDY",
    "R-EDUCATION-FIRST",
    "R-FARMLAND-TARGET",
    "R-PV-COVERAGE",
)


@pytest.mark.parametrize("rule_id", PROGRAMMES)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["binding", "value", "conflict", "shortfall", "relax"])
def test_the_programme_families_say_each_kind_in_both_languages(rule_id, lang, kind):
    """Every kind of sentence of 004's programme families names its instance (the value
    sentence its gain), leaves no field unfilled, and is in the language asked for."""
    family = BY_ID[rule_id]
    unit = family.limit_unit_en if lang == "en" else family.limit_unit_zh
    text = family.sentence(
        kind,
        lang,
        instance="ningwu|farmland_return|2018",
        lhs="10",
        rhs="12",
        short="2",
        gain="0.5",
        objunit="people",
        range="",
        unit=unit,
    )
    assert "{" not in text and "}" not in text
    assert ("0.5" if kind == "value" else "ningwu|farmland_return|2018") in text
    words = text
    for unit_word in ("万元", "亩"):  # units are written in Chinese in both languages
        words = words.replace(unit_word, "")
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in words)
    assert has_chinese == (lang == "zh"), text


def test_the_programme_families_parameters_in_summaries():
    forest = BY_ID["R-FOREST-QUOTA"]
    text = forest.parameter_text(forest.Params(sources=["forestry_block"]))
    assert "sources=[forestry_block]" in text and "method=lexicographic" in text
    assert "sources=null" in forest.parameter_text(forest.Params())
    labour = BY_ID["R-LABOUR-SUBSIDY"]
    assert "reading=guarantee, categories=[training, transport_subsidy]" in labour.parameter_text(
        labour.Params()
    )
    target = BY_ID["R-FARMLAND-TARGET"]
    assert target.parameter_text(target.Params(status="soft", penalty=5.0)) == (
        "pace=even, category=farmland_return, year=2020, penalty=5"
    )
    pv = BY_ID["R-PV-COVERAGE"]
    assert pv.parameter_text(pv.Params(pace="end", year=2019)) == (
        "pace=end, category=pv_village, year=2019"
    )


def test_a_share_row_of_the_first_reading_is_money():
    """R-LABOUR-SUBSIDY's guarantee rows are people; its `first` reading's share rows
    (subsidies|<year>) are 万元 and say so in the general words."""
    labour = BY_ID["R-LABOUR-SUBSIDY"]
    money = labour.sentence("binding", "en", instance="subsidies|2018", lhs="40", rhs="50",
                            unit="person")  # fmt: skip
    assert money.endswith("40 against 50 万元.")
    people = labour.sentence("binding", "zh", instance="ningwu|training", rhs="11372", unit="人")
    assert people == "深度贫困县补助需求【ningwu|training】已优先保障（11372 人）。"
