"""`allocate serve`: the live page's JSON API through HTTP (FastAPI's TestClient), on the tiny
dataset and once on Shanxi 2018: every kind of lever, a plan with no solution and its smallest
relaxation as lever values, saving, comparing and downloading, hostile requests (refused with a
message, nothing written), sessions side by side, the newest request winning, and the least
recently used session giving its model up."""

from __future__ import annotations

import importlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import tiny
from fastapi.testclient import TestClient
from untranslated import english_left

from optimiser.api import load, solve
from optimiser.live.app import create_app
from optimiser.live.engine import make_plan
from optimiser.report.words import CATALOGUES, LANGS, fields_of
from optimiser.scenario.overrides import apply, parse_all

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-0123456789"
BASE_URL = "http://127.0.0.1:8765"
CJK = re.compile(r"[\u4e00-\u9fff]")
HEADERS = {"X-Token": TOKEN}


def client(app) -> TestClient:
    return TestClient(app, base_url=BASE_URL)


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory):
    return load(tiny.write(tmp_path_factory.mktemp("data") / "tiny"))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("out")


@pytest.fixture(scope="module")
def app(tiny_data, out):
    return create_app(tiny_data, [2018], out, token=TOKEN, max_sessions=4)


@pytest.fixture(scope="module")
def web(app):
    return client(app)


def plan(web, session: str, seq: int, levers: dict, lang: str = "zh"):
    body = {"session": session, "seq": seq, "lang": lang, "levers": levers}
    return web.post("/api/plan", json=body, headers=HEADERS)


def fen(value: float) -> int:
    return round(value * 100)


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.stat().st_size < 1_000_000 else b""
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_adds_up(answer: dict) -> None:
    """Every county's money and change, summed in fen, is the total printed."""
    counties = answer["counties"]
    assert sum(fen(c["now"]) for c in counties) == fen(answer["money"]["now"])
    assert sum(fen(c["base"]) for c in counties) == fen(answer["money"]["base"])
    for c in counties:
        assert fen(c["change"]) == fen(c["now"]) - fen(c["base"])
    people = answer["people"]
    assert fen(people["change"]) == fen(people["now"]) - fen(people["base"])


def chinese(text: str, allowed: frozenset = frozenset()) -> None:
    assert CJK.search(text), text
    assert not english_left(text, set(allowed)), (text, english_left(text, set(allowed)))


# ---- the levers ---------------------------------------------------------------------------------


def test_every_live_catalogue_says_every_word_in_both_languages_with_the_same_fields():
    for module in ("levers", "conflict", "store", "security", "app"):
        importlib.import_module(f"optimiser.live.{module}")
    live = [n for n in CATALOGUES if n.startswith("live")]
    assert len(live) >= 6
    for name in live:
        for key, said in CATALOGUES[name].items():
            assert set(said) == set(LANGS), (name, key)
            assert fields_of(said["zh"]) == fields_of(said["en"]), (name, key)
            words = said["zh"].format(**dict.fromkeys(fields_of(said["zh"]), ""))
            if re.search(r"[^\W\d_]", words):
                assert CJK.search(words), (name, key)
            assert not english_left(words), (name, key)


def test_every_numeric_rule_parameter_has_a_label_in_both_languages():
    from optimiser.live.levers import LABELS, TECHNICAL
    from optimiser.rules import FAMILIES

    for family in FAMILIES:
        for name, info in family.Params.model_fields.items():
            if info.annotation not in (int, float) or name in TECHNICAL or name == "penalty":
                continue
            assert f"{family.id}.{name}" in LABELS.words or name in LABELS.words, (family.id, name)


