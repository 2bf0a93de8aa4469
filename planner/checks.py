"""The checks services share: text (required, length) and amounts (typed in a form or read
from an imported table). Each refusal is a ServiceError naming the form field."""
import re
from decimal import Decimal, InvalidOperation

from flask_babel import ngettext

from .errors import ServiceError
from .i18n import gettext as _

MAX_AMOUNT = Decimal("999999999999.99")  # Numeric(14, 2), the money columns
ZERO = Decimal("0.00")
_CENTS = Decimal("0.01")


def text(value, field, limit, required=False) -> str:
    """``value`` stripped; refused if empty (when ``required``) or longer than ``limit``."""
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(_("This field is required."), field=field)
    if len(value) > limit:
        raise ServiceError(too_long(limit), field=field)
    return value


def too_long(limit) -> str:
    """The refusal of a text longer than ``limit`` characters, with the plural form of ``limit``
    (ru: 1 символ, 2 символа, 5 символов)."""
    return ngettext("At most %(num)s character.", "At most %(num)s characters.", limit)


def too_many_rows(limit) -> str:
    """The refusal of an imported file longer than ``limit`` rows."""
    return ngettext("The file has more than %(num)s row.", "The file has more than %(num)s rows.", limit)


def amount(value, field, *, blank=ZERO, negative=False, maximum=MAX_AMOUNT) -> Decimal | None:
    """An amount of money to the cent; ``blank`` for an empty value. Refused: not a number,
    negative (unless ``negative``), or beyond ``maximum`` either way."""
    if value is None or value == "":
        return blank
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ServiceError(_("Enter an amount, for example 125000."), field=field) from None
    if not result.is_finite():
        raise ServiceError(_("Enter an amount, for example 125000."), field=field)
    if result < 0 and not negative:
        raise ServiceError(_("The amount cannot be negative."), field=field)
    if abs(result) > maximum:
        raise ServiceError(_("The amount is too large."), field=field)
    return result.quantize(_CENTS)


def parse_amount(value, places=2, maximum=MAX_AMOUNT) -> Decimal | None:
    """An amount as people and accounting programmes write it: ``12 500,50``, ``12,500.50``,
    ``−12500.5`` (the last of ``,``/``.`` is the decimal mark), with at most ``places``
    decimals; None if it is not one, or beyond ``maximum``."""
    value = re.sub(r"[\s\u00a0\u202f']", "", str(value or ""))
    if not value:
        return None
    if "," in value and "." in value and value.rfind(".") > value.rfind(","):
        value = value.replace(",", "")  # 12,500.50
    else:
        value = value.replace(".", "").replace(",", ".") if "," in value and "." in value else value.replace(",", ".")
    if not re.fullmatch(rf"[-−]?\d+(\.\d{{1,{places}}})?", value):
        return None
    try:
        result = Decimal(value.replace("−", "-"))
    except InvalidOperation:
        return None
    return result if abs(result) <= maximum else None
