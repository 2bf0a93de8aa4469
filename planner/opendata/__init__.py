"""Open data of a municipality: a ZIP of UTF-8 CSV files with a README (CC BY 4.0) at
``/m/<slug>/open-data.zip``, and one plan's or one ballot's CSV."""
from .views import bp  # noqa: F401
