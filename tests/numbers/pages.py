"""Reading chart data back out of a page, as a browser would."""
import json
import re

EVIL = "</script><b>evil</b>"
_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)


def chart_blocks(html):
    """{id: parsed JSON} of every JSON script block; asserts that no markup got into the page.

    A block ends at the first ``</script>``: if chart data could close it, the rest of the
    label would be parsed as HTML (and the JSON would no longer parse)."""
    assert "<b>evil</b>" not in html
    blocks = {}
    for block_id, text in _BLOCK.findall(html):
        assert "<" not in text and ">" not in text, text[:200]
        blocks[block_id] = json.loads(text)
    assert blocks, "no chart data on the page"
    return blocks


def labels(value):
    """Every string anywhere in a parsed figure."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from labels(item)
    elif isinstance(value, list):
        for item in value:
            yield from labels(item)


def shown(value):
    """Every string of a figure as plotly shows it: wrapped lines (``<br>``) joined, entities
    (a label's own ``<`` and ``&``, see planner/chart_axes.py) read back."""
    import html

    for label in labels(value):
        yield html.unescape(label.replace("<br>", " "))
