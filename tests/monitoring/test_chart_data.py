"""The progress dashboard carries its chart data through ``|tojson``: a section title
cannot close the script block."""
from tests.numbers.pages import EVIL, chart_blocks, shown


def test_section_title_stays_text_in_the_charts(app, db, client, monitoring, file_report):
    file_report()
    monitoring["plan"].sections[0].title = EVIL
    db.session.commit()
    with app.test_request_context():
        from flask import url_for

        url = url_for("monitoring.dashboard", slug=monitoring["municipality"].slug,
                      plan_id=monitoring["plan"].id)
    html = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    blocks = chart_blocks(html)["chart-data"]
    assert {"chart-by-section", "chart-by-source"} <= set(blocks)
    assert any(label.startswith("</script><b>evil</b>") for label in shown(blocks["chart-by-section"]))
