"""Derive data/jincheng/: Jincheng city's five counties (seed 001), 2017 actuals (2016 where the
text gives it) and plan year 2018 with the city's "double growth".

Run: python3 data/derivations/jincheng.py   (standard library and PyYAML only)

Seed clauses: the five counties and their poor at the end of 2017 (001-2.0; shared with
data/shanxi through common.JINCHENG_2017), the incidence of the two provincial poverty counties
(001-2.0), the 2017 funding split and the city level's growth (001-1.4), the 73% share of ill,
disabled or labour-less poor (001-2.1), the relocation site in Lingchuan (001-2.4), unit
standards of the province (004-3, 004-5). The 2018 budgets, the county split of every amount, the
needs and most unit costs are estimates whose method is written into provenance.yaml by this
script (provenance levels: common.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from common import JINCHENG_2017, e, rural_population, write_table

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "jincheng"
SCRIPT = "data/derivations/jincheng.py"
CITY = "晋城市"

# 001-2.0: remaining poor by county, start of 2018 (the counts add up to 9,999; the printed
# shares 24.6% / 20.4% / 18.3% do not match them and are not used)
COUNTIES = JINCHENG_2017  # code, name, designation, remaining poor, incidence (where printed)
POOR = {c[0]: c[3] for c in COUNTIES}
TOTAL_POOR = sum(POOR.values())  # 9,999

# 001-1.4: 2017 funds through the poverty office
CENTRAL_2017 = 130.0
PROVINCIAL_2017 = 13_202.5
CITY_AND_COUNTY_2017 = 11_097.37
CITY_2017 = 3_093.0
CITY_INCREASE_2017 = 615.8
CITY_AND_COUNTY_INCREASE_2017 = 4_214.41
CITY_2016 = round(CITY_2017 - CITY_INCREASE_2017, 2)  # 2,477.2
COUNTY_2017 = round(CITY_AND_COUNTY_2017 - CITY_2017, 2)  # 8,004.37
COUNTY_2016 = round(CITY_AND_COUNTY_2017 - CITY_AND_COUNTY_INCREASE_2017 - CITY_2016, 2)

# 2018 budgets: assumptions (no 2018 figure in the material)
CITY_2018 = 3_900.0  # above the double-growth threshold 3,093 x 3,093 / 2,477.2 = 3,861.9
ILL_SHARE = 0.73  # 001-2.1
HOUSEHOLD = 2.5  # persons per poor household: an assumption
RELOCATED_WITHOUT_WORK = 1000  # 001-2.4, Lingchuan's Shashangtou site
EXITED = 58_491  # 001-0: registered poor exited so far
VILLAGES = 200  # 001-0: the city's poverty villages (182 exited)

CATEGORIES = [  # code, name, name_en, unit, cost 万元, profile, benefit, note
    ("health_support", "健康扶贫兜底保障", "Health and social support", "person-year", 0.3, "1",
     1.0, "annual support of a poor person who is ill, disabled or without labour"),
    ("training", "贫困劳动力技能培训", "Skills training", "person", 0.3, "1", 1.0,
     "004-5 standard: 3,000 元 per person"),
    ("industry", "产业扶贫到户", "Household industry support", "household", 0.5, "0.6;0.4",
     HOUSEHOLD, ""),
    ("housing", "农村危房改造", "Dangerous-house renovation", "household", 1.4, "1", HOUSEHOLD,
     "004-3 standard: 14,000 元 per household"),
    ("relocation_jobs", "搬迁后续就业扶持", "Jobs for relocated people", "person", 0.5, "1", 1.0,
     "follow-up support at relocation sites"),
    ("consolidation", "已脱贫人口巩固帮扶", "Support against return to poverty", "person", 0.2,
     "1", 0.3, "for people who have exited: 巩固脱贫成效 (001 三、3)"),
    ("village_upgrade", "贫困村巩固提升", "Poverty-village consolidation", "village", 100.0,
     "0.5;0.5", 100.0, "infrastructure and services of a (former) poverty village"),
]
SOURCES = [  # code, name, name_en, level, earmark
    ("central_special", "中央财政专项扶贫资金", "Central special poverty funds", "central", True),
    ("provincial_special", "省级财政专项扶贫资金", "Provincial special poverty funds", "provincial",
     True),
    ("city_special", "市本级财政专项扶贫资金", "City-level special poverty funds", "city", False),
    ("county_special", "县级财政专项扶贫资金", "County special poverty funds", "county", False),
]


def split(total: float, key: dict[str, float]) -> dict[str, float]:
    """`total` in proportion to `key`, to 0.01 万元, the remainder on the largest share."""
    weight = sum(key.values())
    parts = {c: round(total * v / weight, 2) for c, v in key.items()}
    largest = max(key, key=key.get)
    parts[largest] = round(parts[largest] + total - sum(parts.values()), 2)
    return parts


def write(name: str, rows: list[dict]) -> None:
    write_table(OUT, name, rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write("counties", [{"code": c, "name": n, "city": CITY, "designation": d, "deep": "false",
                        "note": ("provincial poverty county; its exit was assessed by a third "
                                 "party (001-0)" if d == "provincial" else "")}
                       for c, n, d, _p, _i in COUNTIES])
    write("indicators", [{"county_code": c, "year": 2017, "poor_population": p,
                          "poverty_incidence": "" if i is None else i,
                          "rural_population": "" if i is None else rural_population(p, i)}
                         for c, _n, _d, p, i in COUNTIES])
    write("sources", [{"code": c, "name": n, "name_en": e, "level": lv, "kind": "grant",
                       "earmark": str(em).lower(), "block": "false"}
                      for c, n, e, lv, em in SOURCES])
    county_2017 = split(COUNTY_2017, POOR)
    county_2016 = split(COUNTY_2016, POOR)
    budgets = [{"source": "central_special", "year": 2018, "amount_wan": CENTRAL_2017},
               {"source": "provincial_special", "year": 2018, "amount_wan": PROVINCIAL_2017},
               {"source": "city_special", "year": 2018, "amount_wan": CITY_2018, "city": CITY}]
    budgets += [{"source": "county_special", "year": 2018, "amount_wan": county_2017[c],
                 "county_code": c} for c in POOR]
    write("budgets", budgets)
    write("categories", [{"code": c, "name": n, "name_en": e, "unit": u, "unit_cost_wan": k,
                          "payment_profile": pr, "benefit_per_unit": b,
                          "sources": ";".join(s[0] for s in SOURCES), "note": note}
                         for c, n, e, u, k, pr, b, note in CATEGORIES])
    needs = []
    for c, p in POOR.items():
        needs += [
            {"county_code": c, "category": "health_support", "units": round(p * ILL_SHARE),
             "basis": "annual"},
            {"county_code": c, "category": "training", "units": round(p * (1 - ILL_SHARE))},
            {"county_code": c, "category": "industry", "units": round(p / HOUSEHOLD)},
            {"county_code": c, "category": "housing", "units": round(p / HOUSEHOLD * 0.1)},
        ]
    needs.append({"county_code": "lingchuan", "category": "relocation_jobs",
                  "units": RELOCATED_WITHOUT_WORK})
    exited = split(EXITED, POOR)
    villages = split(VILLAGES, POOR)
    for c in POOR:
        needs.append({"county_code": c, "category": "consolidation", "units": round(exited[c])})
        needs.append({"county_code": c, "category": "village_upgrade",
                      "units": round(villages[c])})
    write("needs", needs)
    history = []
    for year, central, provincial, city, county in (
            (2017, CENTRAL_2017, PROVINCIAL_2017, CITY_2017, county_2017),
            (2016, None, None, CITY_2016, county_2016)):
        for source, total in (("central_special", central), ("provincial_special", provincial),
                              ("city_special", city)):
            if total is None:
                continue
            for c, amount in split(total, POOR).items():
                history.append({"year": year, "county_code": c, "source": source,
                                "amount_wan": amount})
        for c, amount in county.items():
            history.append({"year": year, "county_code": c, "source": "county_special",
                            "amount_wan": amount})
    write("history", history)
    (OUT / "policy.yaml").write_text(POLICY, encoding="utf-8")
    (OUT / "provenance.yaml").write_text(
        yaml.safe_dump(provenance(), allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8")
    checks(history)


POLICY = f"""\
# Jincheng city (晋城市), plan 2018. Generated by {SCRIPT}.
# Not synthetic: the counties and their poor are 001's. But the 2018 budgets, the county split of
# every amount and the needs are estimates: provenance.yaml says which (rests_on_estimates: true).
dataset:
  name: jincheng
  title: 晋城市5县(市) 2018年财政专项扶贫资金分配
  synthetic: false
  lang: zh                # the language of every output (allocate --lang en for English)
