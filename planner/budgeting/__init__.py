"""Participatory budgeting: ballots of costed projects within a budget, winners by a rule
chosen before voting (greedy, equal shares, knapsack), results explained, pabulib exchange,
paper ballots entered one by one and confirmed by a second person."""
from . import paper_views  # noqa: F401  (its routes, on the budgeting blueprint)
from . import public  # noqa: F401  (its section of the public page)
from .views import bp
