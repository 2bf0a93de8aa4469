"""Bare pages: for each main page of the app, the same rows read with one SQL query and shown
in a plain template, by a minimal Flask app outside planner (no login, no forms, no
translations, no permission checks). bench/run.py serves it with gunicorn beside the app on
the same database and reports every page as a ratio of its bare page.

    PLANNER_BARE_DATABASE=/path/to/bench.db gunicorn -w 2 bench.bare:app

SQLite only (the bench's database). Each query selects what the page shows, in its order and
number (a members or audit page shows 50 rows, as the app's pages do)."""
import os
import sqlite3

from flask import Flask, abort, g

TEMPLATE = """<!doctype html><html lang="ky"><head><meta charset="utf-8"><title>{{ name }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><h1>{{ name }}</h1>
<table><thead><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for v in row %}<td>{{ v if v is not none else "" }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></body></html>"""

TOWN = "(SELECT id FROM municipalities WHERE slug = 'jashyl-oron')"

# bare page name -> one query. bench/run.py names the bare page of each app page.
QUERIES = {
    "municipality": f"""SELECT p.title, p.kind, p.year_from, p.year_to, p.stage, v.name
        FROM municipalities m LEFT JOIN plans p ON p.municipality_id = m.id
        LEFT JOIN villages v ON v.municipality_id = m.id WHERE m.id = {TOWN} ORDER BY p.id, v.name""",
    "members": f"""SELECT u.name, u.email, m.role, m.status, v.name FROM memberships m
        JOIN users u ON u.id = m.user_id LEFT JOIN villages v ON v.id = m.village_id
        WHERE m.municipality_id = {TOWN} ORDER BY u.name LIMIT 50""",
    "audit": f"""SELECT e.created_at, u.name, e.action, e.object_type, e.object_id, e.detail FROM audit_entries e
        LEFT JOIN users u ON u.id = e.user_id WHERE e.municipality_id = {TOWN} ORDER BY e.id DESC LIMIT 50""",
    "plans": f"SELECT title, kind, year_from, year_to, stage FROM plans WHERE municipality_id = {TOWN} ORDER BY id",
    "plan": """SELECT s.position, s.title, a.position, a.description, a.responsible, a.partners, a.start_month,
        a.end_month, a.expected_result, a.fund_local, a.fund_republican, a.fund_community_cash,
        a.fund_community_kind, a.fund_donor, a.fund_private
        FROM activities a JOIN plan_sections s ON s.id = a.section_id WHERE a.plan_id = 1
        ORDER BY s.position, a.position""",
    "surveys": f"SELECT title, opens_on, closes_on FROM surveys WHERE municipality_id = {TOWN} ORDER BY id DESC",
    "survey-results": """SELECT q.position, q.text, c.position, c.text, count(a.id) FROM questions q
        LEFT JOIN choices c ON c.question_id = q.id LEFT JOIN survey_answers a ON a.choice_id = c.id
        WHERE q.survey_id = 1 GROUP BY q.id, c.id ORDER BY q.position, c.position""",
    "meetings": f"""SELECT m.held_on, m.kind, v.name, m.target_group, sum(t.count) FROM meetings m
        LEFT JOIN villages v ON v.id = m.village_id LEFT JOIN meeting_attendance t ON t.meeting_id = m.id
        WHERE m.municipality_id = {TOWN} GROUP BY m.id ORDER BY m.held_on DESC""",
    "problems": f"""SELECT p.text, v.name, p.sector, p.source_kind, p.times_raised, p.status FROM problems p
        LEFT JOIN villages v ON v.id = p.village_id WHERE p.municipality_id = {TOWN} ORDER BY p.times_raised DESC""",
    "ballots": f"SELECT title, method, opens_at, closes_at FROM ballots WHERE municipality_id = {TOWN} ORDER BY id DESC",
    "ballot": """SELECT b.title, b.method, b.max_choices, o.position, o.text FROM ballots b
        JOIN ballot_options o ON o.ballot_id = b.id WHERE b.id = 2 ORDER BY o.position""",
    "ballot-results": """SELECT o.position, o.text, count(v.id), sum(v.value) FROM ballot_options o
        LEFT JOIN ballot_votes v ON v.option_id = o.id AND v.ballot_id = o.ballot_id WHERE o.ballot_id = 1
        GROUP BY o.id ORDER BY count(v.id) DESC""",
    "priorities": f"SELECT rank, title, score FROM priorities WHERE municipality_id = {TOWN} ORDER BY ballot_id DESC, rank",
    "dashboard": """SELECT s.position, a.position, a.description, a.start_month, a.end_month, r.status, r.progress,
        a.fund_local + a.fund_republican + a.fund_community_cash + a.fund_community_kind + a.fund_donor
        + a.fund_private FROM activities a JOIN plan_sections s ON s.id = a.section_id
        LEFT JOIN monitoring_reports r ON r.activity_id = a.id AND r.state = 'approved'
        WHERE a.plan_id = 1 ORDER BY s.position, a.position, r.id""",
    "report": """SELECT r.period_year, r.period_number, r.status, r.progress, r.findings, r.problems,
        r.recommendations, a.description FROM monitoring_reports r JOIN activities a ON a.id = r.activity_id
        WHERE r.id = 1""",
    "monitoring-group": """SELECT coalesce(u.name, m.name), u.email, m.kind, m.sex, m.role FROM monitoring_group_members m
        LEFT JOIN users u ON u.id = m.user_id WHERE m.group_id = 1 ORDER BY m.id""",
    "reports": """SELECT r.period_year, r.period_number, r.status, r.progress, r.state, a.description
        FROM monitoring_reports r JOIN activities a ON a.id = r.activity_id WHERE r.plan_id = 1
        ORDER BY r.id DESC""",
    "budget": f"""SELECT l.code, l.name, l.kind, l.approved, sum(m.plan), sum(m.actual) FROM budget_lines l
        JOIN budget_years y ON y.id = l.budget_id LEFT JOIN budget_months m ON m.line_id = l.id
        WHERE y.municipality_id = {TOWN} AND y.year = 2026 GROUP BY l.id ORDER BY l.position""",
}

app = Flask(__name__)
# Compiled once, as a template file is (Flask keeps loaded templates); render_template_string would
# compile it again on every request, about 2 ms that no page of the app pays.
PAGE = app.jinja_env.from_string(TEMPLATE)


def _db():
    if "db" not in g:
        g.db = sqlite3.connect(os.environ["PLANNER_BARE_DATABASE"])
    return g.db


@app.teardown_appcontext
def _close(_exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.route("/bare/<name>")
def bare(name):
    query = QUERIES.get(name)
    if query is None:
        abort(404)
    cursor = _db().execute(query)
    columns = [d[0] for d in cursor.description]
    return PAGE.render(name=name, columns=columns, rows=cursor.fetchall())
