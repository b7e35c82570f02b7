"""R-PAYMENT: work started in a year is paid over the years after by its category's payment
profile, and earlier commitments are paid first.

    pay[county, category, y] = sum_{k >= 0} profile[category][k] * cost * units[county, category, y-k]
                               + commitments[county, category, y]
"""

from optimiser.rules.base import RuleFamily


class Payment(RuleFamily):
    id = "R-PAYMENT"
    title_zh = "分年拨付与结转承诺"
    title_en = "Payment profiles and carried commitments"
    citations = ("PUB-SX-FARMLAND-1",)
    basis = "categories.csv `payment_profile` and commitments.csv"
    dual_unit = "objective units per 万元"
