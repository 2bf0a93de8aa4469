"""The house rules for the figures people read: one rounding rule and one ranking rule.

Rounding: every percentage and average shown is computed here, in Python, exactly (with
``Fraction``) from integer counts and sums that the database returns, and rounded half up
(away from zero on a tie): 23 of 80 is 28.75 % and shows as 28.8; an average of 3.125
shows as 3.13. Never ``avg()`` or a cast in SQL (SQLite averages in binary floating point,
PostgreSQL in exact numerics, so the same answers gave 3.12 on one and 3.13 on the other),
and never a float (0.2875 * 100 is 28.749999…, which showed as 28.7).

Ranking: survey ranking questions and ranking ballots use one rule, the Borda count with
the pessimistic treatment of partial rankings ("domination Borda" in Terzopoulou and
Endriss, 2021; ``pref_voting.scoring_methods.domination_borda_scores``): with *n* options,
the option in place *i* earns *n − i* points (first place n − 1, last place 0) and an
option left unranked earns nothing. A full ranking therefore gives the classic Borda
scores, and a partial ranking gives each ranked option one point for every option placed
below it. ``borda_points`` works on numbers and on SQL column expressions alike."""
from decimal import Decimal
from fractions import Fraction
from math import floor

from flask_babel import gettext, ngettext

PERCENT_PLACES = 1
MEAN_PLACES = 2


def round_half_up(value, places: int) -> Decimal:
    """``value`` (int, Decimal or Fraction) to ``places`` decimals, half up. A float is
    refused: its binary value is not the number meant (0.2875 * 100 is 28.749999…)."""
    exact = Fraction(_exact(value)) * 10 ** places
    magnitude = floor(abs(exact) + Fraction(1, 2))
    return Decimal(-magnitude if exact < 0 else magnitude).scaleb(-places)


def percent(part, whole, places: int = PERCENT_PLACES) -> Decimal:
    """``part`` as a percentage of ``whole``, rounded half up; 0 when ``whole`` is 0."""
    if not whole:
        return round_half_up(0, places)
    return round_half_up(Fraction(_exact(part)) * 100 / Fraction(_exact(whole)), places)


def mean(total, count: int, places: int = MEAN_PLACES) -> Decimal | None:
    """The average of ``count`` values adding up to ``total``, rounded half up; None if none."""
    if not count:
        return None
    return round_half_up(Fraction(_exact(total)) / count, places)


def _exact(value):
    if isinstance(value, float):
        raise TypeError("percentages and averages are worked out from exact numbers, not floats")
    return value


def borda_points(rank, options):
    """Borda points for place ``rank`` (1 = first) among ``options`` options: options − rank.
    An unranked option has no place and earns nothing (callers add no row for it)."""
    return options - rank


def rounding_sentence() -> str:
    """The rounding rule, as the results pages state it."""
    return gettext("Percentages are rounded half up to one decimal (28.75 becomes 28.8), averages half up "
                   "to two decimals.")


def borda_sentence(options: int) -> str:
    """The ranking rule for ``options`` options, as voters and readers of results see it."""
    return ngettext("Borda count: with %(n)s options, first place earns %(num)s point, second place one point less, "
                    "and so on down to 0 for last place; an option you do not rank earns nothing.",
                    "Borda count: with %(n)s options, first place earns %(num)s points, second place one point "
                    "less, and so on down to 0 for last place; an option you do not rank earns nothing.",
                    max(options - 1, 0), n=options)
