"""Supports: verified residents back the proposals and problems they want taken up, one
support per resident and item, counted and sortable (the habit residents know from Decidim
and CONSUL)."""
from .views import bp  # noqa: F401
