"""Participatory budgeting: ballots of costed projects within a budget, winners by a rule
chosen before voting (greedy, equal shares, knapsack), results explained, pabulib exchange."""
from . import public  # noqa: F401  (its section of the public page)
from .views import bp
