"""Budget hearings: proposals answered (a refusal needs a reason), a protocol hidden until
published, and publishing it opens the draft budget to everyone."""
from datetime import date
from decimal import Decimal as D

import pytest

from planner.budget import hearings, services
from planner.errors import ServiceError


def _meeting(municipality, staff, kind="hearing"):
    from planner.surveys import meetings

    return meetings.create_meeting(municipality, staff, {("f", "30-44"): 7, ("m", "45-59"): 5}, kind=kind,
                                   held_on=date(2026, 7, 21), place="Hall", target_group="everyone",
                                   deputies_present=3, minutes="")


def test_hearing_rules(db, staff_and_budget, make_municipality, make_user):
    municipality, staff, budget = staff_and_budget
    other = make_municipality()
    with pytest.raises(ServiceError):
        hearings.create(budget, staff, _meeting(other, make_user()), "x")  # another municipality's meeting
    with pytest.raises(ServiceError):
        hearings.create(budget, staff, _meeting(municipality, staff, kind="gathering"), "x")  # not a hearing
    meeting = _meeting(municipality, staff)
    hearing = hearings.create(budget, staff, meeting, "")
    with pytest.raises(ServiceError):
        hearings.create(budget, staff, meeting, "again")  # the same meeting twice
    with pytest.raises(ServiceError) as error:
        hearings.publish(hearing, staff)
    assert error.value.field == "presented"
    proposal = hearings.add_proposal(hearing, staff, "More for water", municipality.villages[0])
    with pytest.raises(ServiceError) as error:
        hearings.answer(proposal, staff, "declined", "  ")
    assert error.value.field == "answer"
    with pytest.raises(ServiceError):
        hearings.answer(proposal, staff, "open", "")
    with pytest.raises(ServiceError):
        hearings.add_proposal(hearing, staff, "x", other.villages[0])  # a village of another municipality
    hearings.answer(proposal, staff, "declined", "Funded by the republic")
    assert hearings.counts(hearing) == {"open": 0, "accepted": 0, "declined": 1}


def test_protocol_and_draft_public_only_once_published(db, staff_and_budget, client, auth):
    municipality, staff, budget = staff_and_budget
    services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Land tax",
                      approved=D("2600000"))
    hearing = hearings.create(budget, staff, _meeting(municipality, staff), "Revenue 2,600 thousand")
    proposal = hearings.add_proposal(hearing, staff, "Light the streets at night")
    db.session.commit()
    base = f"/m/{municipality.slug}/budget/2026"
    protocol = f"{base}/hearings/{hearing.id}"
    assert client.get(protocol).status_code == 302 and client.get(base).status_code == 302  # to the login page

    auth.as_user(staff)
    assert client.post(f"{protocol}/proposals/{proposal.id}/answer", data={"status": "declined", "answer": ""}
                       ).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(proposal), proposal.id).status == "open"  # refused: no reason given
    client.post(f"{protocol}/proposals/{proposal.id}/answer", data={"status": "accepted", "answer": "From May"})
    assert client.post(f"{protocol}/publish").status_code == 302
    auth.logout()

    page = client.get(protocol, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "12 people, of them 7 women" in page and "Light the streets at night" in page and "From May" in page
    draft = client.get(base, headers={"Accept-Language": "en"})
    assert draft.status_code == 200
    assert "the council has not adopted it yet" in draft.get_data(as_text=True)
    assert "2026" in client.get(f"/m/{municipality.slug}/budget").get_data(as_text=True)


def test_protocol_and_summary_pages_stay_within_eight_queries(db, staff_and_budget, client, auth):
    municipality, staff, budget = staff_and_budget
    for i in range(12):
        services.add_line(budget, staff, kind="expense", fund="administrative", code=f"7.{i}", name=f"L{i}",
                          approved=D("1000"))
    previous = services.create_year(municipality, staff, 2025, "units")
    services.add_line(previous, staff, kind="expense", fund="administrative", code="7.0", name="L0", approved=D("5"))
    hearing = hearings.create(budget, staff, _meeting(municipality, staff), "Presented")
    for i in range(6):
        hearings.add_proposal(hearing, staff, f"Proposal {i}", municipality.villages[i % 2], budget.lines[i])
    hearings.publish(hearing, staff)
    db.session.commit()
    auth.as_user(staff)
    for url in (f"/m/{municipality.slug}/budget/2026/hearings/{hearing.id}", f"/m/{municipality.slug}/budget/2026/summary"):
        response = client.get(url)
        assert response.status_code == 200 and int(response.headers["X-Query-Count"]) <= 8, url