years:
  actuals: [2016, 2017]   # 2016: city and county level only (001-1.4 gives their growth)
  plan: [2018]
objective:
  mode: impact
factor_method:
  # ESTIMATE: only the remaining poor by county are printed (001-2.0), so the formula uses them
  weights: {{poor_population: 1.0}}
rules:
  # 003-p4's 逐年增加 is Hebei's rule, applied here borrowed; 双增长 (001-1.4) is the city's own
  # record of 2017. The 2018 budgets are estimated at 2017's level, so "strictly more" cannot be
  # asked of them: min_increase_wan 0 keeps "not less".
  R-INCREASE: {{status: hard, city_double_growth: true, min_increase_wan: 0, borrowed: "003-p4"}}
  R-COUNTY-FLOOR: {{status: hard, min_fraction_of_formula: 0.5}}  # 001-2.0 五个县都不能忽视
  R-EARMARK: {{status: "off"}}        # no deep-poverty county in Jincheng (004-1)
  R-GROWTH: {{status: "off"}}         # no provincial block allocations in this dataset
  R-REVOLVING: {{status: "off"}}
  R-RELENDING: {{status: "off"}}
  R-INDUSTRY-FUND: {{status: "off"}}
  R-LOTTERY: {{status: "off"}}
  # 004 §2, §4, §5: the 10 deep-poverty counties' programmes; none of them is in Jincheng (004-1)
  R-FOREST-QUOTA: {{status: "off"}}
  R-LABOUR-SUBSIDY: {{status: "off"}}
  R-EDUCATION-FIRST: {{status: "off"}}
  R-FARMLAND-TARGET: {{status: "off"}}
  R-PV-COVERAGE: {{status: "off"}}
  R-RELIEF-FUND: {{status: "off"}}    # a Hebei rule (003-p23)
  R-PREPAY: {{status: "off"}}         # no candidate projects
  R-DEADLINE: {{status: hard}}
