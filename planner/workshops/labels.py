"""What the workshops' codes are called on pages (``labels.workshops`` in templates, planner/labels.py)."""
from ..i18n import LANGUAGE_NAMES, lazy_gettext as _l

TOPIC_LABELS = {
    "sedp_kinds": _l("The SEDP and its kinds"),
    "legal": _l("Legal requirements for planning"),
    "participation": _l("The model of citizen participation"),
    "sedp_method": _l("The SEDP method"),
    "jap": _l("Drafting a joint action plan"),
    "organising": _l("Organising the process and resourcing it"),
    "monitoring": _l("Monitoring the plan and agreeing it with the community"),
    "council": _l("Review by the local council"),
}
SEX_LABELS = {"f": _l("Woman"), "m": _l("Man")}
SEX_PLURAL = {"f": _l("Women"), "m": _l("Men")}
AGE_LABELS = {"under-18": _l("under 18"), "18-29": _l("18–29"), "30-44": _l("30–44"), "45-59": _l("45–59"),
              "60+": _l("60 and over")}
ROLE_LABELS = {
    "staff": _l("Municipal staff"),
    "deputy": _l("Deputy"),
    "initiative_group": _l("Initiative group"),
    "monitoring_group": _l("Monitoring group"),
    "head": _l("Head of the municipality"),
    "resident": _l("Resident"),
    "other": _l("Other"),
}
EXERCISE_LABELS = {"poll": _l("One-question poll"), "priority": _l("Priority vote"),
                   "brainstorm": _l("Problem brainstorm")}
LANGUAGE_LABELS = LANGUAGE_NAMES
