"""What the money bar charts share: the value axis in the locale's number format with the
currency the tables show ("6 000 000" on an axis named "сом", never plotly's "6M"), and long category labels
wrapped onto lines rather than cut, so the bars keep their names on a phone."""
import re
import textwrap
from decimal import Decimal

from babel.numbers import get_decimal_symbol, get_group_symbol

from .i18n import money

_NUMBER = re.compile(r"[\d.,\s\u00a0\u202f]*\d")


def wrap(label, width=16, lines=3) -> str:
    """The label on up to ``lines`` lines of about ``width`` characters (plotly's ``<br>``),
    with the text's own ``<``, ``>`` and ``&`` shown as written."""
    parts = textwrap.wrap(str(label), width, break_long_words=False) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1].rstrip(" ,.;:") + "…"
    return "<br>".join(p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for p in parts)


# the category axis: wrapped labels kept clear of the bars (plotly measures some scripts, Armenian
# among them, a few pixels short and drew their last letters under the bars)
LABEL_AXIS = {"autorange": "reversed", "automargin": True, "ticklabelstandoff": 8}


def money_axis(locale, currency) -> tuple[dict, dict]:
    """``(layout, axis)`` settings for a value axis of money: the locale's decimal mark and
    thousands separator (``layout.separators``), whole numbers without SI suffixes, and the
    currency as the tables write it, as the axis title."""
    sample = money(Decimal(1), currency, locale)
    found = _NUMBER.search(sample)
    prefix, suffix = (sample[:found.start()], sample[found.end():]) if found else ("", "")
    layout = {"separators": get_decimal_symbol(locale) + get_group_symbol(locale)}
    # the currency names the axis once: on every tick it made the labels too long for a phone
    axis = {"tickformat": ",.0f", "exponentformat": "none", "separatethousands": True, "nticks": 3, "tickangle": 0,
            "title": {"text": (prefix + suffix).strip(), "standoff": 4}, "automargin": True}
    return layout, axis