"""


def provenance() -> dict:
    key = (f"split among the five counties in proportion to their remaining poor (001-2.0: "
           f"{', '.join(f'{c} {p:,}' for c, p in POOR.items())}; total {TOTAL_POOR:,}), "
           f"to 0.01 万元 ({SCRIPT}, split)")
    return {
        "dataset": {
            "rests_on_estimates": True,
            "note": "The counties' poor and the 2017 totals are seed clauses (001); the 2018 "
                    "budgets, the split of every amount among the counties, the needs and most "
                    "unit costs are estimates.",
        },
        "counties.csv": {
            "code": e("identifier", method="pinyin of the county name"),
            "name": e("identifier", ["001-2.0"]), "city": e("identifier", ["001-2.0"]),
            "designation": e("seed clause", ["001-0"],
                             method="陵川 and 沁水 are 省定贫困县 (001-0); the other three are not "
                             "poverty counties (非贫困县, 001-2.0)"),
            "deep": e("seed clause", ["004-1"],
                      method="none of the five is among the 10 deep counties"),
            "note": e("identifier", ["001-0"]),
        },
        "indicators.csv": {
            "county_code": e("identifier"),
            "year": e("identifier", method="figures as at the end of 2017 (the start of 2018, "
                      "when 001 was written, after 陵川 and 沁水 exited)"),
            "poor_population": e("seed clause", ["001-2.0"]),
            "poverty_incidence": e("seed clause", ["001-2.0"],
                                   method="printed for 陵川 and 沁水 only (0. 89% and 0. 83%)"),
            "rural_population": e("derived", ["001-2.0"],
                                  method="remaining poor / printed incidence, for 陵川 and 沁水 "
                                  "(common.rural_population)"),
        },
        "sources.csv": {c: e("identifier") for c in ("code", "name", "name_en", "kind", "block")}
        | {"level": e("seed clause", ["001-1.4"]),
           "earmark": e("seed clause", ["004-8"], method="central and provincial special funds")},
        "budgets.csv": {
            "source": e("identifier"), "year": e("identifier"), "city": e("identifier"),
            "county_code": e("identifier"),
            "amount_wan": [
                e("estimate", ["001-1.4"], rows={"source": ["central_special",
                                                            "provincial_special"]},
                  method="No 2018 figure at hand: central (130) and provincial (13,202.5) held at "
                  "their 2017 level (001-1.4)"),
                e("estimate", ["001-1.4"], rows={"source": "city_special"},
                  method=f"No 2018 figure at hand: city level {CITY_2018:,} 万元, an assumption "
                  f"just above the double-growth threshold 3,093 x 3,093 / 2,477.2 = 3,861.9"),
                e("estimate", ["001-1.4"], rows={"source": "county_special"},
                  method=f"No 2018 figure at hand: county level held at 2017's {COUNTY_2017:,} "
                  f"(= 11,097.37 - 3,093, 001-1.4), " + key),
            ],
        },
        "categories.csv": {
            "code": e("identifier"), "name": e("identifier"), "name_en": e("identifier"),
            "unit": e("identifier"), "note": e("identifier"),
            "unit_cost_wan": [
                e("seed clause", ["004-5"], rows={"code": "training"},
                  method="3,000 元 per person, the province's standard"),
                e("seed clause", ["004-3"], rows={"code": "housing"},
                  method="1.4 万元 per household, the province's standard"),
                e("estimate", method="health support 0.3 per person-year, industry 0.5 per "
                  "household, job support 0.5 per person, consolidation support 0.2 per person "
                  "and village consolidation 100 per village are assumptions"),
            ],
            "payment_profile": e("estimate", method="paid at once, except household industry "
                                 "support 60/40 over two years (an assumption)"),
            "benefit_per_unit": e("estimate", method=f"one poor person per person-unit; "
                                  f"{HOUSEHOLD} persons per household (an assumption); 0.3 for "
                                  f"support of people already exited (a lower value on those "
                                  f"out of poverty); 100 per village (about a third of its "
                                  f"original poor, 68,490 / 200, an assumption)"),
            "sources": e("estimate", method="every source may pay for every category (the "
                         "text does not restrict them)"),
        },
        "needs.csv": {
            "county_code": e("identifier"), "category": e("identifier"),
            "basis": e("identifier"),
            "units": [
                e("seed clause", ["001-2.4"], rows={"category": "relocation_jobs"},
                  method="the 1000余人 (over 1,000) relocated people without work at Lingchuan's "
                  "Shashangtou site, taken at 1,000"),
                e("estimate", ["001-0", "001-2.0", "001-2.1"],
                  method=f"from each county's remaining poor P (001-2.0): health support "
                  f"{ILL_SHARE:.0%} of P each year (001-2.1: 73% ill, disabled or without "
                  f"labour); training the other 27%; industry P / {HOUSEHOLD} households; "
                  f"housing 10% of those households (an assumption); consolidation support for "
                  f"the {EXITED:,} exited and the {VILLAGES} poverty villages (001-0), split "
                  f"among the counties in proportion to their remaining poor (an estimate; no "
                  f"county figures)"),
            ],
        },
        "history.csv": {
            "year": e("identifier"), "county_code": e("identifier"), "source": e("identifier"),
            "amount_wan": e("estimate", ["001-1.4"],
                            f"The city's totals are seed clauses: 2017 central 130, provincial "
                            f"13,202.5, city 3,093, county {COUNTY_2017:,} (= 11,097.37 - 3,093); "
                            f"2016 derived: city 3,093 - 615.8 = {CITY_2016:,}, county 11,097.37 "
                            f"- 4,214.41 - {CITY_2016:,} = {COUNTY_2016:,}; central and "
                            f"provincial 2016 not given. Each county's amount is an estimate: "
                            + key),
        },
    }


def checks(history: list[dict]) -> None:
    assert TOTAL_POOR == 9_999
    total_2017 = sum(h["amount_wan"] for h in history if h["year"] == 2017)
    assert abs(total_2017 - 24_429.87) < 0.005, total_2017
    threshold = CITY_2017 * CITY_2017 / CITY_2016
    assert threshold <= CITY_2018, (CITY_2018, threshold)
    print(f"ok  remaining poor {TOTAL_POOR:,}; 2017 funds {total_2017:,.2f} 万元; city 2018 "
          f"{CITY_2018:,} >= double-growth threshold {threshold:,.1f}")


if __name__ == "__main__":
    main()
