#!/usr/bin/env python3
"""Derive the default dataset data/shanxi/ (Shanxi's 58 poverty counties; history 2016-2017 and
plan years 2017-2020, every figure below the province's totals an estimate) from the figures of
the source documents.

    python3 data/derivations/shanxi.py

writes counties, indicators, sources, budgets, categories, needs, projects, history and
commitments (CSV), policy.yaml and provenance.yaml into data/shanxi/, then prints the
calibration checks. Standard library only; deterministic (fixed seeds, no clock, no network).

The files hold only rows some run reads (data/README.md, "Rows no run uses"): budgets.csv the
plan years 2017-2020 (a run reads the budgets of the years it plans) and indicators.csv the end of
2016-2019 (a run starting in Y reads the end of Y-1). The 2016 budgets, which history.csv splits
among counties, and the end-2020 indicators, which the calibration checks compare with 002-p4,
are computed here but not written.

Every figure has a provenance level (common.py): seed clause (printed in a source at hand: clause
ids of seeds/register.yaml, e.g. 004-2), derived (computed from seed clauses), public report (a
PUB-... figure, not at hand, unverified), estimate (an assumption stated here and in
provenance.yaml) or synthetic (invented for illustration: the candidate projects, fiscal revenue
and performance scores).

County figures at hand: 陵川 and 沁水 at the end of 2017 (001-2.0, shared with data/jincheng
through common.JINCHENG_2017). Every other per-county number is an estimate, made by splitting a
group total among the group's counties. The 58 counties hold an assumed share (SHARE_58) of the
province's poor and of its province-wide programmes: poor people also live outside them. The
spread between counties comes from a seeded random generator and is ILLUSTRATIVE: it makes
counties differ, it does not describe them.
"""

from __future__ import annotations

import csv
import math
import random
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

from common import JINCHENG_2017, JINCHENG_EXITED_2017, rural_population
from common import e as common_e

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "shanxi"
SCRIPT = "data/derivations/shanxi.py"

ACTUAL_YEARS = [2016, 2017]  # 2017 is also a plan year: a run of 2018 alone compares with it
PLAN_YEARS = [2017, 2018, 2019, 2020]
YEARS = [2016] + PLAN_YEARS  # the years computed here
BUDGET_YEARS = PLAN_YEARS  # the years written to budgets.csv: a run reads those it plans
INDICATOR_YEARS = [y - 1 for y in PLAN_YEARS]  # written to indicators.csv: a run starting in Y
# reads each county's indicators as at the end of Y-1

# ------------------------------------------------------------------------------------------
# Figures of the sources: seed clauses and public reports (ids of seeds/register.yaml)
# ------------------------------------------------------------------------------------------
# Province-wide totals: the 58 counties hold a part of each (SHARE_58 below)
POOR_2016 = 1_442_000  # 004-0: 144.2万人 to exit from 2017, the province's end-2016 poor
DEEP_POOR_2017 = 262_000  # PUB-SX-CAL-1: the 10 deep counties at end 2017
DEEP_SHARE_2017 = 0.291  # PUB-SX-CAL-1: 29.1% of the province's poor
DEEP_INCIDENCE_2017 = 0.154  # PUB-SX-CAL-1
POOR_2019 = 21_600  # 000-p4: 2.16万 remaining in the province at end 2019
POOR_2020 = 0  # 002-p4: all exited
REGISTERED_POOR = 3_290_000  # 002-p4: 329万 registered poor over the campaign
VILLAGES = 7_993  # 002-p4, 000-p3: the province's poverty villages (not only the 58 counties')
INCOME_2013, INCOME_2019 = 4_875, 9_379  # 002-p4: rural income in poverty areas, 元
SPECIAL_DEEP_2018_WAN = 144_000  # PUB-SX-CAL-1: 1.44 billion yuan to the deep counties in 2018
SPECIAL_DEEP_SHARE_2018 = 0.303  # PUB-SX-CAL-1: 30.3% of central plus provincial special funds
REVOLVING_WAN = {2018: 50_000, 2019: 50_000}  # PUB-SX-REV-1: 500 million yuan each year
REVOLVING_DEEP_SHARE = 0.20  # 004-8, PUB-SX-REV-1
COUNTY_MATCH, BANK_LEVERAGE = 1.0, 2.0  # PUB-SX-REV-1: 1:1 county match, banks at least 2:1
RELENDING_DEEP_MIN_WAN = 100_000  # 004-8: 10亿元 a year for the 10 deep counties
# 001-2.0: the two Jincheng poverty counties at the end of 2017, the year they exited
CITED_2017 = {code: (poor, incidence) for code, _n, _d, poor, incidence in JINCHENG_2017
              if code in ("lingchuan", "qinshui")}
# 001-2.0: the city's poor at end 2016 = the 9,999 left at end 2017 + the 31,658 who exited in
# 2017; of them the three non-poverty counties held at least their end-2017 poor
JINCHENG_POOR_2016 = sum(c[3] for c in JINCHENG_2017) + JINCHENG_EXITED_2017
JINCHENG_OTHERS_2017 = sum(c[3] for c in JINCHENG_2017 if c[2] == "none")
FARMLAND_MU = 1_200_000  # 004-2: >25° slope farmland in the 10 deep counties
FARMLAND_YUAN = [500, 150, 300, 150, 400]  # PUB-SX-FARMLAND-1: the 1,500 元/亩 over five years
SEEDLING_YUAN = [400, 200, 200]  # PUB-SX-FARMLAND-1: the 800 元/亩 seedlings over three years
RELOCATION_YUAN = 15_000  # 004-3: 人均1.5万元 housing reward, paid as
RELOCATION_PAID_YUAN = [10_000, 5_000]  # 004-3: 1万 on demolition + 5000 (再奖励) on reclamation
AFFOREST_MU_YEAR = 600_000  # 004-2: new afforestation a year, 800 元/亩
SEABUCKTHORN_MU = 500_000  # 004-2: in 偏关 宁武 静乐 兴县 临县
IDLE_FOREST_MU = 500_000  # 004-2: economic forest on idle land
RELOCATION_VILLAGES = 3_350  # 004-1: natural villages to relocate whole
PV_STATIONS = 5_479  # 002-p13: village PV stations built
PV_HOUSEHOLDS, PV_STATIONS_2020, PV_CENTRAL_2020 = 416_000, 4_994, 54  # 000-p10
HOUSES_RENOVATED = 333_000  # 002-p22: dangerous houses renovated
WATER_POOR = 1_900_000  # 002-p22: poor people whose drinking water was solved
TOURISM_VILLAGES, TOURISM_POOR = 300, 161_000  # 000-p10: tourism villages, 16.1万 poor
MICROCREDIT_WAN = 5.0  # PUB-MICROCREDIT-1: up to 50,000 元 a household
MICROCREDIT_YEARS = 3  # PUB-MICROCREDIT-1: for up to 3 years

# ------------------------------------------------------------------------------------------
# Assumptions (estimates): each is named here and repeated in provenance.yaml
# ------------------------------------------------------------------------------------------
SHARE_58 = 0.75  # the 58 counties' share of the province's poor, villages and programmes
EXIT_INCIDENCE = round((CITED_2017["lingchuan"][1] + CITED_2017["qinshui"][1]) / 2, 6)  # 0.0086:
# an exiting county's incidence at the end of its exit year, the mean of 001-2.0's two
EXIT_ORDER_WEIGHT = {2017: 0.5, 2018: 0.75}  # incidence before exit, relative to counties
# that exit later: the earlier a county exits, the less poor it is assumed to have been
EXIT_INCIDENCE_MAX = 0.02  # a check, not a figure: no exit standard is in the material at hand
SEED = 2017  # the seed of the illustrative spread between counties
SPREAD_POOR = 0.30  # county incidence factor: 1 + U(-0.30, 0.30)
SPREAD_RURAL = 0.15  # rural-population weight: incidence factor * (1 + U(-0.15, 0.15))
SPREAD_INCOME = 0.10  # income factor 1 + U(-0.10, 0.10), normalised to mean 1
SPREAD_FISCAL = 0.40  # fiscal factor 1 + U(-0.40, 0.40), normalised to mean 1
SPREAD_PERF = 0.10  # performance factor 1 + U(-0.10, 0.10), normalised to mean 1
DEEP_SHARE_OTHER_YEARS = DEEP_SHARE_2017  # the deep counties' share of the poor in 2016/18/19
FISCAL_2016_YUAN = 600  # illustrative general budget revenue per resident, 2016
FISCAL_GROWTH = 0.05
PERFORMANCE = 0.80
PERSONS_PER_HOUSEHOLD = 2.5
SPECIAL_GROWTH = 0.15  # central + provincial special funds, a year, both ways from 2018
CENTRAL_SHARE = 0.60  # of the special funds, the rest provincial
BLOCK_2016_WAN = {"forestry_block": 60_000, "housing_block": 30_000, "infrastructure_block": 50_000}
LOCAL_GROWTH = 0.08  # block, city-level and county-level budgets, a year
CITY_2016_PER_COUNTY_WAN = 600
COUNTY_2016_BASE_WAN = 1_500  # county integrated funds: base + base * poor / mean poor
LOTTERY_WAN = 8_000
INDUSTRY_FUND_WAN = 20_000
RELENDING_QUOTA_WAN = 150_000
FARMLAND_2016_MU = 200_000
PERSONS_PER_RELOCATED_VILLAGE = 50
RANGERS = 30_000
ECON_FOREST_MU = 600_000
FUNCTIONAL_MU_YEAR = 500_000
HERBAL_MU_YEAR = 300_000
TRAINING_SHARE = 1 / 6  # training places: one in six of the end-2016 poor
TRANSPORT_SHARE = 0.25  # of the trainees, cross-province jobs
STUDENT_SHARE = 0.06  # poor students in junior, senior and higher education, of the poor
WATER_CONNECTION_YUAN = 2_000  # cost of a household connection; 004-7 pays 50%
SEABUCKTHORN_YUAN = 500
GRID_WAN, BROADBAND_WAN, UPGRADE_WAN, TOURISM_WAN = 20, 10, 80, 200
PV_KW, PV_YUAN_PER_W, PV_YUAN_PER_KWH, PV_HOURS = 200, 7.0, 0.75, 1_300
FACTOR_WEIGHTS = {"poor_population": 0.5, "poverty_incidence": 0.2, "rural_income": 0.1,
                  "fiscal_capacity": 0.1, "performance": 0.1}

# ------------------------------------------------------------------------------------------
# Counties (PUB-SX-LIST-1; deep: 004-1)
# ------------------------------------------------------------------------------------------
DEEP_NAMES = {"偏关县", "宁武县", "静乐县", "兴县", "临县", "石楼县", "永和县", "大宁县", "天镇县",
              "广灵县"}
SEABUCKTHORN_NAMES = ["偏关县", "宁武县", "静乐县", "兴县", "临县"]
NATIONAL = [  # (code, name, city): the 35 of the 2012 list, then 云州
    ("loufan", "娄烦县", "太原市"),
    ("yanggao", "阳高县", "大同市"), ("tianzhen", "天镇县", "大同市"),
    ("guangling", "广灵县", "大同市"), ("lingqiu", "灵丘县", "大同市"),
    ("hunyuan", "浑源县", "大同市"),
    ("youyu", "右玉县", "朔州市"),
    ("wutai", "五台县", "忻州市"), ("daixian", "代县", "忻州市"), ("fanshi", "繁峙县", "忻州市"),
    ("ningwu", "宁武县", "忻州市"), ("jingle", "静乐县", "忻州市"), ("shenchi", "神池县", "忻州市"),
    ("wuzhai", "五寨县", "忻州市"), ("kelan", "岢岚县", "忻州市"), ("hequ", "河曲县", "忻州市"),
    ("baode", "保德县", "忻州市"), ("pianguan", "偏关县", "忻州市"),
    ("zuoquan", "左权县", "晋中市"), ("heshun", "和顺县", "晋中市"),
    ("pingshun", "平顺县", "长治市"), ("huguan", "壶关县", "长治市"), ("wuxiang", "武乡县", "长治市"),
    ("pinglu", "平陆县", "运城市"),
    ("jixian", "吉县", "临汾市"), ("daning", "大宁县", "临汾市"), ("xixian", "隰县", "临汾市"),
    ("yonghe", "永和县", "临汾市"), ("fenxi", "汾西县", "临汾市"),
    ("xingxian", "兴县", "吕梁市"), ("linxian", "临县", "吕梁市"), ("shilou", "石楼县", "吕梁市"),
    ("lanxian", "岚县", "吕梁市"), ("fangshan", "方山县", "吕梁市"), ("zhongyang", "中阳县", "吕梁市"),
    ("yunzhou", "云州区", "大同市"),
]
PROVINCIAL = [  # (code, name, city, exit year)
    ("yangqu", "阳曲县", "太原市", 2017), ("pinglu_qu", "平鲁区", "朔州市", 2017),
    ("shanyin", "山阴县", "朔州市", 2017), ("liulin", "柳林县", "吕梁市", 2017),
    ("xiyang", "昔阳县", "晋中市", 2017), ("qinyuan", "沁源县", "长治市", 2017),
    ("qinshui", "沁水县", "晋城市", 2017), ("lingchuan", "陵川县", "晋城市", 2017),
    ("xiangning", "乡宁县", "临汾市", 2017), ("anze", "安泽县", "临汾市", 2017),
    ("xiaxian", "夏县", "运城市", 2017), ("wenxi", "闻喜县", "运城市", 2017),
    ("lishi", "离石区", "吕梁市", 2018), ("jiaokou", "交口县", "吕梁市", 2018),
    ("jiaocheng", "交城县", "吕梁市", 2018), ("qinxian", "沁县", "长治市", 2018),
    ("puxian", "蒲县", "临汾市", 2018), ("guxian", "古县", "临汾市", 2018),
    ("fushan", "浮山县", "临汾市", 2018), ("yuanqu", "垣曲县", "运城市", 2018),
    ("wanrong", "万荣县", "运城市", 2018),
]
UNIDENTIFIED = "unidentified_22"


