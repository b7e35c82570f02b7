"""A stand-in for `allocate serve`, for the live page's browser tests only: it serves the page's
folder (optimiser/live/static) and answers by the JSON contract of docs/live-api.md with figures
worked out simply from the levers, on Shanxi's 58 counties and 2018 budgets, so that the page
has something real to draw:

- the central and provincial special funds are split among the counties by their 2018 poor
  population, the deep-poverty counties weighted up; the other funds by poor population alone;
- R-GROWTH (on): a cut falls on the other counties only, the deep ones keep their money (raised
  or lowered by the growth margin's change from 5%); off: every county loses proportionally;
- R-INCREASE (hard): the special funds may not fall below 2017's by more than the lever's minimum
  growth allows, else there is no plan, and the smallest relaxation is that minimum growth;
- people reached grow with the square root of each county's money, less than in proportion.

Not the optimiser: the real server replaces it. The test can slow the next answers down
(`Stub.delays`) and read what was asked and answered (`received`, `answered`)."""

from __future__ import annotations

import asyncio
import csv
import math
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "optimiser" / "live" / "static"
DATA = ROOT / "data" / "shanxi"
YEAR = 2018
SPECIAL = ("central_special", "provincial_special")
OTHER = ("forestry_block", "housing_block", "lottery")
DEEP_WEIGHT = 1.85  # deep counties' weight in the split of the special funds
BASE_MARGIN = 0.05
EXPONENT = 0.6  # people reached grow as money ** EXPONENT in each county

WORDS = {
    "title": (
        "山西省58个贫困县 专项扶贫资金分配（估算数据）",
        "Shanxi's 58 poverty counties (estimates)",
    ),
    "warning": (
        "注意：本页数据为估算数，仅供演示推演，不能作为正式分配依据。",
        "Note: these figures are estimates, for trying ideas out, not for a formal allocation.",
    ),
    "hard": ("必须满足", "must hold"),
    "soft": ("可突破（计罚）", "may break (penalised)"),
    "off": ("不适用", "off"),
    "R-BUDGET": ("各项资金全部分配", "Every budget allocated"),
    "R-EARMARK": ("30%专项资金用于深度贫困县", "30% of the special funds to deep counties"),
    "R-EARMARK.share": ("深度贫困县资金占比", "Deep counties' share"),
    "R-GROWTH": ("深度贫困县资金增幅高于全省平均", "Deep counties grow faster than the province"),
    "R-GROWTH.margin": ("高出全省平均增幅", "Margin over the province's growth"),
    "R-INCREASE": ("专项资金逐年增加", "Special funds rise year on year"),
    "R-INCREASE.min_growth": ("比上年最低增幅", "Least growth over last year"),
    "lock.budget": ("会计恒等式，不能关闭", "An accounting identity: cannot be switched off"),
    "lock.share": ("004第八条规定每年安排30%", "004 article 8 sets 30% every year"),
    "status.optimal": ("最优", "optimal"),
    "status.infeasible": ("无可行方案", "no plan"),
    "bad.range": ("超出可调范围（{low}—{high}）", "outside the range ({low} to {high})"),
    "bad.locked": ("此项已锁定，不可调整", "this lever is locked"),
    "bad.choice": ("只能选：{choices}", "choose one of: {choices}"),
    "bad.number": ("请输入数字", "enter a number"),
    "bad.lever": ("没有这个调整项", "no such lever"),
    "bad.name": ("方案名称不能为空，也不能含“/”“\\”“,”", "a name cannot be empty or hold / \\ ,"),
    "bad.taken": ("已有同名方案", "a scenario has this name already"),
    "budget.sentence": (
        "中央和省级专项资金{amount}万元全部分配到县",
        "All {amount} 万元 of the central and provincial special funds reach the counties",
    ),
    "value.people": ("多1万元可多覆盖{value}人", "one more 万元 reaches {value} more people"),
    "growth.sentence": (
        "削减全部落在非深度贫困县，10个深度贫困县保持原有资金",
        "The cut falls on the other counties; the 10 deep counties keep their money",
    ),
    "increase.sentence": (
        "专项资金不得低于2017年的{floor}万元",
        "The special funds may not fall below 2017's {floor} 万元",
    ),
    "conflict.total": (
        "2018年中央和省级专项资金合计{now}万元，比2017年的{last}万元减少{cut}。",
        "The 2018 central and provincial special funds total {now} 万元, {cut} below 2017's {last} 万元.",
    ),
    "conflict.rule": (
        "“专项资金逐年增加”必须满足：最低增幅为{growth}（条款 003-p4）。",
        "'Special funds rise year on year' must hold: at least {growth} growth (clause 003-p4).",
    ),
    "relax": (
        "把“比上年最低增幅”从{old}放宽到{new}",
        "Lower the least growth over last year from {old} to {new}",
    ),
}


