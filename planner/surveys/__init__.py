"""Resident input: questionnaires (``surveys``), meetings (``meetings``), the problem register
(``problems``) and the priority ballots (``ballots``), each its own blueprint."""
from . import answer_views, public_section, results_views  # noqa: F401  (more survey routes; the public section)
from .ballots import bp as ballots_bp
from .meeting_views import bp as meetings_bp
from .problem_views import bp as problems_bp
from .views import bp  # noqa: F401

#: The blueprints besides ``bp`` that ``create_app`` registers.
more_blueprints = (meetings_bp, problems_bp, ballots_bp)