def build_counties() -> list[dict]:
    rows = []
    for code, name, city in NATIONAL:
        note = "深度贫困县 (004 §1)" if name in DEEP_NAMES else ""
        if code == "yunzhou":
            note = "national designation most likely (former 大同县)"
        rows.append(dict(code=code, name=name, city=city, designation="national",
                         deep=name in DEEP_NAMES, identified=True, exit_year=None, note=note))
    for code, name, city, year in PROVINCIAL:
        rows.append(dict(code=code, name=name, city=city, designation="provincial", deep=False,
                         identified=True, exit_year=year, note=""))
    rows.append(dict(code=UNIDENTIFIED, name="未识别的省定贫困县", city="", designation="provincial",
                     deep=False, identified=False, exit_year=None,
                     note="the 22nd provincial poverty county: not identified in the material "
                          "at hand (not guessed); its figures are those of an average "
                          "non-deep county"))
    return rows


def short(name: str) -> str:
    """偏关县 -> 偏关 for project names; two-character names (兴县, 临县) stay whole."""
    return name[:-1] if len(name) > 2 and name[-1] in "县区" else name


# ------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------
def apportion(total: float, weights: dict[str, float], step: float = 1.0) -> dict[str, float]:
    """Split `total` in proportion to `weights` in multiples of `step` (1 person, 0.01 万元)
    by the largest-remainder method, so the parts add up to the total exactly. Ties go to the
    earlier key."""
    keys = list(weights)
    units = round(total / step)
    wsum = sum(weights.values())
    if wsum <= 0:
        raise ValueError("weights that sum to more than 0")
    raw = [units * weights[k] / wsum for k in keys]
    base = [math.floor(r) for r in raw]
    rest = units - sum(base)
    order = sorted(range(len(keys)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return {k: round(b * step, 10) for k, b in zip(keys, base)}


def shares6(parts: list[float]) -> list[float]:
    """Shares of `parts` with six decimals that sum exactly to 1 (largest remainder)."""
    # apportioned last-to-first, so that a tie leaves the odd millionth to the last year
    back = apportion(1e6, {str(i): p for i, p in reversed(list(enumerate(parts)))})
    return [back[str(i)] / 1e6 for i in range(len(parts))]


def span(years: list[int]) -> str:
    """2016-2019 for consecutive years."""
    assert years == list(range(years[0], years[-1] + 1))
    return f"{years[0]}-{years[-1]}"


def budget_totals(budgets, year) -> dict[str, float]:
    """Each source's budget in `year`, all its rows (cities, counties) together."""
    out: dict[str, float] = defaultdict(float)
    for b in budgets:
        if b["year"] == year:
            out[b["source"]] = money(out[b["source"]] + b["amount_wan"])
    return dict(out)


def fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if isinstance(value, list):
        return ";".join(fmt(v) for v in value)
    return str(value)


def write_csv(name: str, columns: list[str], rows: list[dict]) -> None:
    with open(OUT / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([fmt(row.get(c)) for c in columns])


def money(x: float) -> float:
    return round(x + 0.0, 2)


# ------------------------------------------------------------------------------------------
# Indicators
# ------------------------------------------------------------------------------------------
def province_poor() -> dict[int, int]:
    """The province's poor at the end of each year."""
    total_2017 = round(DEEP_POOR_2017 / DEEP_SHARE_2017)  # PUB-SX-CAL-1: about 900,000
    total_2018 = round((total_2017 + POOR_2019) / 2)  # linear between end 2017 and end 2019
    return {2016: POOR_2016, 2017: total_2017, 2018: total_2018, 2019: POOR_2019,
            2020: POOR_2020}


def group_poor() -> dict[int, tuple[int, int]]:
    """(deep, other) poor population of the 58 counties by year: SHARE_58 of the province's,
    of which the deep counties hold their cited end-2017 number and, in other years, the cited
    end-2017 share of the province's poor."""
    out = {}
    for year, total in province_poor().items():
        in_58 = round(SHARE_58 * total)
        deep = DEEP_POOR_2017 if year == 2017 else round(total * DEEP_SHARE_OTHER_YEARS)
        out[year] = (deep, in_58 - deep)
    return out


def income_path() -> dict[int, int]:
    rate = (INCOME_2019 / INCOME_2013) ** (1 / 6)
    return {y: round(INCOME_2013 * rate ** (y - 2013)) for y in YEARS}


def build_indicators(counties):
    """Rural population once, poor population and incidence by year. Deep counties share their
    group total by rural population times an incidence factor. Among the 48 others, a county from
    its exit year on has the incidence of an exiting county (陵川 and 沁水 their cited figures,
    the others EXIT_INCIDENCE), its poor then falling with the province's; the rest of the group
    total is shared by rural population times the incidence factor times EXIT_ORDER_WEIGHT for
    the counties that are to exit in 2017 or 2018."""
    rng = random.Random(SEED)
    draws = {}
    for c in counties:
        w_poor = 1 + rng.uniform(-SPREAD_POOR, SPREAD_POOR)
        w_rural = w_poor * (1 + rng.uniform(-SPREAD_RURAL, SPREAD_RURAL))
        f_income = 1 + rng.uniform(-SPREAD_INCOME, SPREAD_INCOME)
        f_fiscal = 1 + rng.uniform(-SPREAD_FISCAL, SPREAD_FISCAL)
        f_perf = 1 + rng.uniform(-SPREAD_PERF, SPREAD_PERF)
        if c["code"] == UNIDENTIFIED:  # nothing known: the group average
            w_poor = w_rural = f_income = f_fiscal = f_perf = 1.0
        draws[c["code"]] = dict(poor=w_poor, rural=w_rural, income=f_income, fiscal=f_fiscal,
                                perf=f_perf)
    codes = [c["code"] for c in counties]
    for key in ("income", "fiscal", "perf"):  # normalise to mean 1 over the 58 counties
        mean = sum(draws[c][key] for c in codes) / len(codes)
        for c in codes:
            draws[c][key] /= mean
    deep = [c["code"] for c in counties if c["deep"]]
    other = [c["code"] for c in counties if not c["deep"]]
    exit_of = {c["code"]: c["exit_year"] for c in counties if c["exit_year"]}
    rural_cited = {c: rural_population(*CITED_2017[c]) for c in CITED_2017}
    rural_deep, rural_other = rural_totals()
    rural = {**apportion(rural_deep, {c: draws[c]["rural"] for c in deep}),
             **apportion(rural_other - sum(rural_cited.values()),
                         {c: draws[c]["rural"] for c in other if c not in rural_cited}),
             **rural_cited}
    province = province_poor()
    at_exit = {c: CITED_2017[c][0] if c in CITED_2017 else round(EXIT_INCIDENCE * rural[c])
               for c in exit_of}
    poor_groups = group_poor()
    income = income_path()
    poor = {}
    for year in YEARS:
        d, o = poor_groups[year]
        exited = {}
        for c, first in exit_of.items():
            if year >= first:
                exited[c] = at_exit[c] if year == first else round(
                    at_exit[c] * province[year] / province[first])
        rest = {c: rural[c] * draws[c]["poor"] * EXIT_ORDER_WEIGHT.get(exit_of.get(c), 1.0)
                for c in other if c not in exited}
        split = {**apportion(d, {c: rural[c] * draws[c]["poor"] for c in deep}),
                 **apportion(o - sum(exited.values()), rest), **exited}
        for c in codes:
            poor[(c, year)] = int(split[c])
    rows = []
    for c in codes:
        for year in YEARS:
            p, r = poor[(c, year)], int(rural[c])
            incidence = CITED_2017[c][1] if (c in CITED_2017 and year == 2017) else p / r
            rows.append(dict(
                county_code=c, year=year, poor_population=p,
                poverty_incidence=round(incidence, 6), rural_population=r,
                rural_income_yuan=round(income[year] * draws[c]["income"]),
                fiscal_revenue_per_head_yuan=round(
                    FISCAL_2016_YUAN * (1 + FISCAL_GROWTH) ** (year - 2016) * draws[c]["fiscal"]),
                performance_score=round(min(1.0, PERFORMANCE * draws[c]["perf"]), 3),
            ))
    return rows, draws


def rural_totals() -> tuple[int, int]:
    """Rural population of the 10 deep counties (PUB-SX-CAL-1: 262,000 / 15.4%) and of the 48
    others (assumed the same average per county)."""
    rural_deep = round(DEEP_POOR_2017 / DEEP_INCIDENCE_2017)
    return rural_deep, round(rural_deep / 10 * 48)


def factor_shares(indicators, year, codes) -> dict[str, float]:
    """The factor method as optimiser/factor.py states it: share = sum_f w_f v_fc / sum_c v_fc,
    with reciprocals for rural income and fiscal capacity."""
    rows = {r["county_code"]: r for r in indicators if r["year"] == year}
    columns = {"poor_population": ("poor_population", False),
               "poverty_incidence": ("poverty_incidence", False),
               "rural_income": ("rural_income_yuan", True),
               "fiscal_capacity": ("fiscal_revenue_per_head_yuan", True),
               "performance": ("performance_score", False)}
    score = dict.fromkeys(codes, 0.0)
    for factor, weight in FACTOR_WEIGHTS.items():
        column, inverse = columns[factor]
        values = {c: (1 / rows[c][column] if inverse else rows[c][column]) for c in codes}
        total = sum(values.values())
        for c in codes:
            score[c] += weight * values[c] / total
    return score


# ------------------------------------------------------------------------------------------
# Sources and budgets
# ------------------------------------------------------------------------------------------
SOURCES = [
    # code, name, name_en, level, kind, earmark, block, note
    ("central_special", "中央财政专项扶贫资金", "Central special poverty funds", "central", "grant",
     True, False, "counts toward the 30% deep-county earmark (004 §8)"),
    ("provincial_special", "省级财政专项扶贫资金", "Provincial special poverty funds", "provincial",
     "grant", True, False, "counts toward the 30% deep-county earmark (004 §8)"),
    ("forestry_block", "省林业部门切块资金", "Forestry department block allocation", "provincial",
     "grant", False, True, "block allocation: deep counties' growth floor (004 §8)"),
    ("housing_block", "省住建部门危房改造切块资金", "Housing department block allocation "
     "(dangerous houses)", "provincial", "grant", False, True,
     "block allocation: deep counties' growth floor (004 §8)"),
    ("infrastructure_block", "省水利电力通信等部门切块资金", "Water, power and telecom "
     "departments' block allocations", "provincial", "grant", False, True,
     "block allocation: deep counties' growth floor (004 §8)"),
    ("city_special", "市本级财政专项扶贫资金", "City-level special poverty funds", "city", "grant",
     False, False, "one budget row per city; deep counties first (004 §8)"),
    ("county_integrated", "县级统筹整合涉农资金", "County integrated agricultural funds", "county",
     "grant", False, False, "one budget row per county; the special funds are not counted in it"),
    ("lottery", "中央彩票公益金", "Central lottery public-welfare funds", "central", "grant", False,
     False, "a separate fund, not a special poverty fund: only the village upgrade programme "
     "(004 §7)"),
    ("revolving", "省扶贫周转金", "Provincial poverty revolving fund", "provincial", "revolving",
     False, False, "lent for 1-3 years, 20% to the deep counties (004 §8, PUB-SX-REV-1)"),
    ("bank_credit", "银行配套信贷", "Bank credit matched to the revolving fund", "bank", "credit",
     False, False, "at least 2:1 on the fund plus the county match (PUB-SX-REV-1)"),
    ("relending", "扶贫再贷款", "Poverty relending", "bank", "relending", False, False,
     "at least 10亿元 a year to the deep counties (004 §8)"),
    ("industry_fund", "农业(扶贫)产业发展基金", "Agricultural (poverty) industry development fund",
     "provincial", "fund", False, False, "deep counties first (004 §8)"),
]


def special_budgets() -> dict[int, tuple[float, float]]:
    """(central, provincial) by year."""
    total_2018 = money(SPECIAL_DEEP_2018_WAN / SPECIAL_DEEP_SHARE_2018)
    out = {}
    for year in YEARS:
        total = money(total_2018 * (1 + SPECIAL_GROWTH) ** (year - 2018))
        central = money(total * CENTRAL_SHARE)
        out[year] = (central, money(total - central))
    return out


def build_budgets(counties, poor_2016):
    rows = []
    for year, (central, provincial) in special_budgets().items():
        rows.append(dict(source="central_special", year=year, amount_wan=central))
        rows.append(dict(source="provincial_special", year=year, amount_wan=provincial))
    for source, base in BLOCK_2016_WAN.items():
        for year in YEARS:
            rows.append(dict(source=source, year=year,
                             amount_wan=money(base * (1 + LOCAL_GROWTH) ** (year - 2016))))
    cities = defaultdict(int)
    for c in counties:
        if c["identified"]:
            cities[c["city"]] += 1
    for city in sorted(cities, key=lambda name: [c["city"] for c in counties].index(name)):
        for year in YEARS:
            rows.append(dict(source="city_special", year=year, city=city, amount_wan=money(
                CITY_2016_PER_COUNTY_WAN * cities[city] * (1 + LOCAL_GROWTH) ** (year - 2016))))
    mean_poor = sum(poor_2016.values()) / len(poor_2016)
    for c in counties:
        base = COUNTY_2016_BASE_WAN * (1 + poor_2016[c["code"]] / mean_poor)
        for year in YEARS:
            rows.append(dict(source="county_integrated", year=year, county_code=c["code"],
                             amount_wan=money(base * (1 + LOCAL_GROWTH) ** (year - 2016))))
    for year in YEARS:
        rows.append(dict(source="lottery", year=year, amount_wan=float(LOTTERY_WAN)))
    for year in PLAN_YEARS:
        rows.append(dict(source="revolving", year=year, amount_wan=float(REVOLVING_WAN.get(year, 0))))
    for year, amount in bank_budgets().items():
        rows.append(dict(source="bank_credit", year=year, amount_wan=amount))
    for year in PLAN_YEARS:
        rows.append(dict(source="relending", year=year, amount_wan=float(RELENDING_QUOTA_WAN)))
        rows.append(dict(source="industry_fund", year=year, amount_wan=float(INDUSTRY_FUND_WAN)))
    return rows


def max_revolving_lending() -> dict[int, float]:
    """The most the fund can lend in a year: all capital put in so far, when every earlier loan
    had the shortest term (1 year) and came back."""
    out, capital = {}, 0.0
    for year in PLAN_YEARS:
        capital += REVOLVING_WAN.get(year, 0)
        out[year] = capital
    return out


def bank_budgets() -> dict[int, float]:
    return {y: float(BANK_LEVERAGE * (1 + COUNTY_MATCH) * v)
            for y, v in max_revolving_lending().items()}


# ------------------------------------------------------------------------------------------
# Categories
# ------------------------------------------------------------------------------------------
GRANTS = ["central_special", "provincial_special", "city_special", "county_integrated"]
FARMLAND_PROFILE_YUAN = [a + (SEEDLING_YUAN[i] if i < len(SEEDLING_YUAN) else 0)
                         for i, a in enumerate(FARMLAND_YUAN)]  # 900/350/500/150/400
PV_COST_WAN = round(PV_KW * 1000 * PV_YUAN_PER_W / 10_000 / 10) * 10
POOR_PER_VILLAGE = POOR_2016 / VILLAGES
PV_PERSONS = PV_HOUSEHOLDS / (PV_STATIONS_2020 + PV_CENTRAL_2020) * PERSONS_PER_HOUSEHOLD
HH = PERSONS_PER_HOUSEHOLD


def build_categories() -> list[dict]:
    c = []

    def add(code, name, name_en, unit, cost, profile, benefit, sources, note=""):
        c.append(dict(code=code, name=name, name_en=name_en, unit=unit,
                      unit_cost_wan=round(cost, 6), payment_profile=profile,
                      benefit_per_unit=round(benefit, 4), sources=sources, note=note))

    add("farmland_return", "退耕还林", "Returning slope farmland to forest", "mu",
        sum(FARMLAND_PROFILE_YUAN) / 10_000, shares6(FARMLAND_PROFILE_YUAN), HH / 25,
        ["forestry_block", "provincial_special", "county_integrated"],
        "1,500 元/亩 + 800 元/亩 seedlings (004 §2), paid 900/350/500/150/400 元 "
        "(PUB-SX-FARMLAND-1)")
    add("afforestation", "荒山绿化新增造林", "New afforestation", "mu", 0.08, [1.0], HH / 100,
        ["forestry_block", "county_integrated"], "800 元/亩 (004 §2)")
    add("forest_ranger", "森林管护岗位", "Forest rangers hired from poor labour", "person", 0.6,
        [1.0], HH, ["forestry_block", "provincial_special", "county_integrated"],
        "6,000 元/person/year (004 §2); the need is annual")
    add("econ_forest", "经济林提质增效", "Economic forest upgrade", "mu", 0.06,
        shares6([1, 1, 1]), HH / 10,
        ["forestry_block", "central_special", "provincial_special", "county_integrated"],
        "200 元/亩/year for 3 years (004 §2)")
    add("seabuckthorn", "天然沙棘林改造", "Sea-buckthorn renovation", "mu",
        SEABUCKTHORN_YUAN / 10_000, [1.0], HH / 50, ["forestry_block", "county_integrated"],
        "unit cost an estimate: no standard in the documents")
    add("idle_econ_forest", "闲置地发展经济林", "Economic forest on idle land", "mu", 0.08, [1.0],
        HH / 10, ["forestry_block", "central_special", "provincial_special", "county_integrated"],
        "unit cost an estimate: taken at the 800 元/亩 afforestation standard")
    add("relocation", "易地扶贫搬迁奖补", "Relocation rewards", "person",
        RELOCATION_YUAN / 10_000, shares6(RELOCATION_PAID_YUAN), 1.0,
        ["housing_block"] + GRANTS,
        "1.5 万元/person housing reward (004 §3), paid as 1 万 for demolition on time and 5,000 "
        "more for reclaiming the homestead; the reclamation assumed paid the year after")
    add("housing", "农村危房改造", "Dangerous-house renovation", "household", 1.4, [1.0], HH,
        ["housing_block"] + GRANTS, "1.4 万元/household (004 §3)")
    add("pv_village", "光伏扶贫村级电站", "Village PV poverty station", "station", PV_COST_WAN,
        [1.0], PV_PERSONS, GRANTS, "unit cost an estimate")
    add("functional_agri", "功能农业种植补贴", "Functional agriculture subsidy", "mu", 0.005, [1.0],
        HH / 5, GRANTS, "+50 元/亩 (004 §4); the need is annual")
    add("herbal", "中药材种植补贴", "Chinese herbal medicine subsidy", "mu", 0.02, [1.0], HH / 5,
        GRANTS, "200 元/亩 (004 §4); the need is annual")
    add("training", "贫困劳动力精准培训", "Training of poor labour", "person", 0.3, [1.0], 1.0,
        GRANTS, "3,000 元/person (004 §5)")
    add("transport_subsidy", "跨省就业交通补贴", "Transport subsidy for cross-province jobs",
        "person", 0.08, [1.0], 1.0, GRANTS, "up to 800 元/person once (004 §5)")
    add("education", "教育扶贫个人资金账户", "Education accounts for poor students",
        "student-year", 0.2, [1.0], 1.0, GRANTS,
        "mid-point of 1,000-3,000 元/student/year (004 §5); the need is annual")
    add("drinking_water", "安全饮水入户工程补助", "Drinking-water household connections",
        "household", WATER_CONNECTION_YUAN * 0.5 / 10_000, [1.0], HH,
        ["infrastructure_block", "central_special", "provincial_special", "county_integrated"],
        "50% of an estimated 2,000 元 connection (004 §7)")
    add("grid", "贫困村电网升级改造", "Village grid upgrade", "village", GRID_WAN, [1.0],
        POOR_PER_VILLAGE, ["infrastructure_block", "county_integrated"],
        "all poverty villages by end 2018 (004 §7); unit cost an estimate")
    add("broadband", "贫困村光纤宽带", "Village fibre broadband", "village", BROADBAND_WAN, [1.0],
        POOR_PER_VILLAGE, ["infrastructure_block", "county_integrated"],
        "all poverty villages by end 2019 (004 §7); unit cost an estimate")
    add("village_upgrade", "贫困村提升工程", "Poverty-village upgrade programme", "village",
        UPGRADE_WAN, [1.0], POOR_PER_VILLAGE,
        ["lottery", "infrastructure_block"] + GRANTS,
        "water, power, roads, networks, clinics and culture rooms (004 §7); unit cost an estimate")
    add("rural_tourism", "乡村旅游扶贫示范村", "Rural-tourism demonstration village", "village",
        TOURISM_WAN, [1.0], TOURISM_POOR / TOURISM_VILLAGES, GRANTS,
        "004 §4; unit cost an estimate")
    add("industry_credit", "产业扶贫与小额信贷", "Loans to poverty industry and households", "wan",
        1.0, [1.0], HH / MICROCREDIT_WAN,
        ["revolving", "bank_credit", "relending", "industry_fund", "county_integrated"],
        "1 万元 of loans; the need is annual")
    return c


# ------------------------------------------------------------------------------------------
# Needs
# ------------------------------------------------------------------------------------------
def in_58(total: float) -> int:
    """The 58 counties' part of a province-wide total (SHARE_58, an estimate), whole units."""
    return round(SHARE_58 * total)


def build_needs(counties, poor_2016):
    codes = [c["code"] for c in counties]
    deep = [c["code"] for c in counties if c["deep"]]
    by_name = {c["name"]: c["code"] for c in counties}
    key = {c: poor_2016[c] for c in codes}  # the split key: end-2016 poor population

    def split(total, among=None, step=1.0):
        among = among or codes
        return apportion(total, {c: key[c] for c in among}, step)

    poor_58 = sum(poor_2016.values())  # the 58 counties' end-2016 poor (SHARE_58 of 004-0's)
    villages = split(in_58(VILLAGES))
    needs: dict[tuple[str, str], dict] = {}

    def put(parts, category, basis="total", deadline=None, only=None, note=""):
        for c, units in parts.items():
            if units <= 0 or (only is not None and c not in only):
                continue
            needs[(c, category)] = dict(county_code=c, category=category, units=units,
                                        basis=basis, deadline=deadline, note=note)

    remaining = POOR_2016 / REGISTERED_POOR  # share of the campaign's work left at end 2016
    # province-wide totals: the 58 counties' part (SHARE_58), except where the clause places
    # the work in named counties (farmland: the 10 deep counties; sea-buckthorn: five of them)
    put(split(FARMLAND_MU, deep), "farmland_return")
    put(split(in_58(AFFOREST_MU_YEAR)), "afforestation", "annual")
    put(split(RANGERS), "forest_ranger", "annual")
    put(split(ECON_FOREST_MU), "econ_forest")
    put(split(SEABUCKTHORN_MU, [by_name[n] for n in SEABUCKTHORN_NAMES]), "seabuckthorn")
    put(split(in_58(IDLE_FOREST_MU)), "idle_econ_forest")
    put(split(in_58(RELOCATION_VILLAGES * PERSONS_PER_RELOCATED_VILLAGE)), "relocation")
    housing = split(in_58(HOUSES_RENOVATED * remaining))
    put({c: v for c, v in housing.items() if c in deep}, "housing", deadline=2017,
        note="all done in 2017 in the 10 deep counties (004 §3)")
    put({c: v for c, v in housing.items() if c not in deep}, "housing")
    pv = apportion(in_58(PV_STATIONS), villages)
    put(pv, "pv_village")
    put(split(FUNCTIONAL_MU_YEAR), "functional_agri", "annual")
    put(split(HERBAL_MU_YEAR), "herbal", "annual")
    training = split(round(poor_58 * TRAINING_SHARE))
    put(training, "training")
    put(split(round(poor_58 * TRAINING_SHARE * TRANSPORT_SHARE)), "transport_subsidy")
    put(split(round(poor_58 * STUDENT_SHARE)), "education", "annual")
    put(split(in_58(WATER_POOR * remaining / HH)), "drinking_water")
    put(villages, "grid", deadline=2018, note="all poverty villages by end 2018 (004 §7)")
    put(villages, "broadband", deadline=2019, note="all poverty villages by end 2019 (004 §7)")
    put(villages, "village_upgrade")
    put(split(in_58(TOURISM_VILLAGES)), "rural_tourism")
    credit = {c: poor_2016[c] / HH * MICROCREDIT_WAN / MICROCREDIT_YEARS for c in codes}
    put({c: money(v) for c, v in credit.items()}, "industry_credit", "annual")
    order = {k["code"]: i for i, k in enumerate(build_categories())}
    rows = sorted(needs.values(), key=lambda r: (codes.index(r["county_code"]),
                                                 order[r["category"]]))
    return rows, villages


# ------------------------------------------------------------------------------------------
# History (2016 actuals) and commitments
# ------------------------------------------------------------------------------------------
MIX_2016 = {  # estimated category mix of each source's 2016 money
    "central_special": {"relocation": 0.20, "housing": 0.10, "pv_village": 0.20,
                        "training": 0.08, "education": 0.07, "econ_forest": 0.05,
                        "functional_agri": 0.02, "herbal": 0.03, "drinking_water": 0.05,
                        "village_upgrade": 0.15, "rural_tourism": 0.05},
    "provincial_special": {"relocation": 0.20, "housing": 0.10, "pv_village": 0.20,
                           "training": 0.08, "education": 0.07, "econ_forest": 0.05,
                           "functional_agri": 0.02, "herbal": 0.03, "drinking_water": 0.05,
                           "village_upgrade": 0.15, "rural_tourism": 0.05},
    "forestry_block": {"afforestation": 0.50, "forest_ranger": 0.25, "econ_forest": 0.15,
                       "idle_econ_forest": 0.10},  # after the farmland instalment, see below
    "housing_block": {"housing": 1.0},
    "infrastructure_block": {"drinking_water": 0.40, "grid": 0.30, "broadband": 0.10,
                             "village_upgrade": 0.20},
    "city_special": {"training": 0.30, "education": 0.30, "housing": 0.20,
                     "village_upgrade": 0.20},
    "county_integrated": {"village_upgrade": 0.30, "housing": 0.20, "drinking_water": 0.10,
                          "industry_credit": 0.20, "econ_forest": 0.10, "afforestation": 0.10},
    "lottery": {"village_upgrade": 1.0},
    "revolving": {"industry_credit": 1.0},
    "bank_credit": {"industry_credit": 1.0},
    "relending": {"industry_credit": 1.0},
    "industry_fund": {"industry_credit": 1.0},
}


def farmland_2016(shares) -> dict[str, int]:
    return {c: int(v) for c, v in apportion(FARMLAND_2016_MU, shares).items()}


def build_history(counties, budgets, shares):
    codes = [c["code"] for c in counties]
    city_of = {c["code"]: c["city"] for c in counties}
    rows = []
    area = farmland_2016(shares)

    def emit(year, county, source, amount):
        if amount <= 0:
            return
        mix = MIX_2016[source]
        parts = apportion(amount, mix, 0.01)
        for category, value in parts.items():
            if value > 0:
                rows.append(dict(year=year, county_code=county, source=source,
                                 category=category, amount_wan=money(value)))

    for b in budgets:
        year = b["year"]
        if year not in ACTUAL_YEARS:
            continue
        source, amount = b["source"], b["amount_wan"]
        if b.get("county_code"):
            emit(year, b["county_code"], source, amount)
            continue
        if b.get("city"):
            members = [c for c in codes if city_of[c] == b["city"]]
            split = apportion(amount, {c: shares[c] for c in members}, 0.01)
        else:
            split = apportion(amount, shares, 0.01)
        for county, value in split.items():
            if source == "forestry_block":  # the farmland instalment due that year comes first
                instalment = money(area[county] * FARMLAND_PROFILE_YUAN[year - 2016] / 10_000)
                rows.append(dict(year=year, county_code=county, source=source,
                                 category="farmland_return", amount_wan=instalment))
                value = money(value - instalment)
            emit(year, county, source, value)
    order = {s[0]: i for i, s in enumerate(SOURCES)}
    rows.sort(key=lambda r: (r["year"], codes.index(r["county_code"]), order[r["source"]]))
    return rows, area


def build_commitments(counties, area):
    rows = []
    for c in counties:
        for offset, yuan in enumerate(FARMLAND_PROFILE_YUAN[1:], start=1):
            amount = area[c["code"]] * yuan / 10_000
            if amount > 0:
                rows.append(dict(year=2016 + offset, county_code=c["code"],
                                 source="forestry_block", category="farmland_return",
                                 amount_wan=round(amount, 4), started=2016))
    return rows


# ------------------------------------------------------------------------------------------
# Projects (illustrative candidates)
# ------------------------------------------------------------------------------------------
# (county, category, units, what, earliest, latest, profile, prerequisites, divisible, min_fr)
P2 = [0.5, 0.5]
P46 = [0.4, 0.6]
P343 = [0.3, 0.4, 0.3]
P3 = [1 / 3, 1 / 3, 1 / 3]
PROJECTS = [
    ("pianguan", "pv_village", 12, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("pianguan", "seabuckthorn", 20000, "天然沙棘林改造 {u}亩", 2017, 2019, P2, [], True, 0.5),
    ("ningwu", "drinking_water", 800, "东寨镇安置区供水入户 {u}户", 2017, 2018, P2, [], False,
     None),
    ("ningwu", "relocation", 1200, "东寨镇特色小城镇整村搬迁安置 {u}人", 2017, 2019, P343, [3],
     False, None),
    ("ningwu", "pv_village", 10, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("jingle", "seabuckthorn", 15000, "天然沙棘林改造 {u}亩", 2017, 2019, P2, [], True, 0.5),
    ("jingle", "grid", 40, "贫困村电网升级改造 {u}村", 2017, 2018, P46, [], False, None),
    ("jingle", "pv_village", 8, "光伏村级电站 {u}座(并网)", 2017, 2019, P2, [7], False, None),
    ("xingxian", "village_upgrade", 30, "贫困村提升工程 {u}村", 2017, 2020, P46, [], False, None),
    ("xingxian", "seabuckthorn", 25000, "天然沙棘林改造 {u}亩", 2017, 2019, P2, [], True, 0.5),
    ("xingxian", "pv_village", 15, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("linxian", "village_upgrade", 5, "碛口镇贫困村提升工程(旅游道路) {u}村", 2017, 2019, P46, [],
     False, None),
    ("linxian", "rural_tourism", 3, "碛口古镇乡村旅游扶贫示范村 {u}个", 2018, 2020, P46, [12],
     False, None),
    ("linxian", "seabuckthorn", 20000, "天然沙棘林改造 {u}亩", 2017, 2019, P2, [], True, 0.5),
    ("linxian", "pv_village", 20, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("shilou", "relocation", 800, "整村搬迁安置 {u}人", 2017, 2019, P343, [], False, None),
    ("shilou", "broadband", 60, "贫困村光纤宽带 {u}村", 2017, 2019, P46, [], False, None),
    ("yonghe", "econ_forest", 10000, "经济林提质增效 {u}亩", 2017, 2018, P3, [], True, 0.5),
    ("yonghe", "village_upgrade", 4, "黄河沿岸贫困村提升工程(旅游道路) {u}村", 2017, 2019, P46,
     [], False, None),
    ("yonghe", "rural_tourism", 2, "黄河沿岸乡村旅游扶贫示范村 {u}个", 2018, 2020, P46, [19],
     False, None),
    ("daning", "pv_village", 6, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("daning", "housing", 1500, "危房改造 {u}户", 2017, 2017, P2, [], True, 0.5),
    ("tianzhen", "drinking_water", 600, "新平堡镇安置区供水入户 {u}户", 2017, 2018, P2, [], False,
     None),
    ("tianzhen", "relocation", 1000, "新平堡镇特色小城镇整村搬迁安置 {u}人", 2017, 2019, P343,
     [23], False, None),
    ("tianzhen", "training", 2000, "“天镇保姆”家政技能培训 {u}人", 2017, 2020, P2, [], True, 0.5),
    ("guangling", "pv_village", 8, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("guangling", "idle_econ_forest", 8000, "闲置地经济林 {u}亩", 2017, 2020, P2, [], True, 0.5),
    ("lanxian", "pv_village", 10, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("fangshan", "rural_tourism", 2, "乡村旅游扶贫示范村 {u}个", 2017, 2020, P46, [], False, None),
    ("zhongyang", "village_upgrade", 20, "贫困村提升工程 {u}村", 2017, 2020, P46, [], False, None),
    ("loufan", "pv_village", 8, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("yanggao", "grid", 50, "贫困村电网升级改造 {u}村", 2017, 2018, P46, [], False, None),
    ("lingqiu", "village_upgrade", 3, "贫困村提升工程(旅游道路) {u}村", 2017, 2019, P46, [], False,
     None),
    ("lingqiu", "rural_tourism", 2, "乡村旅游扶贫示范村 {u}个", 2018, 2020, P46, [33], False,
     None),
    ("hunyuan", "pv_village", 10, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("yunzhou", "relocation", 600, "整村搬迁安置 {u}人", 2017, 2019, P343, [], False, None),
    ("youyu", "idle_econ_forest", 5000, "闲置地经济林 {u}亩", 2017, 2020, P2, [], True, 0.5),
    ("wutai", "pv_village", 8, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("daixian", "broadband", 50, "贫困村光纤宽带 {u}村", 2017, 2019, P46, [], False, None),
    ("fanshi", "housing", 1000, "危房改造 {u}户", 2017, 2019, P2, [], True, 0.5),
    ("shenchi", "pv_village", 6, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("wuzhai", "relocation", 500, "整村搬迁安置 {u}人", 2017, 2019, P343, [], False, None),
    ("kelan", "relocation", 700, "整村搬迁安置 {u}人", 2017, 2019, P343, [], False, None),
    ("hequ", "pv_village", 6, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("baode", "econ_forest", 5000, "经济林提质增效 {u}亩", 2017, 2018, P3, [], True, 0.5),
    ("zuoquan", "village_upgrade", 15, "贫困村提升工程 {u}村", 2017, 2020, P46, [], False, None),
    ("heshun", "rural_tourism", 1, "乡村旅游扶贫示范村 {u}个", 2017, 2020, P46, [], False, None),
    ("pingshun", "pv_village", 8, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("huguan", "village_upgrade", 3, "贫困村提升工程(旅游道路) {u}村", 2017, 2019, P46, [], False,
     None),
    ("huguan", "rural_tourism", 2, "乡村旅游扶贫示范村 {u}个", 2018, 2020, P46, [49], False, None),
    ("wuxiang", "pv_village", 7, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("pinglu", "drinking_water", 2000, "贫困户安全饮水入户 {u}户", 2017, 2020, P2, [], True, 0.5),
    ("jixian", "econ_forest", 5000, "苹果经济林提质增效 {u}亩", 2017, 2018, P3, [], True, 0.5),
    ("xixian", "econ_forest", 6000, "经济林提质增效 {u}亩", 2017, 2018, P3, [], True, 0.5),
    ("fenxi", "relocation", 400, "整村搬迁安置 {u}人", 2017, 2019, P343, [], False, None),
    ("yangqu", "broadband", 30, "贫困村光纤宽带 {u}村", 2017, 2019, P46, [], False, None),
    ("shanyin", "pv_village", 5, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("liulin", "training", 1500, "贫困劳动力技能培训 {u}人", 2017, 2020, P2, [], True, 0.5),
    ("qinshui", "village_upgrade", 10, "贫困村提升工程 {u}村", 2017, 2020, P46, [], False, None),
    ("xiaxian", "housing", 800, "危房改造 {u}户", 2017, 2019, P2, [], True, 0.5),
    ("puxian", "pv_village", 5, "光伏村级电站 {u}座", 2017, 2019, P2, [], False, None),
    ("wanrong", "grid", 30, "贫困村电网升级改造 {u}村", 2017, 2018, P46, [], False, None),
    ("lishi", "relocation", 300, "整村搬迁安置 {u}人", 2017, 2019, P343, [], False, None),
]
ILLUSTRATIVE_PREFIX = "示例："  # every candidate project is illustrative (synthetic), not a real one
PROJECT_COST_SPREAD = (0.90, 1.15)  # site factor on the unit standard, illustrative
PROJECT_BENEFIT_SPREAD = (0.90, 1.10)


def build_projects(counties, categories):
    rng = random.Random(SEED + 1)
    name_of = {c["code"]: c["name"] for c in counties}
    cat = {k["code"]: k for k in categories}
    rows = []
    for i, (county, category, units, what, first, last, profile, prereq, divisible,
            min_fraction) in enumerate(PROJECTS, start=1):
        k = cat[category]
        cost = units * k["unit_cost_wan"] * rng.uniform(*PROJECT_COST_SPREAD)
        total = money(cost)  # cents rounded down in each year, the remainder in the last
        cash = [math.floor(total * p * 100 + 1e-9) / 100 for p in profile[:-1]]
        cash.append(money(total - sum(cash)))
        benefit = round(units * k["benefit_per_unit"] * rng.uniform(*PROJECT_BENEFIT_SPREAD))
        rows.append(dict(
            id=f"SX-P{i:03d}",
            name=f"{ILLUSTRATIVE_PREFIX}{short(name_of[county])} {what.format(u=units)}",
            county_code=county, category=category, cost_profile_wan=[money(v) for v in cash],
            units=units, beneficiaries=benefit, earliest_start=first, latest_start=last,
            prerequisites=[f"SX-P{j:03d}" for j in prereq], divisible=divisible,
            min_fraction=min_fraction, illustrative=True))
    return rows


# ------------------------------------------------------------------------------------------
# policy.yaml and provenance.yaml
# ------------------------------------------------------------------------------------------
POLICY = f"""\
# Written by {SCRIPT}: edit the script and run it again, not this file.
# Rule ids and parameter names: `allocate rules`. Each rule's value is cited in the comment:
# a clause id of a source at hand, or "public report PUB-..." (not at hand: unverified).
# Not synthetic (the counties, rules and province totals are real), but it rests on estimates:
# every county figure but 陵川's and 沁水's end-2017 poor and incidence, and every budget, need
# and past allocation, is an estimate; the candidate projects are illustrative (示例).
# provenance.yaml gives each figure's level (`dataset: rests_on_estimates: true`).
dataset:
  name: shanxi
  title: 山西省58个贫困县 专项扶贫资金分配（估算数据）
  synthetic: false
  lang: zh                # the language of every output (allocate --lang en for English)
years:
  actuals: [2016, 2017]   # history.csv: estimates (not actual records), see provenance.yaml
  plan: [2017, 2018, 2019, 2020]
objective:
  mode: impact
factor_method:
  # ESTIMATES. The central fund's measures (CZN-2017-8-7, art. 7) name the factors (poverty
  # status: poor population and incidence, rural income, fiscal capacity; results: assessment
  # and fund performance) but the weights are set each year and not published. These weights
  # are this dataset's assumption; history.csv splits the estimated 2016 and 2017 budgets with
  # them.
  weights: {{poor_population: {FACTOR_WEIGHTS['poor_population']}, \
poverty_incidence: {FACTOR_WEIGHTS['poverty_incidence']}, \
rural_income: {FACTOR_WEIGHTS['rural_income']}, \
fiscal_capacity: {FACTOR_WEIGHTS['fiscal_capacity']}, \
performance: {FACTOR_WEIGHTS['performance']}}}
rules:
  R-BUDGET: {{status: hard}}            # accounting identity (budgets.csv)
  R-ELIGIBILITY: {{status: hard}}       # categories.csv `sources`
  R-NEED: {{status: hard}}              # needs.csv at the unit standards of 004 §2-§7
  R-PAYMENT: {{status: hard}}           # payment profiles (farmland: public report PUB-SX-FARMLAND-1), commitments.csv
  R-PROJECT: {{status: hard}}           # projects.csv
  R-EARMARK: {{status: hard, share: 0.30}}                       # 004-8: 每年安排30%
  R-GROWTH: {{status: hard, margin: 0.05, per_source: true}}     # 004-8: 高于全省平均增幅5个百分点
  R-REVOLVING:                          # 004-8: 20%切块安排到10个深度贫困县; the rest public report PUB-SX-REV-1
    status: hard
    deep_share: 0.2
    county_match_ratio: 1.0             # public report PUB-SX-REV-1 (unverified): matched 1:1 by counties' integrated funds
    bank_leverage: 2.0                  # public report PUB-SX-REV-1 (unverified): banks at least 2:1 on top
    term_years_min: 1                   # public report PUB-SX-REV-1 (unverified): terms 1-3 years
    term_years_max: 3
    poverty_counties_only: true         # public report PUB-SX-REV-1 (unverified): only the 58 poverty counties
  R-RELENDING: {{status: hard, min_deep_wan: 100000, max_rollovers: 4}}  # 004-8: 不低于10亿元; max_rollovers: public report PUB-MICROCREDIT-1
  R-INDUSTRY-FUND: {{status: hard, method: lexicographic, include_city_level: true}}  # 004-8: 优先向10个深度贫困县投放; 市本级优先支持
  R-LOTTERY: {{status: hard, method: lexicographic, categories: [village_upgrade]}}  # 004-7: 集中用于贫困村提升工程, 优先安排10个深度贫困县
  # 004-2: 五大项目, 新增指标项目资金优先安排、重点倾斜. The programmes' own money is the forestry
  # department's block allocation: with every source that pays forestry (sources null), the
  # deep counties' most would be all the provincial special fund put into their forestry in 2018
  R-FOREST-QUOTA: {{status: hard, method: lexicographic, sources: [forestry_block]}}
  R-LABOUR-SUBSIDY: {{status: hard, reading: guarantee}}     # 004-5: 相关补助补贴优先保障10个深度贫困县需求
  R-EDUCATION-FIRST: {{status: hard, method: lexicographic}}  # 004-5: 设立教育扶贫个人资金账户, 优先支持10个深度贫困县
  # Hebei's rules (003), applied here borrowed; 001-1.4's 双增长 describes Jincheng's 2017 and is
  # not a rule, so it is not asked of Shanxi's cities
  R-INCREASE: {{status: hard, scope: total, min_growth: 0.0, borrowed: "003-p4"}}  # 003-p4 逐年增加
  R-PREPAY: {{status: hard, max_share: 0.5, borrowed: "003-p26"}}  # 003-p26 advances up to 50%
  R-RELIEF-FUND: {{status: "off"}}                 # 003-p23: Hebei's rule, not Shanxi's
  R-DEADLINE: {{status: hard, delay_years: 0}}   # 004-3 (housing 2017: the deep counties' 全部完成), 004-7 (grid 2018, broadband 2019)
  # Targets that state no year: by 2020, the end of the four years of 004-0 (今后4年), assumed;
  # a run ending before 2020 starts its even share of what remains (pace even)
  R-FARMLAND-TARGET: {{status: hard, year: 2020, pace: even}}  # 004-2: 120万亩25度以上坡耕地全部退耕还林, 提前启动实施
  R-PV-COVERAGE: {{status: hard, year: 2020, pace: even}}      # 004-4: 尽快在10个深度贫困县实现贫困村光伏扶贫全覆盖
  R-COUNTY-FLOOR: {{status: "off"}}                # 001-2.0: Jincheng's, not set for Shanxi
"""


def e(level, clauses=None, method=None, rows=None):
    """One provenance entry (common.e): `rows` maps columns to a value or a list of values."""
    return common_e(level, clauses, method, rows)


def provenance(ctx) -> dict:
    spread = (f"The spread between counties is illustrative: county weights drawn from "
              f"random.Random({SEED}) in the order of counties.csv, five draws per county "
              f"(incidence factor 1+U(-{SPREAD_POOR},{SPREAD_POOR}); rural weight = incidence "
              f"factor * (1+U(-{SPREAD_RURAL},{SPREAD_RURAL})); income factor 1+U(-{SPREAD_INCOME},"
              f"{SPREAD_INCOME}); fiscal factor 1+U(-{SPREAD_FISCAL},{SPREAD_FISCAL}); "
              f"performance factor 1+U(-{SPREAD_PERF},{SPREAD_PERF})); the last three factors "
              f"are normalised to mean 1 over the 58 counties; {UNIDENTIFIED} takes 1 for all "
              f"(nothing is known of it). Parts are rounded by largest remainder so group "
              f"totals hold exactly. See {SCRIPT}, build_indicators.")
    see_spread = ("The county factor is the illustrative spread described under "
                  "indicators.csv poor_population.")
    split_key = ("split among the 58 counties in proportion to each county's end-2016 poor "
                 "population (indicators.csv, itself an estimate), rounded by largest "
                 "remainder so the total holds exactly")
    share_58 = (f"the 58 counties' part of a province-wide total is assumed to be SHARE_58 = "
                f"{SHARE_58} (no figure at hand; poor people and programmes also lie outside "
                f"the 58 counties)")
    cited = list(CITED_2017)
    t = ctx
    illustrative = ("ILLUSTRATIVE: a candidate project invented to exercise the project rules, "
                    "not a real one (projects.csv illustrative = true, names start 示例：)")
    return {
        "dataset": {
            "rests_on_estimates": True,
            "note": "Not synthetic: the counties, the rules and the province's totals are real. "
                    "But every county figure except 陵川's and 沁水's end-2017 poor and incidence "
                    "(001-2.0), every budget, need and past allocation, and most unit costs are "
                    "estimates or public-report figures; fiscal revenue, performance scores and "
                    "the candidate projects are synthetic (illustrative).",
        },
        "counties.csv": {
            "code": e("identifier", method="lower-case pinyin of the name without 县/区; "
                      "平鲁区 is pinglu_qu beside 平陆县 pinglu; the unidentified county is "
                      f"{UNIDENTIFIED}"),
            "name": e("identifier", ["PUB-SX-LIST-1"],
                      method="the names of the public list with their administrative suffix (县, "
                      f"or 区 for 平鲁区, 离石区, 云州区); {UNIDENTIFIED} is a label, not a name"),
            "city": e("identifier", ["PUB-SX-LIST-1"]),
            "designation": [
                e("estimate", ["PUB-SX-LIST-1"], rows={"code": "yunzhou"},
                  method="national designation most likely (former 大同县): the public list "
                  "gives 云州 as the 36th national county without certainty"),
                e("public report", ["PUB-SX-LIST-1"],
                  method="the 35 national counties of the 2012 list and the 21 identified "
                  "provincial counties; the 22nd provincial county because 58 = 36 national + "
                  "22 provincial"),
            ],
            "deep": e("seed clause", ["004-1"]),
            "identified": e("public report", ["PUB-SX-LIST-1"],
                            method="false only for the 22nd provincial county, which the list "
                            "at hand does not name"),
            "exit_year": e("public report", ["PUB-SX-LIST-1"],
                           method="the provincial counties' exit years as listed (2017 or 2018); "
                           "陵川 and 沁水's 2017 exit is also in 001-2.0 (随着陵川、沁水两个县的脱贫"
                           "摘帽); national counties left empty (no year at hand; all 58 had "
                           "exited by the end of 2019, 000-p3)"),
            "note": e("identifier", method="free text"),
        },
        "indicators.csv": {
            "county_code": e("identifier"),
            "year": e("identifier",
                      method=f"figures as at the end of the year: {span(INDICATOR_YEARS)}, the "
                      f"years runs read (a run starting in Y reads each county's figures as at "
                      f"the end of Y-1)"),
            "poor_population": [
                e("seed clause", ["001-2.0"], rows={"county_code": cited, "year": 2017},
                  method="陵川 1,972 and 沁水 1,322 at the end of 2017, the year they exited "
                  "(001-2.0; the same figures as data/jincheng, from common.JINCHENG_2017)"),
                e("estimate", ["004-0", "PUB-SX-CAL-1", "000-p4", "000-p3", "001-2.0"],
                  method=f"Province totals, then the 58 counties' part, then county by county. "
                  f"The province: end 2016 {POOR_2016:,} (004-0); end 2017 "
                  f"{t['province'][2017]:,} = {DEEP_POOR_2017:,} / {DEEP_SHARE_2017} (public "
                  f"report PUB-SX-CAL-1); end 2018 {t['province'][2018]:,}, linear between end "
                  f"2017 and end 2019 (no figure at hand); end 2019 {POOR_2019:,} (000-p4). The "
                  f"rows hold the end of {span(INDICATOR_YEARS)}, the years runs read (the end of "
                  f"2020, 0 poor as 002-p4 gives it, is read by no run). The 58 counties: {share_58}: {t['totals_58']}. The 10 deep counties: "
                  f"{DEEP_POOR_2017:,} at end 2017 (PUB-SX-CAL-1) and the same share "
                  f"{DEEP_SHARE_2017} of the province's poor in other years (assumption): deep "
                  f"{t['deep_poor']}; they share their total by rural population times an "
                  f"incidence factor. The 48 others share the rest. A county that exits (exit_year "
                  f"of counties.csv) has, at the end of its exit year, the incidence of an exiting "
                  f"county: 陵川 and 沁水 their printed figures (001-2.0), the others "
                  f"{EXIT_INCIDENCE} (the mean of those two, an estimate; no exit standard is in "
                  f"the material at hand) times their rural population; after it, their poor fall "
                  f"in step with the province's. The rest of the group total goes to the counties "
                  f"not yet exited by rural population times the incidence factor times "
                  f"{EXIT_ORDER_WEIGHT[2017]} for a county exiting in 2017 and "
                  f"{EXIT_ORDER_WEIGHT[2018]} for one exiting in 2018 (assumption: the earlier "
                  f"exits were the less poor counties). Check: 陵川 + 沁水 at end 2016 "
                  f"{t['jincheng_2016']:,} ≤ {JINCHENG_POOR_2016 - JINCHENG_OTHERS_2017:,}, the "
                  f"city's end-2016 poor {JINCHENG_POOR_2016:,} (9,999 + 31,658, 001-2.0) less "
                  f"the three other counties' end-2017 poor. " + spread),
            ],
            "poverty_incidence": [
                e("seed clause", ["001-2.0"], rows={"county_code": cited, "year": 2017},
                  method="0. 89% and 0. 83% as printed (001-2.0)"),
                e("estimate", ["PUB-SX-CAL-1", "001-2.0"],
                  method="poor_population / rural_population of the row (both estimates), 6 "
                  f"decimals; the deep counties' end-2017 total is {DEEP_POOR_2017:,} / "
                  f"{t['rural_deep']:,} = 15.4% (PUB-SX-CAL-1); an exiting county's is "
                  f"{EXIT_INCIDENCE} at the end of its exit year (see poor_population)"),
            ],
            "rural_population": [
                e("derived", ["001-2.0"], rows={"county_code": cited},
                  method="poor / incidence at the end of 2017 as printed: 1,972 / 0.89% and "
                  "1,322 / 0.83% (common.rural_population, as data/jincheng); held constant"),
                e("estimate", ["PUB-SX-CAL-1"],
                  method=f"Deep counties: {DEEP_POOR_2017:,} / {DEEP_INCIDENCE_2017} = "
                  f"{t['rural_deep']:,} (from the public report's end-2017 poor and incidence, "
                  f"PUB-SX-CAL-1). The 48 other counties: assumed the same average per county "
                  f"as the deep ones, {t['rural_other']:,} in all (no figure at hand; the province "
                  f"had 24.1 million rural residents at end 2015, PUB-SX-CAL-1), of which 陵川's "
                  f"and 沁水's are derived from 001-2.0. Held constant "
                  f"{span(INDICATOR_YEARS)}. Split within "
                  f"each group by the rural weight (see poor_population for the spread)."),
            ],
            "rural_income_yuan": e("estimate", ["002-p4"],
                                   method=f"Poverty-area average {INCOME_2013:,} 元 (2013) and "
                                   f"{INCOME_2019:,} 元 (2019) (002-p4), interpolated "
                                   f"geometrically (rate (9379/4875)^(1/6)-1 = "
                                   f"{t['income_rate']:.2%} a year): {t['income_path']}; times "
                                   f"the county's income factor. " + see_spread),
            "fiscal_revenue_per_head_yuan": e(
                "synthetic", method=f"No figure at hand. Illustrative: {FISCAL_2016_YUAN} 元 per "
                f"resident in 2016, growing {FISCAL_GROWTH:.0%} a year, times the county's "
                f"fiscal factor. " + see_spread),
            "performance_score": e(
                "synthetic", method=f"No assessment result at hand. Illustrative: "
                f"{PERFORMANCE} times the county's performance factor, 3 decimals, the same "
                f"every year. " + see_spread),
        },
        "sources.csv": {
            "code": e("identifier"),
            "name": e("identifier", ["004-7", "004-8"],
                      method="names, no figures: the funds named in 004 §7-§8; block and "
                      "city/county rows named after what 004 §8 describes (切块下达, 市本级, "
                      "统筹整合); the bank credit matched to the revolving fund after the public "
                      "report PUB-SX-REV-1"),
            "name_en": e("identifier", method="translation"),
            "level": e("derived", ["004-8"], method="who provides the fund, as 004 §8 says"),
            "kind": e("derived", ["004-8"],
                      method="grant, revolving (周转金), relending (再贷款), credit (bank "
                      "lending matched to the revolving fund, as the public report PUB-SX-REV-1 "
                      "describes it), fund (产业发展基金)"),
            "earmark": e("seed clause", ["004-8"], method="true for the central and provincial "
                         "special poverty funds (每年安排30%中央及省专项扶贫资金); the lottery "
                         "funds are a separate fund (004-7)"),
            "block": e("derived", ["004-8"], method="true for the provincial line "
                       "departments' block allocations (省级行业主管部门...切块下达); the three "
                       "departments (forestry; housing; water, power, telecom) are this "
                       "dataset's grouping"),
            "note": e("identifier", method="free text"),
        },
        "budgets.csv": {
            "source": e("identifier"),
            "year": e("identifier",
                      method=f"the plan years {span(BUDGET_YEARS)}: a run reads the budgets of "
                      f"the years it plans. The 2016 budgets that history.csv splits among "
                      f"counties are computed by {SCRIPT} by the methods below but are not rows "
                      f"here, as no run reads them (history.csv amount_wan)"),
            "city": e("identifier", ["PUB-SX-LIST-1"], method="the city of the counties"),
            "county_code": e("identifier"),
            "amount_wan": [
                e("estimate", ["PUB-SX-CAL-1"],
                  rows={"source": ["central_special", "provincial_special"]},
                  method=f"Their 2018 sum {t['special_2018']:,.2f} 万元 = {SPECIAL_DEEP_2018_WAN:,} "
                  f"万元 (1.44 billion yuan to the deep counties) / {SPECIAL_DEEP_SHARE_2018} is "
                  f"from a public report (PUB-SX-CAL-1, unverified). Each row is an estimate: no "
                  f"split at hand, central {CENTRAL_SHARE:.0%} and provincial "
                  f"{1 - CENTRAL_SHARE:.0%} of the total each year (assumption); other years the "
                  f"2018 total grown or shrunk at {SPECIAL_GROWTH:.0%} a year (assumption; "
                  f"non-decreasing year on year): {t['special_totals']}"),
                e("estimate", rows={"source": ["forestry_block", "housing_block",
                                               "infrastructure_block"]},
                  method="No figure at hand. Grown at an assumed "
                  f"{LOCAL_GROWTH:.0%} a year from assumed 2016 levels: " + ", ".join(
                      f"{k} {v:,} 万元" for k, v in BLOCK_2016_WAN.items())),
                e("estimate", rows={"source": "city_special"},
                  method=f"No figure at hand. Grown at {LOCAL_GROWTH:.0%} a year from an "
                  f"assumed {CITY_2016_PER_COUNTY_WAN} 万元 per identified poverty county of the "
                  f"city in 2016"),
                e("estimate", ["PUB-SX-REV-1"], rows={"source": "county_integrated"},
                  method=f"No figure at hand; counted without the special funds the counties "
                  f"integrate (no double counting). Grown at {LOCAL_GROWTH:.0%} a year from "
                  f"{COUNTY_2016_BASE_WAN} * (1 + the county's end-2016 poor / the 58-county "
                  f"mean) 万元 in 2016: {t['county_total_2018']:,.0f} 万元 in all in "
                  f"2018, enough for the 1:1 match of the revolving fund (public report "
                  f"PUB-SX-REV-1)"),
                e("estimate", ["004-7"], rows={"source": "lottery"},
                  method=f"No figure at hand. Assumed {LOTTERY_WAN:,} 万元 a year"),
                e("public report", ["PUB-SX-REV-1"],
                  rows={"source": "revolving", "year": [2018, 2019]},
                  method="500 million yuan = 50,000 万元 each year, as a public report gives it "
                  "(unverified)"),
                e("estimate", ["PUB-SX-REV-1"], rows={"source": "revolving"},
                  method="0: no injection figure at hand for 2017 and 2020 (the fund was set up "
                  "by 004 in 2017; the public report PUB-SX-REV-1 gives 2018 and 2019 only)"),
                e("public report", ["PUB-SX-REV-1"], rows={"source": "bank_credit", "year": 2018},
                  method=f"bank_leverage {BANK_LEVERAGE} * (1 + county match {COUNTY_MATCH}) * "
                  f"50,000 = 200,000, so fund + match + banks = 300,000 万元 = 3 billion yuan, as "
                  f"the public report PUB-SX-REV-1 gives it (unverified)"),
                e("estimate", ["PUB-SX-REV-1"], rows={"source": "bank_credit"},
                  method=f"bank_leverage {BANK_LEVERAGE} * (1 + county match {COUNTY_MATCH}) (both "
                  f"public report PUB-SX-REV-1) * the most the fund can lend that year (all "
                  f"capital put in so far, if every loan had a 1-year term and came back: an "
                  f"assumption): {t['bank']}"),
                e("estimate", ["004-8"], rows={"source": "relending"},
                  method=f"The annual quota (每年...限额周转使用): {RELENDING_QUOTA_WAN:,} "
                  f"万元 each plan year = the {RELENDING_DEEP_MIN_WAN:,} the deep counties "
                  f"must get (004-8) plus an assumed "
                  f"{RELENDING_QUOTA_WAN - RELENDING_DEEP_MIN_WAN:,} for the other 48 "
                  f"counties. Entered every year because R-BUDGET bounds each year's lending "
                  f"by that year's row"),
                e("estimate", ["004-8"], rows={"source": "industry_fund"},
                  method=f"No figure at hand. Assumed {INDUSTRY_FUND_WAN:,} 万元 a year "
                  f"from 2017 (set up by 004 §8)"),
            ],
        },
        "categories.csv": {
            "code": e("identifier"),
            "name": e("identifier", ["004-2", "004-3", "004-4", "004-5", "004-7"],
                      method="the programmes as 004 names them; industry_credit names the loans "
                      "of 004 §8 and the micro-credit of the public report PUB-MICROCREDIT-1"),
            "name_en": e("identifier", method="translation"),
            "unit": e("identifier", ["004-2", "004-3", "004-4", "004-5", "004-7"],
                      method="the unit of each standard (元/亩, 元/人, 元/户); village, station "
                      "and wan where no standard gives one"),
            "unit_cost_wan": [
                e("seed clause", ["004-2"], rows={"code": ["afforestation", "forest_ranger"]},
                  method="800 元/亩; 6,000 元/person/year"),
                e("derived", ["004-2"], rows={"code": ["farmland_return", "econ_forest"]},
                  method="1,500 + 800 元/亩 = 2,300 元; 200 元/亩/year * 3 years = 600 元"),
                e("seed clause", ["004-3"], rows={"code": "relocation"},
                  method="人均1.5万元 housing reward, paid as 1万 per person for demolishing the "
                  "old house on time and 5,000 more (再奖励) for reclaiming the homestead: the "
                  "two rewards are how the 1.5 万 is paid, not money on top of it"),
                e("seed clause", ["004-3"], rows={"code": "housing"},
                  method="14,000 元/household"),
                e("seed clause", ["004-4"], rows={"code": ["functional_agri", "herbal"]},
                  method="50 元/亩; 200 元/亩"),
                e("seed clause", ["004-5"], rows={"code": ["training", "transport_subsidy"]},
                  method="3,000 元/person; up to 800 元/person (the ceiling taken)"),
                e("derived", ["004-5"], rows={"code": "education"},
                  method="mid-point of 1,000-3,000 元/student/year"),
                e("estimate", ["004-7"], rows={"code": "drinking_water"},
                  method=f"50% (004-7) of an assumed {WATER_CONNECTION_YUAN:,} 元 household "
                  f"connection"),
                e("estimate", ["004-2"], rows={"code": ["seabuckthorn", "idle_econ_forest"]},
                  method=f"No standard in the documents. Sea-buckthorn renovation of natural "
                  f"stands assumed {SEABUCKTHORN_YUAN} 元/亩 (below the 800 元/亩 afforestation "
                  f"standard); idle-land economic forest taken at the 800 元/亩 afforestation "
                  f"standard"),
                e("estimate", ["002-p13"], rows={"code": "pv_village"},
                  method=f"A station earning 200,000 元 a year for its village (002-p13) at an "
                  f"assumed {PV_YUAN_PER_KWH} 元/kWh and {PV_HOURS:,} kWh per kW a year is "
                  f"about {PV_KW} kW; at an assumed {PV_YUAN_PER_W} 元/W: "
                  f"{PV_KW * 1000 * PV_YUAN_PER_W / 10_000:.0f} 万元, rounded to tens"),
                e("estimate", rows={"code": ["grid", "broadband", "village_upgrade",
                                             "rural_tourism"]},
                  method=f"No standard in the documents: an assumed public cost per village "
                  f"(grid {GRID_WAN}, broadband {BROADBAND_WAN}, village_upgrade {UPGRADE_WAN}, "
                  f"rural_tourism {TOURISM_WAN} 万元; for grid, the fiscal part only, not the "
                  f"grid company's investment)"),
                e("derived", rows={"code": "industry_credit"},
                  method="1 by definition: the unit is 1 万元 of loans"),
            ],
            "payment_profile": [
                e("public report", ["PUB-SX-FARMLAND-1"], rows={"code": "farmland_return"},
                  method="(500+400, 150+200, 300+200, 150, 400) 元 of 2,300 = "
                  f"{';'.join(fmt(v) for v in shares6(FARMLAND_PROFILE_YUAN))} (6 decimals, "
                  f"largest remainder so they sum to 1): the schedule of a public report "
                  f"(unverified)"),
                e("derived", ["004-2"], rows={"code": "econ_forest"},
                  method="200 元/亩 a year for 3 consecutive years: thirds"),
                e("estimate", ["004-3"], rows={"code": "relocation"},
                  method="1万 of 1.5万 (demolition on time) in the start year and 5,000 "
                  "(reclamation) the year after: amounts 004-3, timing assumed"),
                e("estimate",
                  method="1: paid in the start year (no instalments in the documents)"),
            ],
            "benefit_per_unit": [
                e("derived", ["004-0", "002-p4"], rows={"code": ["grid", "broadband",
                                                                 "village_upgrade"]},
                  method=f"the village's poor: {POOR_2016:,} end-2016 poor of the province / "
                  f"{VILLAGES:,} poverty villages of the province = {POOR_PER_VILLAGE:.4f} "
                  f"(assumes all the poor live in poverty villages, which overstates)"),
                e("derived", ["000-p10"], rows={"code": "rural_tourism"},
                  method=f"{TOURISM_POOR:,} poor / {TOURISM_VILLAGES} villages = "
                  f"{TOURISM_POOR / TOURISM_VILLAGES:.4f} (000-p10: 300个示范村 带动16.1万贫困人口)"),
                e("estimate", ["000-p10"], rows={"code": "pv_village"},
                  method=f"{PV_HOUSEHOLDS:,} households / ({PV_STATIONS_2020:,} + "
                  f"{PV_CENTRAL_2020}) stations (000-p10) * an assumed {HH} persons per "
                  f"household = {PV_PERSONS:.4f}"),
                e("estimate", ["PUB-MICROCREDIT-1"],
                  method=f"Poor people reached per unit. Persons per poor household "
                  f"{PERSONS_PER_HOUSEHOLD} (assumption: no household count at hand). "
                  f"farmland_return 0.1 (25 亩 per household reached); afforestation 0.025 "
                  f"(one poor worker per 100 亩, with the household); forest_ranger "
                  f"{HH} (the ranger's household); econ_forest and idle_econ_forest 0.25 (10 "
                  f"亩 per household); seabuckthorn 0.05 (one worker's household per 50 亩); "
                  f"functional_agri and herbal 0.5 (5 亩 per household); relocation 1; "
                  f"housing and drinking_water {HH}; training, transport_subsidy and "
                  f"education 1; industry_credit {HH / MICROCREDIT_WAN} (one household per "
                  f"{MICROCREDIT_WAN:g} 万元, the micro-credit ceiling of the public report "
                  f"PUB-MICROCREDIT-1)"),
            ],
            "sources": e("estimate", ["004-2", "004-3", "004-7", "004-8"],
                         method="Which sources may pay: each block source pays its "
                         "department's categories (forestry: the five ecological programmes; "
                         "housing: dangerous houses and relocation rewards, which 004 §3 pays "
                         "as a housing reward; water/power/telecom: drinking water, grid, "
                         "broadband and the village upgrade's infrastructure); the lottery only "
                         "village_upgrade (004 §7); revolving, bank_credit, relending and "
                         "industry_fund only industry_credit (004 §8); the special, city and "
                         "county funds pay the household and village programmes; "
                         "provincial_special may pay farmland_return (004 §2: 省级筹资 提前启动) "
                         "and rangers; the county integrated funds may pay every category, "
                         "industry_credit included, where they are the revolving fund's 1:1 "
                         "match (public report PUB-SX-REV-1)"),
            "note": e("identifier", method="free text"),
        },
        "needs.csv": {
            "county_code": e("identifier"),
            "category": e("identifier"),
            "units": [
                e("estimate", ["004-2"], rows={"category": "farmland_return"},
                  method=f"{FARMLAND_MU:,} 亩 (004-2) in the 10 deep counties only, " + split_key),
                e("estimate", ["004-2"], rows={"category": "seabuckthorn"},
                  method=f"{SEABUCKTHORN_MU:,} 亩 (004-2) in 偏关 宁武 静乐 兴县 临县 only, "
                  + split_key),
                e("estimate", ["004-2"], rows={"category": ["afforestation",
                                                            "idle_econ_forest"]},
                  method=f"{AFFOREST_MU_YEAR:,} 亩 a year (afforestation, annual) and "
                  f"{IDLE_FOREST_MU:,} 亩 (004-2, province-wide); {share_58}: "
                  f"{in_58(AFFOREST_MU_YEAR):,} and {in_58(IDLE_FOREST_MU):,}, " + split_key),
                e("estimate", rows={"category": ["forest_ranger", "econ_forest",
                                                 "functional_agri", "herbal"]},
                  method=f"No totals at hand. Assumed for the 58 counties: {RANGERS:,} ranger "
                  f"posts a year, {ECON_FOREST_MU:,} 亩 of economic forest, {FUNCTIONAL_MU_YEAR:,} "
                  f"亩 and {HERBAL_MU_YEAR:,} 亩 a year, " + split_key),
                e("estimate", ["004-1"], rows={"category": "relocation"},
                  method=f"{RELOCATION_VILLAGES:,} villages (004-1, province-wide) * an assumed "
                  f"{PERSONS_PER_RELOCATED_VILLAGE} persons per natural village = "
                  f"{RELOCATION_VILLAGES * PERSONS_PER_RELOCATED_VILLAGE:,} persons; {share_58}: "
                  f"{in_58(RELOCATION_VILLAGES * PERSONS_PER_RELOCATED_VILLAGE):,}, " + split_key),
                e("estimate", ["002-p22", "004-0", "002-p4", "004-3"],
                  rows={"category": ["housing", "drinking_water"]},
                  method=f"The campaign's province-wide totals (002-p22: {HOUSES_RENOVATED:,} "
                  f"dangerous houses; {WATER_POOR:,} poor people's drinking water) times the "
                  f"share of the registered poor still poor at end 2016, {POOR_2016:,} / "
                  f"{REGISTERED_POOR:,} = {POOR_2016 / REGISTERED_POOR:.4f} (assumption: work "
                  f"left in proportion to poor left), {HH} persons a household for water; "
                  f"{share_58}: {t['housing_total']:,} and {t['water_total']:,} households, "
                  + split_key + ". Deep counties' housing has deadline 2017 (004-3)"),
                e("estimate", ["002-p4", "004-7"],
                  rows={"category": ["grid", "broadband", "village_upgrade"]},
                  method=f"every poverty village of the 58 counties: {VILLAGES:,} in the province "
                  f"(002-p4); {share_58}: {in_58(VILLAGES):,}, " + split_key
                  + "; grid deadline 2018, broadband 2019 (004-7)"),
                e("estimate", ["002-p13", "004-4"], rows={"category": "pv_village"},
                  method=f"{PV_STATIONS:,} stations in the province (002-p13); {share_58}: "
                  f"{in_58(PV_STATIONS):,}, split in proportion to each county's poverty "
                  f"villages (above), so that every poverty village of the deep counties is "
                  f"covered (004-4). Assumption: none was built before 2017"),
                e("estimate", ["000-p10"], rows={"category": "rural_tourism"},
                  method=f"{TOURISM_VILLAGES} demonstration villages in the province (000-p10); "
                  f"{share_58}: {in_58(TOURISM_VILLAGES)}, " + split_key),
                e("estimate", ["004-5"], rows={"category": ["training", "transport_subsidy",
                                                            "education"]},
                  method=f"No totals at hand. Of the 58 counties' end-2016 poor "
                  f"({t['poor_58_2016']:,}): training places one in {round(1 / TRAINING_SHARE)}; "
                  f"transport subsidies {TRANSPORT_SHARE:.0%} of the trainees; student-years a "
                  f"year (annual) {STUDENT_SHARE:.0%}; " + split_key),
                e("estimate", ["PUB-MICROCREDIT-1"], rows={"category": "industry_credit"},
                  method=f"万元 of loans a year: the county's end-2016 poor / {HH} persons per "
                  f"household * {MICROCREDIT_WAN:g} 万元 (the micro-credit ceiling of the public "
                  f"report PUB-MICROCREDIT-1) / {MICROCREDIT_YEARS} (loans of up to 3 years), "
                  f"2 decimals"),
            ],
            "basis": e("derived", ["004-2", "004-4", "004-5"],
                       method="annual for needs that recur each year (afforestation 每年, "
                       "rangers 每人每年, functional agriculture and herbs by planted area, "
                       "education 每生每年, loans); total otherwise"),
            "deadline": [
                e("seed clause", ["004-3"], rows={"category": "housing"},
                  method="housing in the 10 deep counties completed in 2017 (2017年全部完成)"),
                e("seed clause", ["004-7"], rows={"category": ["grid", "broadband"]},
                  method="grid by end 2018 and broadband by end 2019 in every poverty village"),
            ],
            "note": e("identifier", method="free text"),
        },
        "projects.csv": {
            "id": e("identifier"),
            "name": e("identifier", ["004-3", "004-5"],
                      method=f"{illustrative}; places named by 004 (碛口镇, 东寨镇, 新平堡镇 as "
                      "特色小城镇 pilots, 004-3; “天镇保姆”, 004-5) are used for colour only"),
            "illustrative": e("identifier", method="true: every project here is illustrative"),
            "county_code": e("synthetic", method=f"{illustrative}: spread over "
                             f"{t['project_counties']} counties, {t['deep_projects']} of "
                             f"{len(PROJECTS)} projects in deep counties"),
            "category": e("synthetic", method=illustrative),
            "cost_profile_wan": e("synthetic", method=f"{illustrative}: units * the category's "
                                  f"unit cost * a site factor U{PROJECT_COST_SPREAD} from "
                                  f"random.Random({SEED + 1}), split by the project's profile "
                                  f"(0.5/0.5, 0.4/0.6, 0.3/0.4/0.3 or thirds; never more "
                                  f"than 50% in the start year, R-PREPAY)"),
            "units": e("synthetic", method=f"{illustrative}, within the county's need"),
            "beneficiaries": e("synthetic", method=f"{illustrative}: units * the category's "
                               f"benefit_per_unit * U{PROJECT_BENEFIT_SPREAD} from the same "
                               f"generator, rounded"),
            "earliest_start": e("synthetic", ["004-3", "004-7"],
                                method=f"{illustrative}: windows within 2017-2020; housing in "
                                "deep counties only 2017 (004-3), grid by 2018 and broadband by "
                                "2019 (004-7)"),
            "latest_start": e("synthetic", ["004-3", "004-7"], method="as earliest_start"),
            "prerequisites": e("synthetic", method=f"{illustrative}: a road before a tourism "
                               "site; the water supply before a relocation settlement; the grid "
                               "upgrade before connecting a PV station"),
            "divisible": e("synthetic", method=f"{illustrative}: area, housing, water and "
                           "training programmes divisible, works indivisible"),
            "min_fraction": e("synthetic", method=f"{illustrative}: half a divisible project "
                              "at least"),
        },
        "history.csv": {
            "year": e("identifier"),
            "county_code": e("identifier"),
            "source": e("identifier"),
            "category": e("estimate", method=f"each source's money of the year split over "
                          f"categories by an assumed mix ({SCRIPT}, MIX_2016), 0.01 万元 largest "
                          f"remainder; forestry_block first pays the farmland instalment due "
                          f"that year (900 元/亩 in 2016, 350 in 2017, public report "
                          f"PUB-SX-FARMLAND-1) on the assumed 2016 area; no new farmland is "
                          f"assumed started in 2017"),
            "amount_wan": e("estimate", ["CZN-2017-8-7", "PUB-SX-FARMLAND-1"],
                            method="NOT actual records: the year's budgets (all estimates, by "
                            "the methods of budgets.csv amount_wan; the special funds' 2016 and "
                            "2017 levels are the 2018 level shrunk at the assumed growth rate): "
                            "2017's are the 2017 rows of budgets.csv; 2016's are computed by "
                            f"{SCRIPT} the same way a year earlier ({t['budget_2016']}) and are "
                            "not rows of budgets.csv, which holds only the years runs plan; "
                            "split among counties "
                            "by the factor method (CZN-2017-8-7 factors, not at hand; the "
                            "assumed weights of policy.yaml, on the end-2016 indicators: share = "
                            "sum_f w_f v_fc / sum_c v_fc, reciprocals for income and fiscal "
                            "revenue); city_special among the city's counties by the same shares "
                            "renormalised; county_integrated to its own county; then by "
                            f"category (see category). Deep counties' factor share: "
                            f"{t['deep_factor_share']:.4f}"),
        },
        "commitments.csv": {
            "year": e("identifier"),
            "county_code": e("identifier"),
            "source": e("estimate", ["004-2"], method="forestry_block (the farmland programme "
                        "is provincially financed, 省级筹资)"),
            "category": e("identifier"),
            "amount_wan": e("estimate", ["PUB-SX-FARMLAND-1"],
                            method=f"Later instalments of farmland returned in 2016: an assumed "
                            f"{FARMLAND_2016_MU:,} 亩 (no figure at hand) split among the 58 "
                            f"counties by the factor shares (as history.csv), whole 亩 by "
                            f"largest remainder, times 350/500/150/400 元/亩 in 2017/2018/"
                            f"2019/2020 (public report PUB-SX-FARMLAND-1: 1,500 元 over five "
                            f"years 500/150/300/150/400 and 800 元 seedlings over three "
                            f"400/200/200)"),
            "started": e("estimate", method="2016"),
        },
        "policy.yaml": {
            "factor_method.weights": e("estimate", ["CZN-2017-8-7"],
                                       method="the factors are named by CZN-2017-8-7 (not at "
                                       "hand); the weights are not published: assumed"),
            "R-EARMARK.share": e("seed clause", ["004-8"]),
            "R-GROWTH.margin": e("seed clause", ["004-8"]),
            "R-REVOLVING.deep_share": e("seed clause", ["004-8"]),
            "R-REVOLVING.county_match_ratio": e("public report", ["PUB-SX-REV-1"],
                                                method="1:1, as the public report gives it"),
            "R-REVOLVING.bank_leverage": e("public report", ["PUB-SX-REV-1"],
                                           method="at least 2:1, as the public report gives it"),
            "R-REVOLVING.term_years_min": e("public report", ["PUB-SX-REV-1"]),
            "R-REVOLVING.term_years_max": e("public report", ["PUB-SX-REV-1"]),
            "R-REVOLVING.poverty_counties_only": e("public report", ["PUB-SX-REV-1"]),
            "R-RELENDING.min_deep_wan": e("seed clause", ["004-8"], method="10亿元 = 100,000 万元"),
            "R-RELENDING.max_rollovers": e("public report", ["PUB-MICROCREDIT-1"]),
            "R-PREPAY.max_share": e("seed clause", ["003-p26"],
                                    method="Hebei's rule, borrowed for the projects here"),
            "R-DEADLINE.delay_years": e("seed clause", ["004-3", "004-7"],
                                        method="0: the deadlines as the clauses set them"),
            "R-FOREST-QUOTA.sources": e("estimate", ["004-2"],
                                        method="the five programmes' 新增指标项目资金 read as the "
                                        "forestry department's block allocation (forestry_block), "
                                        "the one source that pays forestry alone"),
            "R-FARMLAND-TARGET.year": e("estimate", ["004-0", "004-2"],
                                        method="004-2 states no year for 全部退耕还林: 2020, the "
                                        "end of the four years from 2017 (004-0: 今后4年), assumed"),
            "R-PV-COVERAGE.year": e("estimate", ["004-0", "004-4"],
                                    method="004-4's 尽快 sets no year: 2020, the end of the four "
                                    "years from 2017 (004-0: 今后4年), assumed"),
        },
    }


def yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return fmt(value)
    text = str(value)
    if text == "" or any(ch in text for ch in ":#{}[],&*!|>'\"%@`") or text[0] in "-? " \
            or text.strip() != text or text.lower() in ("true", "false", "null", "yes", "no"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def yaml_flow(value) -> str:
    """A `rows` selector on one line: {source: [a, b], year: 2018}."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(v) for v in value) + "]"
    return yaml_scalar(value)


def yaml_entry(entry: dict, indent: str, first_prefix: str) -> list[str]:
    lines = []
    prefix = first_prefix
    for key in ("rows", "level", "clauses", "method"):
        if key not in entry:
            continue
        value = entry[key]
        if key == "clauses":
            text = f"{prefix}{key}: [" + ", ".join(f'"{c}"' for c in value) + "]"
            lines.append(text)
        elif key == "rows":
            lines.append(f"{prefix}{key}: {yaml_flow(value)}")
        elif key == "method" and len(value) > 60:
            lines.append(f"{prefix}{key}: >-")
            for line in textwrap.wrap(value, 92, break_long_words=False,
                                      break_on_hyphens=False):
                lines.append(f"{indent}  {line}")
        else:
            lines.append(f"{prefix}{key}: {yaml_scalar(value)}")
        prefix = indent
    return lines


def write_provenance(prov: dict) -> None:
    lines = [f"# Where every figure comes from. Written by {SCRIPT}; edit the script.",
             "# level: seed clause (printed in a source at hand) | derived (computed from seed",
             "# clauses by `method`) | public report (a PUB-... figure, not at hand: unverified) |",
             "# estimate (made here; `method` says how) | synthetic (invented for illustration) |",
             "# identifier (a code, name or year). Clause ids resolve in seeds/register.yaml.",
             "# `rows` narrows an entry to the rows whose columns hold the values given; a column's",
             "# entries are tried in order and the first that matches a row gives its level."]
    for table, columns in prov.items():
        lines.append(f"{table}:")
        if table == "dataset":
            for key, value in columns.items():
                if isinstance(value, str) and len(value) > 60:
                    lines.append(f"  {key}: >-")
                    lines += [f"    {line}" for line in textwrap.wrap(
                        value, 92, break_long_words=False, break_on_hyphens=False)]
                else:
                    lines.append(f"  {key}: {yaml_scalar(value)}")
            continue
        for column, entries in columns.items():
            lines.append(f"  {column}:")
            for entry in entries if isinstance(entries, list) else [entries]:
                if isinstance(entries, list):
                    lines += yaml_entry(entry, "      ", "    - ")
                else:
                    lines += yaml_entry(entry, "    ", "    ")
    (OUT / "provenance.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------------------
# Checks
# ------------------------------------------------------------------------------------------
def checks(ctx) -> list[tuple[bool, str]]:
    ind, budgets, needs, cats = ctx["indicators"], ctx["budgets"], ctx["needs"], ctx["categories"]
    deep = {c["code"] for c in ctx["counties"] if c["deep"]}
    cat = {k["code"]: k for k in cats}
    out = []

    def poor(year, group=None):
        return sum(r["poor_population"] for r in ind if r["year"] == year
                   and (group is None or (r["county_code"] in deep) == group))

    province = province_poor()
    out.append((all(poor(y) == round(SHARE_58 * province[y]) for y in YEARS)
                and poor(2016) < POOR_2016,
                f"the 58 counties hold {SHARE_58:.0%} of the province's poor: end 2016 "
                f"{poor(2016):,} of {POOR_2016:,} (004-0), end 2017 {poor(2017):,} of "
                f"{province[2017]:,}, end 2019 {poor(2019):,} of {POOR_2019:,} (000-p4)"))
    rural_deep = sum(r["rural_population"] for r in ind if r["year"] == 2017
                     and r["county_code"] in deep)
    inc = poor(2017, True) / rural_deep
    out.append((poor(2017, True) == DEEP_POOR_2017 and abs(inc - 0.154) <= 0.0005,
                f"deep counties end 2017: {poor(2017, True):,} poor, incidence {inc:.4%} "
                f"(262,000 and 15.4% ± 0.05 points, PUB-SX-CAL-1)"))
    share = poor(2017, True) / province[2017]
    out.append((abs(share - DEEP_SHARE_2017) < 0.0005,
                f"deep share of the province's poor end 2017 = {share:.4f} (0.291)"))
    out.append((poor(2020) == 0, f"end 2020 {poor(2020)} (002-p4)"))
    row = {(r["county_code"], r["year"]): r for r in ind}
    same = all(row[(c, 2017)]["poor_population"] == p and row[(c, 2017)]["poverty_incidence"] == i
               and row[(c, 2017)]["rural_population"] == rural_population(p, i)
               for c, (p, i) in CITED_2017.items())
    out.append((same, "陵川 and 沁水 end 2017: " + ", ".join(
        f"{c} {row[(c, 2017)]['poor_population']:,} ({row[(c, 2017)]['poverty_incidence']:.2%})"
        for c in CITED_2017) + " as 001-2.0 and data/jincheng"))
    jc_2016 = sum(row[(c, 2016)]["poor_population"] for c in CITED_2017)
    bound = JINCHENG_POOR_2016 - JINCHENG_OTHERS_2017
    out.append((jc_2016 <= bound, f"陵川 + 沁水 end 2016 {jc_2016:,} ≤ {bound:,} (Jincheng's "
                                  f"end-2016 poor {JINCHENG_POOR_2016:,}, 001-2.0, less its three "
                                  f"other counties' end-2017 poor)"))
    exits = [(c["code"], c["exit_year"]) for c in ctx["counties"] if c["exit_year"]]
    worst = max((row[(c, y)]["poverty_incidence"], c, y) for c, y in exits)
    out.append((worst[0] < EXIT_INCIDENCE_MAX,
                f"{len(exits)} exiting counties: incidence at the end of their exit year at most "
                f"{worst[0]:.2%} ({worst[1]} {worst[2]}) < {EXIT_INCIDENCE_MAX:.0%} (an assumed "
                f"ceiling; no exit standard at hand)"))
    before = [(row[(c, y - 1)]["poverty_incidence"], c) for c, y in exits]
    out.append((all(i > EXIT_INCIDENCE_MAX for i, _c in before),
                f"the year before exit, each exiting county above the ceiling (lowest "
                f"{min(before)[0]:.2%}, {min(before)[1]})"))
    late = max(r["poverty_incidence"] for r in ind if r["year"] == 2019)
    out.append((late < EXIT_INCIDENCE_MAX, f"end 2019, every county's incidence ≤ {late:.2%} "
                                          f"(all 58 had exited, 000-p3)"))

    def budget(source, year, scope=None):
        return sum(b["amount_wan"] for b in budgets if b["source"] == source
                   and b["year"] == year and (scope is None or scope(b)))

    special = {y: budget("central_special", y) + budget("provincial_special", y) for y in YEARS}
    out.append((abs(special[2018] - 144_000 / 0.303) <= 1,
                f"2018 central + provincial special = {special[2018]:,.2f} 万元 "
                f"(475,247.52 ± 1)"))
    out.append((abs(0.303 * special[2018] - 144_000) <= 1,
                f"30.3% of it = {0.303 * special[2018]:,.2f} 万元 (144,000 ± 1, PUB-SX-CAL-1)"))
    out.append((all(special[y] <= special[y + 1] for y in YEARS[:-1]),
                "special funds non-decreasing: " + ", ".join(f"{y} {special[y]:,.2f}"
                                                             for y in YEARS)))

    def need_cost(county_set, categories, years_count=len(PLAN_YEARS)):
        total = 0.0
        for n in needs:
            if n["county_code"] in county_set and n["category"] in categories:
                units = n["units"] * (years_count if n["basis"] == "annual" else 1)
                total += units * cat[n["category"]]["unit_cost_wan"]
        return total

    def annual_need(county_set, category):
        return sum(n["units"] for n in needs if n["county_code"] in county_set
                   and n["category"] == category and n["basis"] == "annual")

    credit_deep = annual_need(deep, "industry_credit")
    lend = max_revolving_lending()
    per_year = {y: REVOLVING_DEEP_SHARE * lend[y] * (1 + COUNTY_MATCH) * (1 + BANK_LEVERAGE)
                + RELENDING_DEEP_MIN_WAN for y in PLAN_YEARS}
    out.append((budget("revolving", 2018) == 50_000 and
                credit_deep >= REVOLVING_DEEP_SHARE * 50_000 * (1 + COUNTY_MATCH) * (1 + BANK_LEVERAGE)
                + RELENDING_DEEP_MIN_WAN,
                f"revolving 2018 = {budget('revolving', 2018):,.0f} 万元; 20% to the deep "
                f"counties with match and bank credit ({0.2 * 50_000 * 2 * 3:,.0f}) plus "
                f"relending 100,000 fits their annual loan need {credit_deep:,.2f}"))
    out.append((all(v <= credit_deep for v in per_year.values())
                and all(budget("relending", y) >= RELENDING_DEEP_MIN_WAN for y in PLAN_YEARS),
                f"relending: quota ≥ 100,000 each plan year and the deep counties' annual loan "
                f"need {credit_deep:,.2f} ≥ their largest yearly must-take "
                f"{max(per_year.values()):,.2f} (relending + 20% of the fund's most lending, "
                f"with match and bank credit)"))
    # county match: the whole county integrated funds can match the fund's largest lending
    county_all = {y: budget("county_integrated", y) for y in PLAN_YEARS}
    out.append((all(COUNTY_MATCH * lend[y] <= county_all[y] for y in PLAN_YEARS),
                "county integrated funds cover the revolving match each year: "
                + ", ".join(f"{y} {COUNTY_MATCH * lend[y]:,.0f} ≤ {county_all[y]:,.0f}"
                            for y in PLAN_YEARS)))
    # what deep counties must get versus what they can use (over the plan years)
    block = ["forestry_block", "housing_block", "infrastructure_block"]
    earmark_sources = {"central_special", "provincial_special"}
    hist = ctx["history"]
    must = 0.3 * sum(special[y] for y in PLAN_YEARS)
    floors = {}
    for s in block:
        d = sum(h["amount_wan"] for h in hist if h["source"] == s and h["county_code"] in deep)
        tot = sum(h["amount_wan"] for h in hist if h["source"] == s)
        ratio = d / tot
        prev = {"deep": d, "budget": budget(s, 2016)}
        floors[s] = []
        for y in PLAN_YEARS:
            b = budget(s, y)
            if y == PLAN_YEARS[0]:
                need = ratio * b + 0.05 * d  # with all of the year's block money allocated
            else:
                need = (b / prev["budget"] + 0.05) * prev["deep"]
            floors[s].append(need)
            prev = {"deep": need, "budget": b}
    usable = {}
    for s in list(earmark_sources) + block:
        usable[s] = {k["code"] for k in cats if s in k["sources"]}
    earmark_cats = usable["central_special"] | usable["provincial_special"]
    cap_earmark = need_cost(deep, earmark_cats)
    out.append((must <= cap_earmark,
                f"earmark: 30% of the plan years' special funds {must:,.0f} ≤ the deep "
                f"counties' needs payable from them {cap_earmark:,.0f} 万元"))
    for s in block:
        cap = need_cost(deep, usable[s])
        total_floor = sum(floors[s])
        out.append((total_floor <= cap,
                    f"growth floor {s}: deep counties must get ≥ {total_floor:,.0f} over "
                    f"2017-2020 (all block money allocated) ≤ their needs payable from it "
                    f"{cap:,.0f} 万元"))
    all_deep_must = must + sum(sum(v) for v in floors.values())
    all_deep_cap = need_cost(deep, earmark_cats | set().union(*(usable[s] for s in block)))
    out.append((all_deep_must <= all_deep_cap,
                f"all deep-county floors together {all_deep_must:,.0f} ≤ their needs payable "
                f"from those sources {all_deep_cap:,.0f} 万元"))
    # deadlines, cumulatively, against the budgets of the sources that may pay them
    commitments = defaultdict(float)
    for r in ctx["commitments"]:
        commitments[(r["source"], r["year"])] += r["amount_wan"]
    codes_all = {c["code"] for c in ctx["counties"]}
    for last in (2017, 2018, 2019):
        due = [n for n in needs if n.get("deadline") and n["deadline"] <= last]
        cost = sum(n["units"] * cat[n["category"]]["unit_cost_wan"] for n in due)
        payers = set().union(*(set(cat[n["category"]]["sources"]) for n in due))
        # the deep counties' earmark floor is paid by these same special funds in deep counties
        money_avail = sum(budget(s, y) - commitments[(s, y)] for s in payers
                          for y in PLAN_YEARS if y <= last)
        out.append((cost <= money_avail,
                    f"deadlines to end {last}: {cost:,.0f} 万元 of need ≤ {money_avail:,.0f} "
                    f"万元 of eligible budgets 2017-{last} ({', '.join(sorted(payers))})"))
    housing_deep = need_cost(deep, {"housing"})
    eligible_2017 = (budget("housing_block", 2017) + special[2017]
                     + budget("county_integrated", 2017, lambda b: b.get("county_code") in deep))
    out.append((housing_deep <= eligible_2017,
                f"deep housing due 2017: {housing_deep:,.0f} 万元 ≤ 2017 housing block + special "
                f"funds + deep counties' integrated funds {eligible_2017:,.0f}"))
    grid_cost = need_cost(codes_all, {"grid"})
    infra_county = sum(budget(s, y) for s in ("infrastructure_block", "county_integrated")
                       for y in (2017, 2018))
    out.append((grid_cost <= infra_county,
                f"grid by 2018: {grid_cost:,.0f} 万元 ≤ infrastructure block + county funds "
                f"2017-2018 {infra_county:,.0f}"))
    # scarcity: grant needs within the horizon against grant budgets
    grant_sources = [s[0] for s in SOURCES if s[4] == "grant"]
    grant_cats = set().union(*({k["code"]} for k in cats if set(k["sources"]) & set(grant_sources)
                               and k["code"] != "industry_credit"))
    need_total = need_cost(codes_all, grant_cats)
    grant_total = sum(budget(s, y) for s in grant_sources for y in PLAN_YEARS) - sum(
        v for (s, y), v in commitments.items())
    out.append((True, f"(info) grant-payable needs 2017-2020 {need_total:,.0f} 万元 vs grant "
                      f"budgets net of commitments {grant_total:,.0f} 万元 "
                      f"(ratio {need_total / grant_total:.2f}; loans apart)"))
    # projects within needs
    need_units = {(n["county_code"], n["category"]): n["units"] for n in needs}
    used = defaultdict(float)
    for p in ctx["projects"]:
        used[(p["county_code"], p["category"])] += p["units"]
    bad = [k for k, v in used.items() if v > need_units.get(k, 0)]
    out.append((not bad, f"project units within the county's need ({len(ctx['projects'])} "
                         f"projects){'; over: ' + str(bad) if bad else ''}"))
    prepay = [p["id"] for p in ctx["projects"]
              if p["cost_profile_wan"][0] > 0.5 * sum(p["cost_profile_wan"]) + 1e-9]
    out.append((not prepay, "projects pay at most 50% in their start year (R-PREPAY)"))
    return out


# ------------------------------------------------------------------------------------------
def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    counties = build_counties()
    assert len(counties) == 58 and sum(c["deep"] for c in counties) == 10
    assert sum(c["designation"] == "national" for c in counties) == 36
    codes = [c["code"] for c in counties]
    assert len(set(codes)) == len(codes)
    indicators, _draws = build_indicators(counties)
    poor_2016 = {r["county_code"]: r["poor_population"] for r in indicators if r["year"] == 2016}
    shares = factor_shares(indicators, 2016, codes)
    categories = build_categories()
    cat_sources = {k["code"]: set(k["sources"]) for k in categories}
    budgets = build_budgets(counties, poor_2016)
    needs, villages = build_needs(counties, poor_2016)
    history, area = build_history(counties, budgets, shares)
    for h in history:
        assert h["source"] in cat_sources[h["category"]], h
    commitments = build_commitments(counties, area)
    projects = build_projects(counties, categories)

    write_csv("counties.csv", ["code", "name", "city", "designation", "deep", "identified",
                               "exit_year", "note"], counties)
    # only the rows some run reads; the rest stays here for history.csv and the checks
    written_indicators = [r for r in indicators if r["year"] in INDICATOR_YEARS]
    written_budgets = [b for b in budgets if b["year"] in BUDGET_YEARS]
    write_csv("indicators.csv", ["county_code", "year", "poor_population", "poverty_incidence",
                                 "rural_population", "rural_income_yuan",
                                 "fiscal_revenue_per_head_yuan", "performance_score"],
              written_indicators)
    write_csv("sources.csv", ["code", "name", "name_en", "level", "kind", "earmark", "block",
                              "note"],
              [dict(zip(["code", "name", "name_en", "level", "kind", "earmark", "block",
                         "note"], s)) for s in SOURCES])
    write_csv("budgets.csv", ["source", "year", "amount_wan", "city", "county_code"],
              written_budgets)
    write_csv("categories.csv", ["code", "name", "name_en", "unit", "unit_cost_wan",
                                 "payment_profile", "benefit_per_unit", "sources", "note"],
              categories)
    write_csv("needs.csv", ["county_code", "category", "units", "basis", "deadline", "note"],
              needs)
    write_csv("projects.csv", ["id", "name", "county_code", "category", "cost_profile_wan",
                               "units", "beneficiaries", "earliest_start", "latest_start",
                               "prerequisites", "divisible", "min_fraction", "illustrative"],
              projects)
    write_csv("history.csv", ["year", "county_code", "source", "category", "amount_wan"],
              history)
    write_csv("commitments.csv", ["year", "county_code", "source", "category", "amount_wan",
                                  "started"], commitments)
    (OUT / "policy.yaml").write_text(POLICY, encoding="utf-8")

    groups = group_poor()
    special = special_budgets()
    rural_deep, rural_other = rural_totals()
    deep = {c["code"] for c in counties if c["deep"]}
    remaining = POOR_2016 / REGISTERED_POOR
    ctx = dict(
        counties=counties, indicators=indicators, budgets=budgets, needs=needs,
        categories=categories, history=history, commitments=commitments, projects=projects,
        province=province_poor(),
        totals_58=", ".join(f"{y} {sum(groups[y]):,}" for y in INDICATOR_YEARS),
        poor_58_2016=sum(poor_2016.values()),
        jincheng_2016=sum(poor_2016[c] for c in CITED_2017),
        deep_poor=", ".join(f"{y} {groups[y][0]:,}" for y in INDICATOR_YEARS),
        rural_deep=rural_deep, rural_other=rural_other,
        income_rate=(INCOME_2019 / INCOME_2013) ** (1 / 6) - 1,
        income_path=", ".join(f"{y} {income_path()[y]:,}" for y in INDICATOR_YEARS),
        special_2018=sum(special[2018]),
        special_totals=", ".join(f"{y} {sum(special[y]):,.2f}" for y in BUDGET_YEARS),
        budget_2016=", ".join(f"{s} {v:,.2f}" for s, v in budget_totals(budgets, 2016).items())
        + " 万元",
        county_total_2018=sum(b["amount_wan"] for b in budgets
                              if b["source"] == "county_integrated" and b["year"] == 2018),
        bank=", ".join(f"{y} {v:,.0f}" for y, v in bank_budgets().items()),
        housing_total=in_58(HOUSES_RENOVATED * remaining),
        water_total=in_58(WATER_POOR * remaining / HH),
        deep_factor_share=sum(v for c, v in shares.items() if c in deep),
        project_counties=len({p["county_code"] for p in projects}),
        deep_projects=sum(p["county_code"] in deep for p in projects),
    )
    write_provenance(provenance(ctx))

    print(f"wrote {OUT.relative_to(ROOT)}/: {len(counties)} counties, {len(written_indicators)} "
          f"indicator rows ({span(INDICATOR_YEARS)}), {len(written_budgets)} budget rows "
          f"({span(BUDGET_YEARS)}), {len(categories)} categories, "
          f"{len(needs)} needs, {len(projects)} projects, {len(history)} history rows, "
          f"{len(commitments)} commitments")
    results = checks(ctx)
    for ok, text in results:
        print(("  ok    " if ok else "  FAIL  ") + text)
    failed = [t for ok, t in results if not ok]
    if failed:
        print(f"{len(failed)} calibration check(s) failed", file=sys.stderr)
        return 1
    print("all calibration checks hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
