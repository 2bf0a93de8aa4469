"""The dram sign (֏) is readable on phones whose fonts lack it: planner.css loads a one-glyph
font for U+058F only (planner/static/fonts/, SIL OFL)."""
import io
import re

from fontTools.ttLib import TTFont


def test_the_dram_sign_font_is_served_and_used_only_for_the_sign(client):
    with client.get("/static/planner.css") as response:
        css = response.get_data(as_text=True)
    face = re.search(r"@font-face\{[^}]*\}", css).group(0)
    assert "unicode-range:U+058F" in face and 'font-family:"planner-dram"' in face
    url = re.search(r"url\(([^)]+)\)", face).group(1)
    with client.get("/static/" + url) as font:
        assert font.status_code == 200
        data = font.get_data()
    assert data[:4] == b"wOF2"
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert 0x058F in cmap and len([c for c in cmap if c > 0x20]) == 1
    assert re.search(r'body\{[^}]*font:[^;]*"planner-dram"', css)
