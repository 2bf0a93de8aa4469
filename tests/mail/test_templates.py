"""Every mail kind renders in every language, text and HTML, and babel.cfg extracts the
strings of the .txt templates (which are not HTML and would otherwise be missed)."""
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from planner.mail.messages import SUBJECTS, render

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = {"name": "Aida", "link": "https://example.org/x", "minutes": 60, "days": 7, "new_email": "n@example.org",
           "what": "proposal_answered", "status": "accepted", "excerpt": "<b>Көпүрө</b>", "title": "",
           "notifications": "https://example.org/notifications", "unsubscribe": "https://example.org/unsubscribe/x",
           "groups": [{"municipality": "<b>Ак-Суу</b>", "items": [
               {"kind": "ballot_closing", "status": "", "title": "<b>Жол</b>", "on": "2026-12-03",
                "link": "https://example.org/m/a/ballots/1"},
               {"kind": "problem_answered", "status": "rejected", "title": "", "on": None,
                "link": "https://example.org/m/a/problems"}]}]}


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_each_kind_renders_in_each_language(app, kind):
    english = render(kind, "en", CONTEXT)
    for locale in ("ky", "ru", "hy"):
        subject, text, html = render(kind, locale, CONTEXT)
        assert subject != english[0] and text != english[1], (kind, locale)
        assert "<b>" not in html  # user text is escaped in HTML mail
        assert "\n" not in subject


def test_babel_cfg_extracts_the_text_templates():
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    extracted = {message[2] for message in extract_from_dir(str(ROOT), method_map, options_map)
                 if message[0].endswith(".txt")}
    assert "Please confirm that this is your e-mail address by opening this link:" in extracted
    with open(ROOT / "translations" / "messages.pot", "rb") as f:
        catalog = read_po(f)
    assert not [m for m in extracted if (m[0] if isinstance(m, tuple) else m) not in catalog]
