"""The public discussion's period: its end date (chosen when it opens) and the days left."""
from datetime import date, timedelta

from flask_babel import gettext as _

from ..errors import ServiceError

DEFAULT_DAYS = 30  # a month, the usual period for residents to read, comment and propose
LONGEST_DAYS = 366


def today() -> date:
    return date.today()


def default_end() -> date:
    return today() + timedelta(days=DEFAULT_DAYS)


def checked_end(ends_on):
    """The end date given when the discussion opens: after today, within a year."""
    if ends_on is None:
        return default_end()
    if ends_on <= today():
        raise ServiceError(_("The discussion must end after today."), field="ends_on")
    if ends_on > today() + timedelta(days=LONGEST_DAYS):
        raise ServiceError(_("The discussion can last a year at most."), field="ends_on")
    return ends_on


def days_left(plan):
    """Whole days from today to the end date (0 on the last day, negative once past), or
    None when the plan is not in discussion or has no end date."""
    if plan.stage != "discussion" or plan.discussion_ends_on is None:
        return None
    return (plan.discussion_ends_on - today()).days
