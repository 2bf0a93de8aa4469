"""The plan sheet's funding shares follow the house rounding rule (planner.numbers):
exact, half up, one decimal (6.25 % shows as 6.3, not 6.2)."""
from decimal import Decimal

from planner.plans.models import FUNDING_SOURCES
from planner.plans.snapshots import Sheet


def _sheet(**funding):
    amounts = {key: funding.get(key, "0") for key in FUNDING_SOURCES}
    total = str(sum(Decimal(v) for v in amounts.values()))
    return Sheet({"sections": [{"id": 1, "title": "Water"}],
                  "activities": [{"id": 1, "section_id": 1, "funding": amounts, "total": total}]})


def test_shares_are_rounded_half_up():
    sheet = _sheet(local="15.00", community_cash="1.00")
    assert sheet.community_share == Decimal("6.3")
    assert sheet.share("local") == Decimal("93.8")
    assert sheet.share("donor") == Decimal("0.0")


def test_an_empty_plan_has_no_share():
    assert _sheet().community_share == Decimal("0.0")