def say(key: str, lang: str, **fields: object) -> str:
    zh, en = WORDS[key]
    return (en if lang == "en" else zh).format(**fields)


def money(value: float) -> str:
    return f"{value:,.2f}"


def share(value: float) -> str:
    return f"{value * 100:.0f}%"


@dataclass
class County:
    code: str
    name: str
    deep: bool
    poor: int


class Invalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Plans:
    """The stand-in planner: Shanxi's counties and budgets, and the simple split above."""

    def __init__(self) -> None:
        poor = {
            r["county_code"]: int(r["poor_population"])
            for r in _rows("indicators.csv")
            if r["year"] == str(YEAR)
        }
        self.counties = [
            County(r["code"], r["name"], r["deep"] == "true", poor[r["code"]])
            for r in _rows("counties.csv")
        ]
        budgets: dict[tuple[str, int], float] = {}
        for r in _rows("budgets.csv"):
            if not r["city"] and not r["county_code"]:
                budgets[(r["source"], int(r["year"]))] = float(r["amount_wan"])
        self.budget = {s: budgets[(s, YEAR)] for s in SPECIAL + OTHER}
        self.last_year_special = sum(budgets[(s, YEAR - 1)] for s in SPECIAL)
        names = {r["code"]: (r["name"], r["name_en"]) for r in _rows("sources.csv")}
        self.source_names = names
        deep = {c.code for c in self.counties if c.deep}
        projects = sorted(_rows("projects.csv"), key=lambda r: (r["county_code"] in deep, r["id"]))
        self.in_base = projects[0::2]  # in the base plan (the other counties' first)
        self.candidates = projects[1::2]  # enter when there is more money
        weights = [c.poor * (DEEP_WEIGHT if c.deep else 1.0) for c in self.counties]
        total_poor = sum(c.poor for c in self.counties)
        self.special_weight = [w / sum(weights) for w in weights]
        self.other_weight = [c.poor / total_poor for c in self.counties]
        self.base_values = {lever["id"]: lever["base"] for lever in self.levers("zh")}
        self.base = self._split(self.base_values)

    def levers(self, lang: str) -> list[dict]:
        out: list[dict] = []
        for source in SPECIAL + OTHER:
            base = self.budget[source]
            zh, en = self.source_names[source]
            out.append(
                {
                    "id": f"budget.{source}.{YEAR}",
                    "group": "budget",
                    "label": f"{zh} {YEAR}年" if lang != "en" else f"{en} {YEAR}",
                    "value": base,
                    "base": base,
                    "min": round(base * 0.5, 2),
                    "max": round(base * 1.5, 2),
                    "step": 0.01,
                    "unit": "万元",
                    "percent": True,
                    "share": False,
                    "locked": False,
                    "locked_reason": None,
                }
            )

        def rule(rule_id: str, locked: str | None = None) -> dict:
            return {
                "id": rule_id,
                "group": "rule",
                "label": say(rule_id, lang),
                "value": "hard",
                "base": "hard",
                "choices": ["hard", "soft", "off"],
                "choice_labels": [say(c, lang) for c in ("hard", "soft", "off")],
                "locked": locked is not None,
                "locked_reason": say(locked, lang) if locked else None,
            }

        def param(param_id: str, base: float, low: float, high: float, locked: str | None = None):
            return {
                "id": param_id,
                "group": "param",
                "rule": param_id.split(".")[0],
                "label": say(param_id, lang),
                "value": base,
                "base": base,
                "min": low,
                "max": high,
                "step": 0.01,
                "unit": "",
                "percent": False,
                "share": True,
                "locked": locked is not None,
                "locked_reason": say(locked, lang) if locked else None,
            }

        out += [
            rule("R-BUDGET", "lock.budget"),
            rule("R-EARMARK"),
            param("R-EARMARK.share", 0.30, 0.0, 1.0, "lock.share"),
            rule("R-GROWTH"),
            param("R-GROWTH.margin", BASE_MARGIN, 0.0, 0.3),
            rule("R-INCREASE"),
            param("R-INCREASE.min_growth", 0.0, -0.5, 0.5),
        ]
        return out

    def check(self, asked: dict, lang: str) -> dict:
        """The levers' values (base, then the asked ones), or Invalid with a message per lever."""
        levers = {lever["id"]: lever for lever in self.levers(lang)}
        values = dict(self.base_values)
        errors: dict[str, str] = {}
        for lever_id, value in asked.items():
            lever = levers.get(lever_id)
            if lever is None:
                errors[lever_id] = say("bad.lever", lang)
            elif lever["locked"] and value != lever["base"]:
                errors[lever_id] = say("bad.locked", lang)
            elif lever["group"] == "rule":
                if value not in lever["choices"]:
                    errors[lever_id] = say(
                        "bad.choice", lang, choices="、".join(lever["choice_labels"])
                    )
                else:
                    values[lever_id] = value
            elif isinstance(value, bool) or not isinstance(value, int | float):
                errors[lever_id] = say("bad.number", lang)
            elif not lever["min"] - 1e-9 <= value <= lever["max"] + 1e-9:
                low, high = lever["min"], lever["max"]
                if lever["share"]:
                    low, high = share(low), share(high)
                else:
                    low, high = f"{money(low)} 万元", f"{money(high)} 万元"
                errors[lever_id] = say("bad.range", lang, low=low, high=high)
            else:
                values[lever_id] = float(value)
        if errors:
            raise Invalid(errors)
        return values

    def _split(self, values: dict) -> dict | None:
        """Each county's special and other money, or None when R-GROWTH cannot hold."""
        special = sum(values[f"budget.{s}.{YEAR}"] for s in SPECIAL)
        other = sum(values[f"budget.{s}.{YEAR}"] for s in OTHER)
        base_special = sum(self.budget[s] for s in SPECIAL)
        part = [special * w for w in self.special_weight]
        if values["R-GROWTH"] != "off":
            lift = 1 + values["R-GROWTH.margin"] - BASE_MARGIN
            deep = [
                max(base_special * w * lift, special * w * lift) if c.deep else 0.0
                for c, w in zip(self.counties, self.special_weight, strict=True)
            ]
            rest = special - sum(deep)
            others = sum(
                w for c, w in zip(self.counties, self.special_weight, strict=True) if not c.deep
            )
            if rest < 0:
                return None
            part = [
                d if c.deep else rest * w / others
                for c, d, w in zip(self.counties, deep, self.special_weight, strict=True)
            ]
        now = [round(p + other * w, 2) for p, w in zip(part, self.other_weight, strict=True)]
        deep_special = sum(p for c, p in zip(self.counties, part, strict=True) if c.deep)
        return {"now": now, "special": special, "deep_share": deep_special / special}

    def _people(self, split: dict) -> float:
        return sum(
            c.poor * (now / base) ** EXPONENT
            for c, now, base in zip(self.counties, split["now"], self.base["now"], strict=True)
        )

    def plan(self, asked: dict, lang: str) -> dict:
        """The answer to /api/plan for these levers (without its seq)."""
        started = time.perf_counter()
        values = self.check(asked, lang)
        base = self.base
        base_people = self._people(base)
        answer: dict = {
            "status": "optimal",
            "status_words": say("status.optimal", lang),
            "people": {"base": round(base_people, 2), "now": None, "change": None},
            "deep_share": {
                "base": round(base["deep_share"], 4),
                "now": None,
                "required": values["R-EARMARK.share"] if values["R-EARMARK"] != "off" else None,
            },
            "money": {"base": round(sum(base["now"]), 2), "now": None},
            "counties": [],
            "rules": [],
            "projects": {"entered": [], "left": []},
            "conflict": None,
        }
        split = self._split(values)
        special = sum(values[f"budget.{s}.{YEAR}"] for s in SPECIAL)
        floor = self.last_year_special * (1 + values["R-INCREASE.min_growth"])
        if values["R-INCREASE"] == "hard" and special < floor - 0.005:
            cut = 1 - special / self.last_year_special
            relaxed = max(-0.5, math.floor((special / self.last_year_special - 1) * 100) / 100)
            answer.update(
                status="infeasible",
                status_words=say("status.infeasible", lang),
                conflict={
                    "lines": [
                        say(
                            "conflict.total",
                            lang,
                            now=money(special),
                            last=money(self.last_year_special),
                            cut=share(cut),
                        ),
                        say("conflict.rule", lang, growth=share(values["R-INCREASE.min_growth"])),
                    ],
                    "relax": {
                        "text": say(
                            "relax",
                            lang,
                            old=share(values["R-INCREASE.min_growth"]),
                            new=share(relaxed),
                        ),
                        "levers": {"R-INCREASE.min_growth": relaxed},
                    },
                },
            )
            answer["seconds"] = round(time.perf_counter() - started, 3)
            return answer
        assert split is not None  # the levers' ranges keep R-GROWTH possible
        people = self._people(split)
        answer["people"].update(now=round(people, 2), change=round(people - base_people, 2))
        answer["deep_share"]["now"] = round(split["deep_share"], 4)
        answer["money"]["now"] = round(sum(split["now"]), 2)
        answer["counties"] = [
            {
                "code": c.code,
                "name": c.name,
                "deep": c.deep,
                "base": b,
                "now": n,
                "change": round(n - b, 2),
            }
            for c, b, n in zip(self.counties, base["now"], split["now"], strict=True)
        ]
        more = dict(values)
        more[f"budget.{SPECIAL[0]}.{YEAR}"] += 1.0
        worth = self._people(self._split(more) or split) - people
        answer["rules"].append(
            {
                "title": say("R-BUDGET", lang),
                "sentence": say("budget.sentence", lang, amount=money(special)),
                "clause": "004-8",
                "value": round(worth, 4),
                "value_words": say("value.people", lang, value=f"{worth:.2f}"),
                "new": False,
            }
        )
        base_special = sum(self.budget[s] for s in SPECIAL)
        if values["R-GROWTH"] != "off" and special < base_special - 0.005:
            answer["rules"].append(
                {
                    "title": say("R-GROWTH", lang),
                    "sentence": say("growth.sentence", lang),
                    "clause": "004-8",
                    "value": round(-worth * 0.4, 4),
                    "new": True,
                }
            )
        if values["R-INCREASE"] != "off" and special < floor * 1.02:
            answer["rules"].append(
                {
                    "title": say("R-INCREASE", lang),
                    "sentence": say("increase.sentence", lang, floor=money(floor)),
                    "clause": "003-p4",
                    "value": round(worth * 0.3, 4),
                    "new": True,
                }
            )
        ratio = {
            c.code: n / b for c, b, n in zip(self.counties, base["now"], split["now"], strict=True)
        }
        total_ratio = special / base_special
        answer["projects"] = {
            "left": [
                p["name"]
                for k, p in enumerate(self.in_base)
                if ratio[p["county_code"]] < 1 - 0.3 * (k + 1) / len(self.in_base)
            ],
            "entered": [
                p["name"]
                for k, p in enumerate(self.candidates)
                if total_ratio > 1 + 0.6 * (k + 1) / len(self.candidates)
                and ratio[p["county_code"]] > 1
            ],
        }
        answer["seconds"] = round(time.perf_counter() - started, 3)
        return answer


