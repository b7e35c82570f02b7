"""Every citation resolves to a clause of the register, and every quoted sentence is really in its
source document."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimiser.register import load_register
from optimiser.rules import FAMILIES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
DATASETS = sorted(p for p in (ROOT / "data").iterdir() if (p / "policy.yaml").exists())


def test_every_rule_citation_resolves():
    register = load_register()
    for family in FAMILIES:
        assert family.citations or family.basis, f"{family.id} cites nothing and states no basis"
        for clause_id in family.citations:
            assert register.resolve(clause_id) is not None, f"{family.id} cites unknown {clause_id}"


@pytest.mark.parametrize("folder", DATASETS, ids=lambda p: p.name)
def test_every_provenance_citation_resolves(folder):
    import yaml

    register = load_register()
    provenance = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))
    cited = []
    for file, columns in provenance.items():
        if file == "dataset":  # the dataset block (rests_on_estimates), not entries
            continue
        for entries in columns.values():
            for entry in entries if isinstance(entries, list) else [entries]:
                cited += [str(c) for c in entry.get("clauses") or []]
    assert cited, "a dataset that cites nothing"
    unresolved = sorted({c for c in cited if register.resolve(c) is None})
    assert unresolved == []


def test_register_documents_have_their_particulars():
    register = load_register()
    assert {"000", "001", "002", "003", "004"} <= set(register.documents)
    for document in register.documents.values():
        assert document.title and document.jurisdiction and document.date
        if document.held:
            assert document.file


@pytest.mark.skipif(not SEEDS.is_dir(), reason="source documents not beside the project")
def test_quoted_sentences_occur_in_their_documents():
    register = load_register()
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for clause in register.clauses.values():
        if clause.document.held:
            assert clause.document.file in texts, clause.id
            assert clause.text in texts[clause.document.file], (
                f"{clause.id} is not a verbatim quote"
            )


def test_rule_parameters_match_their_clause():
    """The documented defaults are the figures the cited clause sets."""
    register = load_register()
    earmark = register.resolve("004-8").parameters
    assert any(abs(v - 0.30) < 1e-12 for v in earmark.values() if isinstance(v, float))
    from optimiser.rules.registry import BY_ID

    assert BY_ID["R-EARMARK"].defaults().share == 0.30
    assert BY_ID["R-GROWTH"].defaults().margin == 0.05
    assert BY_ID["R-REVOLVING"].defaults().deep_share == 0.20
    assert BY_ID["R-RELENDING"].defaults().min_deep_wan == 100000
    assert BY_ID["R-PREPAY"].defaults().max_share == 0.5
    assert BY_ID["R-RELIEF-FUND"].defaults().provincial_floor_wan == 1000
    assert BY_ID["R-RELIEF-FUND"].defaults().local_floor_wan == 500


def test_a_familys_quote_is_a_sentence_of_the_clause_it_cites():
    """A family resting on one of a clause's other sentences names a phrase of it: the phrase is
    in exactly one sentence of that clause, which `allocate rules` then shows."""
    from optimiser.register import load_register
    from optimiser.rules import FAMILIES

    register = load_register()
    quoted = [(f, c, phrase) for f in FAMILIES for c, phrase in f.quotes.items()]
    assert quoted
    for family, clause_id, phrase in quoted:
        assert clause_id in family.citations, family.id
        clause = register.resolve(clause_id)
        sentences = [t for t in (clause.text, *clause.more_text) if phrase in t]
        assert len(sentences) == 1, (family.id, phrase)
        assert clause.sentence(phrase) == sentences[0]
