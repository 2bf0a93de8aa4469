"""The shared checks of text and amounts (planner/checks.py)."""
from decimal import Decimal as D

import pytest

from planner import checks
from planner.errors import ServiceError


def _refusal(call, *args, **kwargs):
    with pytest.raises(ServiceError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_text(app):
    with app.test_request_context():
        assert checks.text("  Water  ", "title", 10) == "Water"
        assert checks.text(None, "title", 10) == ""
        assert _refusal(checks.text, " ", "title", 10, required=True).field == "title"
        error = _refusal(checks.text, "x" * 11, "place", 10)
        assert error.field == "place" and "10" in error.message


def test_amount(app):
    with app.test_request_context():
        assert checks.amount("125000", "fund") == D("125000.00")
        assert checks.amount("", "fund") == D("0.00") and checks.amount(None, "fund", blank=None) is None
        assert checks.amount(D("-5.005"), "x", negative=True) == D("-5.00")  # half even, as Decimal's quantize
        for bad in ("abc", "NaN", "Infinity", "-1", "1000000000000"):
            assert _refusal(checks.amount, bad, "fund").field == "fund"
        assert checks.amount("1000000000000", "x", maximum=D("9999999999999.99")) == D("1000000000000.00")


def test_parse_amount():
    assert checks.parse_amount("12 500,50") == D("12500.50")
    assert checks.parse_amount("12,500.50") == D("12500.50")
    assert checks.parse_amount("12.500,5") == D("12500.5")
    assert checks.parse_amount("−7") == D("-7")
    assert checks.parse_amount("1,234") is None  # three decimals: not an amount to the cent
    assert checks.parse_amount("26 693,126", places=3) == D("26693.126")
    assert checks.parse_amount("1e5") is None and checks.parse_amount("") is None
    assert checks.parse_amount("1000000000000") is None
