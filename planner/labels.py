"""How templates read the names of codes and kinds: ``labels.<feature>.<NAME>``, one
namespace per feature, so that a name never means two things (``KIND_LABELS`` is plan
kinds in plans, question kinds in surveys, line kinds in the budget).

``labels.plans.KIND_LABELS[plan.kind]``, ``labels.surveys.KIND_LABELS[q.kind]``: each
namespace is the feature's module of label dictionaries (``labels.py``, or ``forms.py``
where the forms' choices are built from them), imported when a template first reads it.
A new feature adds one line to FEATURES."""
from importlib import import_module

FEATURES = {
    "municipalities": "planner.municipalities.forms",
    "plans": "planner.plans.forms",
    "surveys": "planner.surveys.forms",
    "ballots": "planner.surveys.ballots.forms",
    "monitoring": "planner.monitoring.forms",
    "budget": "planner.budget.forms",
    "budgeting": "planner.budgeting.forms",
    "workshops": "planner.workshops.labels",
}


class Labels:
    """The ``labels`` template global."""

    def __getattr__(self, feature):
        try:
            module = FEATURES[feature]
        except KeyError:
            raise AttributeError(feature) from None
        return import_module(module)


def init_app(app):
    app.jinja_env.globals["labels"] = Labels()
