"""Open data of a municipality: a ZIP of UTF-8 CSV files with a README (CC BY 4.0) at
``/m/<slug>/open-data.zip``, built by a job after the data changes and served from the
stored file, and one plan's or one ballot's CSV. ``flask opendata build`` builds from cron."""
from .views import bp  # noqa: F401


def init_app(app):
    from . import rebuild

    rebuild.init_app(app)
