"""R-PV-COVERAGE: every poverty village of the 10 deep counties is covered by photovoltaic
poverty stations (004 §4: 尽快在10个深度贫困县实现贫困村光伏扶贫全覆盖).

全覆盖 makes it a target: every deep county's need of `category` (needs.csv: its poverty villages
without a station, one village station each) is started by the end of `year`. 尽快 (as soon as
possible) sets no year; 2020, the end of the document's four years (004 opening: 今后4年,
2017-2020), is an assumption. The target's arithmetic is optimiser.rules.target's:

    sum_{y in run, y <= year} units[c, pv_village, y] >= need[c, pv_village]
    (a run ending before `year`, pace even: >= need * n / (year - first + 1))

for each deep county c with a need; units include the county's station projects.

The same clause says what coverage is for: 切实保障集体经济“破零”和深度贫困户每户增收3000元 (each
deep-poverty household gains 3,000 元). That is not modelled: the datasets carry neither the
number of deep-poverty households (深度贫困群体, households whose main labour has lost its
capacity) per county nor the income a station yields per household, and neither is in the
documents for 2017-2020, so a floor on it would rest on invented figures. Coverage is the
measurable reading: the stations are the means the clause names, and a covered village is one
whose households can be paid the gain.
"""

from pydantic import Field

from optimiser.rules.target import TargetFamily, TargetParams, target_year


class PvCoverage(TargetFamily):
    id = "R-PV-COVERAGE"
    title_zh = "深度贫困县贫困村光伏扶贫全覆盖"
    title_en = "PV stations in every poverty village of the deep counties"
    citations = ("004-4",)
    quotes = {"004-4": "贫困村光伏扶贫全覆盖"}
    dual_unit = "objective units per station"
    sentences = {
        "binding": {
            "en": "The PV coverage {instance} forces {rhs} village stations to be built by then.",
            "zh": "光伏全覆盖【{instance}】要求届时建设村级电站 {rhs} 座。",
        },
        "value": {
            "en": "Each station less to build by then would improve the plan by {gain} "
            "{objunit} {range}.",
            "zh": "每少要求建设1座电站，方案可改善 {gain} {objunit}{range}。",
        },
        "conflict": {
            "en": "The PV coverage {instance} requires {rhs} village stations by then.",
            "zh": "光伏全覆盖【{instance}】要求届时建设村级电站 {rhs} 座。",
        },
        "shortfall": {
            "en": "The PV coverage {instance} falls short by {short} station(s) (started "
            "{lhs} of {rhs}).",
            "zh": "光伏全覆盖【{instance}】差 {short} 座（启动 {lhs}，要求 {rhs}）。",
        },
        "relax": {
            "en": "Building {short} stations fewer of {instance} by then would do it.",
            "zh": "将【{instance}】届时少建 {short} 座电站即可。",
        },
    }
    limit_unit_en = "station"
    limit_unit_zh = "座"

    class Params(TargetParams):
        category: str = Field(
            "pv_village", description="the category of village PV stations (one a village)"
        )
        year: int = target_year(
            "the year by whose end every poverty village of the deep counties has "
            "a station (work started); 尽快 sets none: 2020, the end of the document's period "
            "2017-2020, is an assumption"
        )