def test_the_levers_of_every_kind(web, tiny_data):
    found = web.get("/api/levers?lang=zh").json()
    assert found["dataset"] == "tiny" and found["years"] == [2018] and found["lang"] == "zh"
    levers = {lever["id"]: lever for lever in found["levers"]}
    assert {lever["group"] for lever in found["levers"]} == {"budget", "rule", "param"}
    central = levers["budget.central.2018"]
    assert (central["base"], central["min"], central["max"]) == (1000.0, 500.0, 1500.0)
    assert (
        central["percent"] and central["unit"] == "万元" and central["label"] == "中央专项 2018年"
    )
    # only the statuses a family allows; one that can only hold is locked, saying why
    assert levers["R-PROJECT"]["choices"] == ["hard", "off"]
    assert levers["R-BUDGET"]["locked"] and "预算" in levers["R-BUDGET"]["locked_reason"]
    assert levers["R-EARMARK"]["choices"] == ["hard", "soft", "off"]
    assert levers["R-EARMARK"]["choice_labels"] == ["必须满足", "可突破（计罚）", "不适用"]
    # a parameter a clause states is locked with the clause's own words
    share = levers["R-EARMARK.share"]
    assert share["locked"] and share["rule"] == "R-EARMARK" and share["share"]
    assert share["locked_reason"].startswith("004第八条") and "30%" in share["locked_reason"]
    growth = levers["R-INCREASE.min_growth"]
    assert not growth["locked"] and (growth["min"], growth["max"]) == (-1.0, 10.0)
    # a rule the dataset cannot switch on (tiny has no revolving fund) is locked, no parameters
    assert levers["R-REVOLVING"]["locked"] and not any(i.startswith("R-REVOLVING.") for i in levers)
    for lever in found["levers"]:
        chinese(lever["label"])
        assert lever["label"] != lever["id"]
        if lever["locked_reason"]:
            chinese(lever["locked_reason"])
    english = {lever["id"]: lever for lever in web.get("/api/levers?lang=en").json()["levers"]}
    assert english["R-EARMARK"]["choice_labels"][0] == "must hold"
    assert english["R-INCREASE.min_growth"]["label"] == "least growth over last year"


# ---- answers ------------------------------------------------------------------------------------


def test_budget_levers_replan_and_the_money_adds_up(web, tiny_data):
    base = plan(web, "budgets00000001", 1, {}).json()
    cut = {"budget.central.2018": 500.0, "budget.forestry.2018": 250.0}
    answer = plan(web, "budgets00000001", 2, cut).json()
    assert answer["seq"] == 2 and answer["status"] == "optimal" and answer["status_words"] == "最优"
    assert_adds_up(answer)
    assert answer["money"]["base"] == base["money"]["now"] == 830.0
    assert answer["money"]["now"] == 750.0  # less to spend than the needs: every fen is spent
    assert answer["people"]["change"] < 0
    assert {c["name"] for c in answer["counties"]} == {"深一县", "贫二县", "其三县"}
    assert [c["code"] for c in answer["counties"]] == [c.code for c in tiny_data.counties]
    assert answer["deep_share"]["required"] == 0.3
    overrides = ["budget.central.2018=500", "budget.forestry.2018=250"]
    direct = solve(apply(tiny_data, parse_all(overrides)), [2018])
    assert answer["people"]["now"] == pytest.approx(direct.solution.objective, abs=0.006)


def test_a_rule_switched_and_made_soft(web):
    off = plan(web, "rules000000001", 1, {"R-EARMARK": "off"}).json()
    assert off["status"] == "optimal" and off["deep_share"]["required"] is None
    soft = plan(web, "rules000000001", 2, {"R-INCREASE": "soft", "R-INCREASE.min_growth": 2.0})
    answer = soft.json()
    assert soft.status_code == 200 and answer["status"] == "optimal"
    broken = [r for r in answer["rules"] if r["broken"]]
    assert [r["rule"] for r in broken] == ["R-INCREASE"]
    assert broken[0]["title"] == "专项扶贫资金投入逐年增加" and broken[0]["new"]
    for rule in answer["rules"]:
        chinese(rule["sentence"], frozenset())
        assert "|" not in rule["sentence"] and "central" not in rule["sentence"]


