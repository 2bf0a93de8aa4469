"""The plan's chart page carries its data through ``|tojson``: a section title cannot
close the script block."""
from tests.numbers.pages import EVIL, chart_blocks, shown


def test_section_title_stays_text_in_the_chart(db, client, make_plan):
    plan = make_plan(stage="discussion")
    plan.sections[0].title = EVIL
    db.session.commit()
    html = client.get(f"/m/{plan.municipality.slug}/plans/{plan.id}/chart").get_data(as_text=True)
    figure = chart_blocks(html)["chart-data"]["cost-figure"]
    # the label is wrapped (<br>) and its own markup written as entities, so plotly shows it as typed
    assert any(label.startswith("1. </script><b>evil</b>") for label in shown(figure))
