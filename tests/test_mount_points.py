"""One Redis (or one process) may serve the app at two addresses ("/" and "/planner/"):
every page kept whole or in parts, and the static files' hashed names, must then be kept per
address. Each of the demo's main pages is drawn at "/" first, then asked at "/planner/":
every link, form target and script of the second must be under "/planner/"."""
import re

import pytest
from sqlalchemy import select, text

from planner import page_cache
from planner.auth.models import User

from bench.run import PAGES


def _outside(html, root):
    return [url for url in re.findall(r'(?:href|action|src)="(/[^"]*)"', html) if not url.startswith(root)]


@pytest.fixture
def demo(runner, app, db):
    """The demo, with the ids of a fresh database (bench/run.py's addresses name them): the
    tests empty the tables with DELETE, so PostgreSQL's sequences are started again first."""
    page_cache.clear()
    if db.engine.dialect.name == "postgresql":
        names = db.session.scalars(text("SELECT sequence_name FROM information_schema.sequences "
                                        "WHERE sequence_schema = current_schema()")).all()
        for name in names:
            db.session.execute(text(f'ALTER SEQUENCE "{name}" RESTART'))
        db.session.commit()
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    yield
    page_cache.clear()


def _client(app, db, email):
    client = app.test_client()
    client.set_cookie("lang", "en")
    if email:
        user_id = db.session.scalar(select(User).where(User.email == email)).get_id()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user_id, True
    return client


def test_every_main_page_is_kept_per_address(make_app, demo, db):
    app = make_app(PAGE_CACHE_SECONDS=30)  # the whole-page cache on too, as in production
    checked = 0
    for name, path, email in PAGES:
        client = _client(app, db, email)
        first = client.get(path)
        if first.status_code != 200 or first.mimetype != "text/html":
            continue
        mounted = client.get(path, base_url="http://localhost/planner/")
        assert mounted.status_code == 200, name
        html = mounted.get_data(as_text=True)
        assert _outside(html, "/planner/") == [], name
        assert '"/planner/' in html, name
        checked += 1
    assert checked >= 25