def test_no_plan_says_why_and_its_smallest_relaxation_gives_one(web):
    answer = plan(web, "conflict000001", 1, {"R-INCREASE.min_growth": 2.0}).json()
    assert answer["status"] == "infeasible" and answer["status_words"] == "无可行方案"
    held = web.app.state.live.sessions.find("conflict000001").plan
    assert held.answers == 2  # the relaxed levers were tried on the session's held model
    assert answer["counties"] == [] and answer["people"]["now"] is None
    conflict = answer["conflict"]
    assert len(conflict["lines"]) >= 2
    for line in conflict["lines"]:
        chinese(line)
    assert any("中央专项" in line for line in conflict["lines"])  # the budget, by name
    relax = conflict["relax"]
    chinese(relax["text"])
    moved = relax["levers"]
    assert 0 <= moved["R-INCREASE.min_growth"] < 2.0
    relaxed = plan(web, "conflict000001", 2, {"R-INCREASE.min_growth": 2.0, **moved}).json()
    assert relaxed["status"] == "optimal" and relaxed["conflict"] is None
    assert_adds_up(relaxed)
    english = plan(web, "conflict000001", 3, {"R-INCREASE.min_growth": 2.0}, lang="en").json()
    assert not CJK.search(english["conflict"]["lines"][0])


def test_the_same_levers_again_are_answered_from_the_last_answer(web):
    first = plan(web, "again000000001", 1, {"budget.central.2018": 700.0}).json()
    held = web.app.state.live.sessions.find("again000000001").plan
    again = plan(web, "again000000001", 2, {"budget.central.2018": 700.0}).json()
    assert held.answers == 1  # nothing solved again
    assert again["seq"] == 2 and again["counties"] == first["counties"]
    assert again["people"] == first["people"]


def test_reset_answers_the_base_plan_and_forgets_the_levers(web):
    plan(web, "reset000000001", 1, {"budget.central.2018": 600.0})
    levers = web.get("/api/levers?session=reset000000001").json()["levers"]
    assert {lever["id"]: lever["value"] for lever in levers}["budget.central.2018"] == 600.0
    reset = web.post(
        "/api/reset", json={"session": "reset000000001", "seq": 2}, headers=HEADERS
    ).json()
    assert reset["seq"] == 2 and reset["money"]["now"] == reset["money"]["base"]
    assert all(c["change"] == 0 for c in reset["counties"])
    levers = web.get("/api/levers?session=reset000000001").json()["levers"]
    assert {lever["id"]: lever["value"] for lever in levers}["budget.central.2018"] == 1000.0


# ---- bad requests -------------------------------------------------------------------------------

HOSTILE = [
    ({"budget.central.2018": "lots"}, "budget.central.2018", "请输入数字"),
    ({"budget.central.2018": True}, "budget.central.2018", "请输入数字"),
    ({"budget.central.2018": [1]}, "budget.central.2018", "请输入数字"),
    ({"budget.central.2018": 10**400}, "budget.central.2018", "请输入有限的数字"),
    ({"budget.central.2018": 1e308}, "budget.central.2018", "超出可调范围"),
    ({"budget.central.2018": -5}, "budget.central.2018", "超出可调范围"),
    ({"budget.nowhere.2018": 10}, "budget.nowhere.2018", "没有这个调整项"),
    ({"budget.central.2019": 10}, "budget.central.2019", "没有这个调整项"),
    ({"../../etc/passwd": 1}, "../../etc/passwd", "没有这个调整项"),
    ({"R-EARMARK": "sometimes"}, "R-EARMARK", "只能选"),
    ({"R-EARMARK": 1}, "R-EARMARK", "只能选"),
    ({"R-BUDGET": "off"}, "R-BUDGET", "只能选"),
    ({"R-EARMARK.share": 0.5}, "R-EARMARK.share", "已锁定"),
    ({"R-REVOLVING": "hard"}, "R-REVOLVING", "已锁定"),
    ({"R-INCREASE.min_growth": 11}, "R-INCREASE.min_growth", "超出可调范围"),
    ({"R-DEADLINE.delay_years": 1.5}, "R-DEADLINE.delay_years", "请输入整数"),
]


