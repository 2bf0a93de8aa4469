"""``plan_money``, the plans templates' money filter: the fast :func:`planner.i18n.money`
under its old name (one implementation, Babel's text for every locale and currency)."""
from ..i18n import money

plan_money = money
