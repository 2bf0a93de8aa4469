"""The checks every plan service shares: text and amounts, editability, stage changes."""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from ... import audit
from ...checks import text
from ...errors import ServiceError
from ...extensions import db
from ..models import EDITABLE_STAGES, StageChange

MAX_MONEY = Decimal("999999999999.99")


clean_text = text  # ``value`` stripped; refused when longer than ``limit`` or, if ``required``, empty


def clean_money(value, field):
    """An amount of money, two decimals (0 when empty); refused when not a number, negative or too large."""
    if value in (None, ""):
        return Decimal("0")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ServiceError(_("Enter an amount, for example 125000."), field=field)
    if not amount.is_finite():
        raise ServiceError(_("Enter an amount, for example 125000."), field=field)
    if amount < 0:
        raise ServiceError(_("The amount cannot be negative."), field=field)
    if amount > MAX_MONEY:
        raise ServiceError(_("The amount is too large."), field=field)
    return amount.quantize(Decimal("0.01"))


def require_editable(plan):
    if plan.stage not in EDITABLE_STAGES:
        raise ServiceError(_("This plan is not a draft any more: it cannot be edited. Start an amendment to change an approved plan."))


def change_stage(plan, by, to_stage, note="", version=None):
    change = StageChange(plan_id=plan.id, from_stage=plan.stage, to_stage=to_stage, note=note,
                         by_id=getattr(by, "id", None), version=version)
    plan.stage = to_stage
    db.session.add(change)
    audit.record(by, f"plan.{to_stage}", plan, plan.municipality_id, note)
    return change