@pytest.mark.parametrize(("levers", "lever", "said"), HOSTILE)
def test_bad_lever_values_are_refused_with_a_message_and_nothing_changes(
    web, out, levers, lever, said
):
    before = files_under(out)
    plan(web, "hostile0000001", 1, {"budget.central.2018": 700.0})
    response = plan(web, "hostile0000001", 2, levers)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert said in errors[lever[:80]]
    chinese(errors[lever[:80]])
    english = plan(web, "hostile0000001", 3, levers, lang="en").json()["errors"]
    assert not CJK.search(english[lever[:80]].replace("万元", ""))
    # the session keeps the levers of its last plan; nothing is written
    values = web.get("/api/levers?session=hostile0000001").json()["levers"]
    assert {v["id"]: v["value"] for v in values}["budget.central.2018"] == 700.0
    assert files_under(out) == before


def test_non_finite_numbers_in_the_json_are_refused(web):
    for raw in ("NaN", "Infinity", "-Infinity"):
        body = '{"session": "nan00000000001", "seq": 1, "levers": {"budget.central.2018": %s}}'
        response = web.post(
            "/api/plan",
            content=body % raw,
            headers={**HEADERS, "Content-Type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["errors"]["budget.central.2018"] == "请输入有限的数字"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "_"),
        (b"[1, 2]", "_"),
        (b"[" * 30_000 + b"]" * 30_000, "_"),
        (json.dumps({"session": "x/../../y", "seq": 1, "levers": {}}).encode(), "session"),
        (json.dumps({"session": 12, "seq": 1}).encode(), "session"),
        (json.dumps({"session": "seq0000000001", "seq": "1"}).encode(), "seq"),
        (json.dumps({"session": "seq0000000001", "seq": -1}).encode(), "seq"),
        (json.dumps({"session": "seq0000000001", "seq": 2**60}).encode(), "seq"),
        (json.dumps({"session": "seq0000000001", "seq": 1, "levers": [1]}).encode(), "_"),
    ],
)
def test_malformed_requests_are_refused(web, out, body, field):
    before = files_under(out)
    response = web.post(
        "/api/plan", content=body, headers={**HEADERS, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    chinese(response.json()["errors"][field])
    assert files_under(out) == before


def test_the_token_the_host_the_origin_and_the_size_are_checked(web, app):
    body = {"session": "guard000000001", "seq": 1, "levers": {}}
    assert web.post("/api/plan", json=body).status_code == 401
    assert web.post("/api/plan", json=body, headers={"X-Token": "wrong"}).status_code == 401
    assert web.post("/api/plan?token=" + TOKEN, json=body).status_code == 401  # a header only
    refused = web.post("/api/scenarios", json={**body, "name": "x"})
    assert refused.status_code == 401 and CJK.search(refused.json()["error"])
    # another site's page, its name resolved to this computer (DNS rebinding)
    evil = TestClient(app, base_url="http://evil.example:8765")
    assert evil.get("/").status_code == 403 and evil.get("/api/levers").status_code == 403
    # a form posted from another site
    assert (
        web.post(
            "/api/plan", json=body, headers={**HEADERS, "Origin": "http://evil.example"}
        ).status_code
        == 403
    )
    same = web.post("/api/plan", json=body, headers={**HEADERS, "Origin": BASE_URL})
    assert same.status_code == 200
    big = {**body, "levers": {"budget.central.2018": 700.0}, "pad": "x" * 70_000}
    assert web.post("/api/plan", json=big, headers=HEADERS).status_code == 413
    assert web.put("/api/plan", json=body, headers=HEADERS).status_code == 405
    page = web.get("/")
    assert f'<meta name="live-token" content="{TOKEN}">' in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_another_address_than_loopback_needs_the_token_on_every_request(tiny_data, tmp_path):
    app = create_app(tiny_data, [2018], tmp_path, token=TOKEN, host="0.0.0.0")
    web = TestClient(app, base_url="http://192.0.2.10:8765")
    assert web.get("/").status_code == 401
    assert web.get("/api/levers").status_code == 401
    assert web.get("/?token=" + TOKEN).status_code == 200
    assert web.get("/api/levers", headers=HEADERS).status_code == 200
    assert web.get("/api/download/xlsx?session=open0000000001&token=wrong").status_code == 401


# ---- scenarios, comparison, downloads -----------------------------------------------------------


def test_save_list_compare_and_download(web, out, tiny_data):
    from click.testing import CliRunner

    from optimiser.cli import cli
    from optimiser.scenario.sets import read_scenarios

    session = "save0000000001"
    cut = {"budget.central.2018": 500.0, "budget.forestry.2018": 250.0, "R-EARMARK": "soft"}
    saved = web.post(
        "/api/scenarios",
        json={"session": session, "name": "削减一成", "levers": cut},
        headers=HEADERS,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["saved"] == "削减一成"
    plan(web, session, 1, {"budget.central.2018": 1200.0})
    more = web.post("/api/scenarios", json={"session": session, "name": "增加"}, headers=HEADERS)
    assert more.status_code == 200  # without levers: the session's last plan
    last = web.app.state.live.sessions.find(session).last[1]
    assert last.explanation is not None  # explained once, kept for its download
    file = out / "tiny" / "live-scenarios.yaml"
    found = {s.name: [o.text for o in s.overrides] for s in read_scenarios(file)}
    assert found == {
        "削减一成": ["budget.central.2018=500.0", "budget.forestry.2018=250.0", "R-EARMARK=soft"],
        "增加": ["budget.central.2018=1200.0"],
    }
    listed = web.get(f"/api/scenarios?session={session}").json()["scenarios"]
    assert [s["name"] for s in listed] == ["削减一成", "增加"]
    assert all(Path(s["folder"]).is_dir() for s in listed)
    # the same name, or a name that could be a path, is refused; nothing is written
    before = files_under(out)
    for name, said in (
        ("削减一成", "已有同名方案"),
        ("../../etc/passwd", "不能含"),
        ("a,b", "不能含"),
        ("  ", "请填写"),
        ("名" * 61, "不能超过"),
        ("x\x00y", "不能含"),
        (["list"], "请填写"),
    ):
        refused = web.post(
            "/api/scenarios", json={"session": session, "name": name, "levers": {}}, headers=HEADERS
        )
        assert refused.status_code == 422 and said in refused.json()["errors"]["name"], name
    refused = web.post(
        "/api/scenarios",
        json={"session": session, "name": "坏", "levers": {"budget.central.2018": "x"}},
        headers=HEADERS,
    )
    assert refused.status_code == 422 and "budget.central.2018" in refused.json()["errors"]
    assert files_under(out) == before
    # the comparison, in the order asked
    rows = web.get("/api/compare", params={"names": "增加,削减一成"}).json()["rows"]
    assert [r["name"] for r in rows] == ["增加", "削减一成"]
    assert rows[1]["money"] == 750.0 and rows[0]["status_words"] == "最优"
    assert rows[1]["people"] < rows[0]["people"]
    assert web.get("/api/compare", params={"names": "增加,没有"}).status_code == 422
    # downloads: the session's plan, written on demand, streamed as an attachment
    assert web.get(f"/api/download/xlsx?session={session}").status_code == 401  # no token
    xlsx = web.get(f"/api/download/xlsx?session={session}&token={TOKEN}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx.headers["content-disposition"]
    page = web.get(f"/api/download/html?session={session}&lang=zh", headers=HEADERS)
    assert page.status_code == 200 and "中央专项" in page.text
    assert web.get(f"/api/download/csv?session={session}", headers=HEADERS).status_code == 404
    assert web.get("/api/download/xlsx?session=../../etc", headers=HEADERS).status_code == 422
    again = web.get(f"/api/download/xlsx?session={session}", headers=HEADERS)
    assert again.content == xlsx.content  # written once, streamed again
    # every run folder is in the ledger
    with sqlite3.connect(out / "ledger.sqlite") as db:
        entries = db.execute("select scenario from runs where command = 'serve'").fetchall()
    assert {"削减一成", "增加", "base"} <= {e[0] for e in entries}
    # and `allocate scenarios` reads the file the page wrote
    result = CliRunner().invoke(
        cli,
        [
            "scenarios",
            str(file),
            "--year",
            "2018",
            "--data",
            str(tiny_data.folder),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "削减一成" in result.output


# ---- sessions -----------------------------------------------------------------------------------


def test_two_sessions_at_once_each_get_their_own_answers(web, tiny_data):
    wanted = {"twoA0000000001": 500.0, "twoB0000000001": 550.0}
    values = [v + step for v in wanted.values() for step in (0.0, 20.0)]
    direct = {
        v: solve(
            apply(tiny_data, parse_all([f"budget.central.2018={v}", "budget.forestry.2018=250"])),
            [2018],
        ).solution.objective
        for v in values
    }
    assert len(set(direct.values())) == 4  # every value its own answer
    got: dict[str, list] = {s: [] for s in wanted}

    def work(session: str) -> None:
        for seq in range(1, 5):
            value = wanted[session] + (20.0 if seq % 2 == 0 else 0.0)
            levers = {"budget.central.2018": value, "budget.forestry.2018": 250.0}
            answer = plan(web, session, seq, levers).json()
            got[session].append((value, answer["people"]["now"], answer["seq"]))

    threads = [threading.Thread(target=work, args=(s,)) for s in wanted]
    [t.start() for t in threads]
    [t.join() for t in threads]
    for answers in got.values():
        assert [a[2] for a in answers] == [1, 2, 3, 4]
        for value, people, _seq in answers:
            assert people == pytest.approx(direct[value], abs=0.006)  # to the hundredth


class Held:
    """A held plan (optimiser.live.engine.make_plan) whose answers wait until the test lets
    them go."""

    gate = threading.Event()
    started = threading.Event()

    def __init__(self, data, years):
        self.plan = make_plan(data, years)

    only: float | None = None  # wait only for a variant with this central budget

    def answer(self, variant, anchor=True, explain=True):
        central = sum(b.amount_wan for b in variant.budgets if b.source == "central")
        if Held.only is None or central == Held.only:
            Held.started.set()
            assert Held.gate.wait(30)
        return self.plan.answer(variant, anchor=anchor, explain=explain)

    @property
    def base(self):
        return self.plan.base

    def reset(self):
        return self.plan.reset()


def test_the_newest_request_wins(tiny_data, tmp_path):
    app = create_app(tiny_data, [2018], tmp_path, token=TOKEN, plan_maker=Held)
    web = client(app)
    Held.gate.clear()
    Held.started.clear()
    Held.only = None
    results: dict[int, object] = {}

    def send(seq: int, value: float) -> None:
        results[seq] = plan(web, "newest00000001", seq, {"budget.central.2018": value})

    first = threading.Thread(target=send, args=(1, 600.0))
    first.start()
    assert Held.started.wait(30)  # seq 1 is being solved
    second = threading.Thread(target=send, args=(2, 700.0))
    second.start()
    session = app.state.live.sessions.find("newest00000001")
    for _ in range(200):  # seq 2 waits for its turn
        if session.newest == 2:
            break
        time.sleep(0.01)
    third = threading.Thread(target=send, args=(3, 800.0))
    third.start()
    second.join(30)  # a newer request arrived: seq 2 gives up without solving
    assert results[2].status_code == 409 and results[2].json() == {"seq": 2, "stale": True}
    Held.gate.set()
    first.join(30)
    third.join(30)
    assert results[1].status_code == 200 and results[1].json()["seq"] == 1
    assert results[3].status_code == 200 and results[3].json()["seq"] == 3
    late = plan(web, "newest00000001", 1, {"budget.central.2018": 900.0})
    assert late.status_code == 409  # older than the newest received
    values = web.get("/api/levers?session=newest00000001").json()["levers"]
    assert {v["id"]: v["value"] for v in values}["budget.central.2018"] == 800.0


def test_one_sessions_solve_does_not_hold_another_back(tiny_data, tmp_path):
    app = create_app(tiny_data, [2018], tmp_path, token=TOKEN, plan_maker=Held, solvers=2)
    web = client(app)
    Held.gate.clear()
    Held.started.clear()
    Held.only = 600.0
    slow: dict = {}
    waiting = threading.Thread(
        target=lambda: slow.update(r=plan(web, "slow0000000001", 1, {"budget.central.2018": 600.0}))
    )
    waiting.start()
    try:
        assert Held.started.wait(30)  # the first session's solve is under way, and held
        quick = plan(web, "quick000000001", 1, {"budget.central.2018": 700.0})
        assert quick.status_code == 200 and quick.json()["status"] == "optimal"
        assert waiting.is_alive() and "r" not in slow  # still solving
    finally:
        Held.gate.set()
        waiting.join(30)
        Held.only = None
    assert slow["r"].status_code == 200


def test_the_least_recently_used_session_gives_its_model_up(tiny_data, tmp_path):
    app = create_app(tiny_data, [2018], tmp_path, token=TOKEN, max_sessions=2)
    web = client(app)
    sessions = app.state.live.sessions
    for i, value in enumerate((600.0, 700.0, 800.0)):
        assert plan(web, f"lru{i}0000000001", 1, {"budget.central.2018": value}).status_code == 200
    assert sessions.holding() == 2 and sessions.built == 3 and sessions.evicted == 1
    assert sessions.find("lru00000000001").plan is None  # the oldest gave its model up
    assert sessions.find("lru20000000001").plan is not None
    cut = {"budget.central.2018": 500.0, "budget.forestry.2018": 250.0}
    again = plan(web, "lru00000000001", 2, cut).json()
    assert again["status"] == "optimal" and again["money"]["now"] == 750.0
    assert sessions.built == 4 and sessions.holding() == 2
    assert sessions.find("lru10000000001").plan is None


# ---- Shanxi 2018 --------------------------------------------------------------------------------


def test_shanxi_2018_through_the_interface(tmp_path):
    data = load(ROOT / "data" / "shanxi")
    app = create_app(data, [2018], tmp_path, token=TOKEN)
    web = client(app)
    found = web.get("/api/levers").json()
    assert found["lang"] == "zh" and "估算" in found["warning"]
    codes = {c.code for c in data.counties} | {s.code for s in data.sources}
    for lever in found["levers"]:
        chinese(lever["label"])
        assert not set(re.findall(r"[a-z_]{3,}", lever["label"])) & codes
    central = next(v for v in found["levers"] if v["id"] == "budget.central_special.2018")
    t = time.perf_counter()
    response = plan(web, "shanxi00000001", 1, {central["id"]: round(central["base"] * 0.9, 2)})
    seconds = time.perf_counter() - t
    answer = response.json()
    assert response.status_code == 200 and answer["status"] == "optimal"
    assert_adds_up(answer)
    assert len(answer["counties"]) == 58 and sum(c["deep"] for c in answer["counties"]) == 10
    assert answer["people"]["change"] < 0
    assert answer["money"]["base"] - answer["money"]["now"] == pytest.approx(28514.85, abs=0.01)
    assert answer["rules"], "a cut makes policy rules pinch"
    for rule in answer["rules"]:
        chinese(rule["title"] + rule["sentence"] + (rule["value_words"] or ""))
    assert seconds < 60


# ---- the command --------------------------------------------------------------------------------


def test_allocate_serve_prints_the_address_and_stops_gracefully(tmp_path):
    folder = tiny.write(tmp_path / "tiny")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "optimiser.cli", "serve", "--data", str(folder)]
    command += ["--port", "18765", "--out", str(tmp_path / "out")]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        lines = []
        while not any("http://" in line for line in lines):
            line = server.stdout.readline().decode("utf-8")
            assert line, server.stderr.read().decode("utf-8")
            lines.append(line)
        link = re.search(r"http://\S+", "".join(lines)).group(0)
        import httpx

        for _ in range(100):
            try:
                page = httpx.get(link, timeout=5)
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert page.status_code == 200 and 'name="live-token"' in page.text
        server.send_signal(signal.SIGTERM)
        said = server.communicate(timeout=30)[0].decode("utf-8")
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 143 and "已停止" in said
    assert "资金分配实时推演已启动" in "".join(lines)
