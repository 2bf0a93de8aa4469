"""Joint monitoring operations: plain functions that add, flush and log; never commit.

groups.py holds the groups, their members and monitoring plans; reports.py the reports and
their photos; spending.py the rows imported from accounting. Their public names are here, so
that callers write ``services.create_report``."""
from .groups import (  # noqa: F401
    add_member,
    add_plan_item,
    composition,
    create_group,
    remove_member,
    remove_plan_item,
    update_group,
    update_member,
)
from .reports import (  # noqa: F401
    add_photo,
    approve_report,
    create_report,
    plan_accepts_reports,
    remove_photo,
    return_report,
    update_report,
)
from .spending import import_spending  # noqa: F401
