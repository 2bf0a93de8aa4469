"""Every print view in planner/plans declares A4 and its margins (issue 14, Plans)."""
import re
from pathlib import Path

import planner

TEMPLATES = Path(planner.__file__).parent / "plans" / "templates" / "plans"
STATIC = Path(planner.__file__).parent / "static"


def _page_rules(css):
    return re.findall(r"@page\s*\{([^}]*)\}", css)


def test_every_plans_print_view_declares_a4_and_margins():
    prints = [p for p in TEMPLATES.glob("*.html") if "print" in p.name]
    assert prints, "the plan print template moved?"
    for template in prints:
        html = template.read_text()
        sheets = re.findall(r"static_url\('([^']+\.css)'\)", html)
        rules = [r for name in sheets for r in _page_rules((STATIC / name).read_text())]
        rules += _page_rules(html)
        assert any("size:A4" in r.replace(" ", "").replace("size:A4landscape", "size:A4") and "margin" in r
                   for r in rules), template.name


def test_print_page_links_its_print_rules(client, make_plan):
    plan = make_plan(stage="approved")
    html = client.get(f"/m/{plan.municipality.slug}/plans/{plan.id}/print?version=1").get_data(as_text=True)
    assert "plans.css" in html and '<abbr title="Local budget">LB</abbr>' in html
    assert "LB</abbr> — Local budget" in html  # the legend spells the abbreviations out
