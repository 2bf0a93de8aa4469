"""planner: participatory local planning for rural municipalities."""
from flask import Flask

from . import config as config_module


def create_app(config=None):
    app = Flask(__name__, instance_relative_config=True)
    config_module.load(app, config)

    if app.config["PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from . import actions, database, i18n, jobs, page_cache, web  # noqa: F401  (page_cache: its table and listeners)
    from .extensions import babel, cache, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    database.init_app(app)
    actions.init_app(app)
    migrate.init_app(app, db, directory=str(config_module.ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    cache.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    i18n.init_app(app)
    mail.init_app(app)
    jobs.init_app(app)
    web.init_app(app)

    from . import (api, auth, budget, budgeting, feeds, monitoring, municipalities, opendata, plans, public,
                   surveys, workshops)
    from . import mail as mail_feature
    from . import notifications
    from .auth import mail_views

    for package in (auth, mail_views, municipalities, public, plans, surveys, monitoring, budget, budgeting,
                    workshops, mail_feature, notifications, feeds, opendata):
        app.register_blueprint(package.bp)
    app.register_blueprint(workshops.live_bp)
    for blueprint in surveys.more_blueprints:
        app.register_blueprint(blueprint)
    from . import participation, supports

    app.register_blueprint(supports.bp)
    app.register_blueprint(participation.bp)
    api.init_app(app)
    notifications.init_app(app)
    opendata.init_app(app)

    from . import cli

    cli.init_app(app)
    return app