@dataclass
class Stub:
    """The stand-in server, run by uvicorn in a thread on 127.0.0.1 and a free port."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    token_in_meta: bool = True  # write the token into the page's meta tag (else only ?token=)
    delays: list[float] = field(default_factory=list)  # seconds to hold each next plan answer
    received: list[dict] = field(default_factory=list)  # plan and reset bodies, as they came
    answered: list[int] = field(default_factory=list)  # the seqs answered, in order
    scenarios: dict[str, dict] = field(default_factory=dict)
    plans: Plans = field(default_factory=Plans)
    port: int = 0

    def __post_init__(self) -> None:
        self.app = self._app()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Stub:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the stub server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def reset_records(self) -> None:
        self.delays.clear()
        self.received.clear()
        self.answered.clear()
        self.scenarios.clear()

    def _app(self) -> FastAPI:
        app = FastAPI()
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
        plans_of = lambda: self.plans  # noqa: E731  (read at request time)

        def refused(request: Request) -> JSONResponse | None:
            if request.headers.get("x-token") != self.token:
                return JSONResponse({"error": "bad token"}, status_code=401)
            return None

        @app.get("/")
        def index() -> HTMLResponse:
            page = (STATIC / "index.html").read_text(encoding="utf-8")
            if self.token_in_meta:
                page = page.replace(
                    '<meta name="live-token" content="">',
                    f'<meta name="live-token" content="{self.token}">',
                )
            return HTMLResponse(page)

        @app.get("/api/levers")
        def levers(lang: str = "zh") -> dict:
            return {
                "dataset": "shanxi",
                "title": say("title", lang),
                "years": [YEAR],
                "lang": "en" if lang == "en" else "zh",
                "warning": say("warning", lang),
                "levers": plans_of().levers(lang),
            }

        async def answer(request: Request, reset: bool) -> JSONResponse:
            if (bad := refused(request)) is not None:
                return bad
            body = await request.json()
            self.received.append(body)
            delay = self.delays.pop(0) if self.delays else 0.0
            if delay:
                await asyncio.sleep(delay)
            seq, lang = body.get("seq"), body.get("lang", "zh")
            try:
                out = plans_of().plan({} if reset else body.get("levers", {}), lang)
            except Invalid as invalid:
                self.answered.append(seq)
                return JSONResponse({"seq": seq, "errors": invalid.errors}, status_code=422)
            out["seq"] = seq
            out["seconds"] = round(out["seconds"] + delay, 3)
            self.answered.append(seq)
            return JSONResponse(out)

        @app.post("/api/plan")
        async def plan(request: Request) -> JSONResponse:
            return await answer(request, reset=False)

        @app.post("/api/reset")
        async def reset(request: Request) -> JSONResponse:
            return await answer(request, reset=True)

        @app.post("/api/scenarios")
        async def save(request: Request) -> JSONResponse:
            if (bad := refused(request)) is not None:
                return bad
            body = await request.json()
            lang = body.get("lang", "zh")
            name = str(body.get("name", "")).strip()
            if not name or any(ch in name for ch in "/\\,"):
                return JSONResponse({"errors": {"name": say("bad.name", lang)}}, status_code=422)
            if name in self.scenarios:
                return JSONResponse({"errors": {"name": say("bad.taken", lang)}}, status_code=422)
            levers = body.get("levers", {})
            try:
                out = plans_of().plan(levers, lang)
            except Invalid as invalid:
                return JSONResponse({"errors": invalid.errors}, status_code=422)
            self.scenarios[name] = {"levers": levers, "answer": out}
            return JSONResponse({"saved": name, "folder": f"runs/live/{name}"})

        @app.get("/api/scenarios")
        def listed(session: str = "", lang: str = "zh") -> dict:
            return {
                "scenarios": [
                    {
                        "name": name,
                        "status_words": kept["answer"]["status_words"],
                        "folder": f"runs/live/{name}",
                    }
                    for name, kept in self.scenarios.items()
                ]
            }

        @app.get("/api/compare")
        def compare(names: str = "", lang: str = "zh") -> JSONResponse:
            rows = []
            for name in names.split(","):
                kept = self.scenarios.get(name)
                if not name or kept is None:
                    return JSONResponse({"errors": {"names": name}}, status_code=422)
                out = kept["answer"]
                rows.append(
                    {
                        "name": name,
                        "status_words": out["status_words"],
                        "people": out["people"]["now"],
                        "deep_share": out["deep_share"]["now"],
                        "money_moved": round(
                            sum(c["change"] for c in out["counties"] if c["change"] > 0), 2
                        ),
                        "rules_broken": [],
                    }
                )
            return JSONResponse({"rows": rows})

        @app.get("/api/download/{kind}")
        def download(kind: str, session: str = "") -> Response:
            media = {
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "html": "text/html; charset=utf-8",
            }
            if kind not in media:
                return JSONResponse({"error": kind}, status_code=404)
            return Response(
                b"stub",
                media_type=media[kind],
                headers={"Content-Disposition": f'attachment; filename="plan.{kind}"'},
            )

        return app
