"""R-ELIGIBILITY: a source pays only for the categories that list it.

x[s, county, category, y] = 0   unless s is in categories.csv `sources` of the category
"""

from optimiser.rules.base import RuleFamily


class Eligibility(RuleFamily):
    id = "R-ELIGIBILITY"
    structural = True
    title_zh = "资金使用范围"
    title_en = "Which sources may pay for which categories"
    basis = "categories.csv column `sources`: the dataset states each source's permitted uses"
    dual_unit = "objective units per 万元"
