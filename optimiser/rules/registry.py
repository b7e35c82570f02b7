"""The rule families, in the order the model adds them and reports list them."""

from __future__ import annotations

from optimiser.rules.base import RuleFamily
from optimiser.rules.budget import Budget
from optimiser.rules.county_floor import CountyFloor
from optimiser.rules.deadline import Deadline
from optimiser.rules.earmark import Earmark
from optimiser.rules.education_first import EducationFirst
from optimiser.rules.eligibility import Eligibility
from optimiser.rules.farmland_target import FarmlandTarget
from optimiser.rules.forest_quota import ForestQuota
from optimiser.rules.growth import Growth
from optimiser.rules.increase import Increase
from optimiser.rules.industry_fund import IndustryFund
from optimiser.rules.labour_subsidy import LabourSubsidy
from optimiser.rules.lottery import Lottery
from optimiser.rules.need import Need
from optimiser.rules.payment import Payment
from optimiser.rules.prepay import Prepay
from optimiser.rules.project import Project
from optimiser.rules.pv_coverage import PvCoverage
from optimiser.rules.relending import Relending
from optimiser.rules.relief_fund import ReliefFund
from optimiser.rules.revolving import Revolving

FAMILIES: tuple[RuleFamily, ...] = (
    Budget(),
    Eligibility(),
    Need(),
    Payment(),
    Project(),
    Earmark(),
    Growth(),
    Revolving(),
    Relending(),
    IndustryFund(),
    Lottery(),
    ForestQuota(),
    LabourSubsidy(),
    EducationFirst(),
    Increase(),
    Prepay(),
    ReliefFund(),
    Deadline(),
    FarmlandTarget(),
    PvCoverage(),
    CountyFloor(),
)
BY_ID: dict[str, RuleFamily] = {family.id: family for family in FAMILIES}
