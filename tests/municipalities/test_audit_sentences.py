"""The audit log reads as translated sentences with links, in the municipality's time zone:
no raw keys ("meeting.create"), class names ("PaperTally 6") or English details."""
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from planner import audit
from planner.audit_texts import ACTIONS

ROOT = Path(__file__).parents[2] / "planner"


def test_actions_built_from_values_have_sentences():
    """Keys the services build with f-strings: plan.<stage>, proposal.<answer>, plan.decision_<outcome>."""
    from planner.plans.models import PROPOSAL_STATES, STAGES

    built = ({f"plan.{s}" for s in STAGES} | {f"proposal.{s}" for s in PROPOSAL_STATES if s != "open"}
             | {"plan.decision_approved", "plan.decision_returned", "ballot.tally_enter", "ballot.tally_correct"})
    assert not [k for k in built if k not in ACTIONS]


def _literal_record_calls():
    keys = set()
    for path in ROOT.rglob("*.py"):
        pattern = r'audit\.record\([^,]+,\s*"([a-z_.]+)"(?:\s+if\s[^"]*else\s+"([a-z_.]+)")?'
        for match in re.finditer(pattern, path.read_text()):
            keys.update(k for k in match.groups() if k)
    return keys


def test_every_literal_audit_call_has_a_sentence():
    keys = _literal_record_calls()
    assert len(keys) > 80
    assert not [k for k in keys if k not in ACTIONS]


@pytest.fixture
def logged(db, make_user, make_municipality, make_member, app):
    from planner.surveys import meetings

    m = make_municipality(default_locale="ky")
    staff = make_user(name="Айбек Токтогулов", locale="ky")
    make_member(staff, m, "staff")
    with app.test_request_context():
        meeting = meetings.create_meeting(m, staff, {("f", "18-29"): 3}, kind="gathering", held_on=date(2026, 3, 4),
                                          village_id=None, place="Мектеп", target_group="everyone",
                                          deputies_present=1, minutes="")
        db.session.flush()
        entry = audit.record(staff, "meeting.create", meeting, m.id, "gathering 2026-03-04")
        entry.created_at = datetime(2026, 3, 4, 5, 30)  # 11:30 in Bishkek
        vote = audit.record(staff, "ballot.vote", None, m.id)
        tally = audit.record(staff, "ballot.tally_enter", None, m.id, "Ак-Суу v2: 120/115/5")
        db.session.commit()
    return {"m": m, "staff": staff, "meeting": meeting, "entry": entry, "vote": vote, "tally": tally}


def test_the_log_reads_as_kyrgyz_sentences_with_links_in_local_time(client, auth, logged):
    auth.as_user(logged["staff"])
    page = client.get(f"/m/{logged['m'].slug}/audit").get_data(as_text=True)
    meeting_url = f'/m/{logged["m"].slug}/meetings/{logged["meeting"].id}'
    assert f'<a href="{meeting_url}">Жолугушуу катталды</a>' in page
    assert "Айыл жыйыны" in page  # the meeting's kind in words
    assert "11:30" in page and "05:30" not in page
    assert "Кыргызстан убактысы" in page
    assert "meeting.create" not in page and "ballot.tally_enter" not in page and "gathering" not in page
    assert "Meeting" not in page and "PaperTally" not in page
    assert "берилген бюллетендер 120" in page


def test_day_only_entries_show_no_time(app, logged):
    from planner.audit_texts import when

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert ":" not in when(logged["vote"])
        assert "11:30" in when(logged["entry"]) or "11:30 AM" in when(logged["entry"])


@pytest.mark.parametrize(("lang", "expected"), [("ru", "Записана встреча"), ("hy", "Գրանցեց հանդիպում")])
def test_sentences_in_russian_and_armenian(app, lang, expected):
    from flask_babel import force_locale

    from planner.audit_texts import sentence

    with app.test_request_context(), force_locale(lang):
        assert sentence("meeting.create") == expected


def test_a_deleted_object_is_not_linked(client, auth, db, logged):
    from planner.surveys.models import Meeting

    db.session.delete(db.session.get(Meeting, logged["meeting"].id))
    db.session.commit()
    auth.as_user(logged["staff"])
    page = client.get(f"/m/{logged['m'].slug}/audit").get_data(as_text=True)
    assert f'/meetings/{logged["meeting"].id}"' not in page and "Жолугушуу катталды" in page
