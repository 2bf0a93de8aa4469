"""Who files and decides reports: the group's roster, linked to monitor accounts; the
gathering that approved the group, linked to a recorded meeting."""
from datetime import date

import pytest

from planner.errors import ServiceError
from planner.monitoring import services
from planner.monitoring.models import MonitoringGroup, MonitoringMember, MonitoringReport

from .test_views import _form, _url, fresh


@pytest.fixture
def outsider(monitoring, make_user, make_member):
    """A monitor of the same municipality who is not on the group's roster."""
    user = make_user(name="Outsider")
    make_member(user, monitoring["municipality"], "monitor")
    return user


def _meeting(db, municipality, place="School hall"):
    from planner.surveys.models import Meeting

    meeting = Meeting(municipality_id=municipality.id, kind="gathering", held_on=date(2026, 2, 1), place=place)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def test_monitor_outside_the_roster_neither_files_nor_decides(app, db, client, auth, monitoring, file_report,
                                                              outsider):
    m = monitoring
    report = file_report(approve=False)
    auth.as_user(outsider)
    slug = m["municipality"].slug
    page = client.get(_url(app, "monitoring.report", slug=slug, report_id=report.id)).get_data(as_text=True)
    assert "Draft" in page and "/approve" not in page
    assert client.post(_url(app, "monitoring.report_approve", slug=slug, report_id=report.id)).status_code == 403
    assert client.post(_url(app, "monitoring.report_return", slug=slug, report_id=report.id),
                       data={"reason": "No."}).status_code == 403
    new = _url(app, "monitoring.report_new", slug=slug, plan_id=m["plan"].id,
               activity_id=m["activities"][1].id)
    assert client.get(new).status_code == 403
    assert client.post(new, data=_form(m["members"])).status_code == 403
    listing = client.get(_url(app, "monitoring.plan_reports", slug=slug, plan_id=m["plan"].id))
    assert "/reports/new" not in listing.get_data(as_text=True)
    assert "Your account is not linked to a member" in listing.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(MonitoringReport, report.id).state == "draft"
    assert db.session.scalar(db.select(db.func.count(MonitoringReport.id))) == 1


def test_staff_link_a_member_to_an_account_who_then_approves(app, db, client, auth, monitoring, file_report,
                                                            outsider):
    m = monitoring
    report = file_report(approve=False)
    chynara = m["members"][2]  # on the roster without an account
    slug, group = m["municipality"].slug, m["group"]
    auth.as_user(m["staff"])
    edit = _url(app, "monitoring.member_edit", slug=slug, group_id=group.id, member_id=chynara.id)
    page = client.get(edit).get_data(as_text=True)
    assert "Outsider" in page and "Account in the app" in page
    response = client.post(edit, data={"name": "Chynara", "kind": "staff", "sex": "f", "role": "secretary",
                                       "user_id": str(outsider.id)})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    member = db.session.get(MonitoringMember, chynara.id)
    assert member.user_id == outsider.id and member.role == "secretary"
    fresh()
    group_page = client.get(_url(app, "monitoring.group", slug=slug, group_id=group.id)).get_data(as_text=True)
    assert "Outsider" in group_page

    fresh()
    auth.as_user(outsider)
    response = client.post(_url(app, "monitoring.report_approve", slug=slug, report_id=report.id))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MonitoringReport, report.id).state == "approved"


def test_a_member_who_leaves_the_group_no_longer_decides(app, db, client, auth, monitoring, file_report):
    m = monitoring
    report = file_report(approve=False)
    slug = m["municipality"].slug
    auth.as_user(m["staff"])
    remove = _url(app, "monitoring.member_remove", slug=slug, group_id=m["group"].id, member_id=m["members"][1].id)
    assert client.post(remove).status_code == 302
    fresh()
    auth.as_user(m["approver"])
    assert client.post(_url(app, "monitoring.report_approve", slug=slug, report_id=report.id)).status_code == 403


def test_account_link_is_checked(rq, db, monitoring, make_user, make_member, outsider):
    m = monitoring
    resident = make_user(name="Resident")
    make_member(resident, m["municipality"], "resident")
    with pytest.raises(ServiceError) as error:
        services.add_member(m["group"], m["staff"], "Resident", "resident", "m", user=resident)
    assert error.value.field == "user_id" and "not a monitor" in error.value.message
    with pytest.raises(ServiceError) as error:  # the approver is already Bakyt on this roster
        services.update_member(m["members"][2], m["staff"], "Chynara", "staff", "f", user=m["approver"])
    assert error.value.field == "user_id" and "already linked" in error.value.message
    member = services.update_member(m["members"][2], m["staff"], "Chynara", "staff", "f", user=outsider)
    assert member.user_id == outsider.id
    # the same member saved again keeps its own link
    assert services.update_member(member, m["staff"], "Chynara A.", "staff", "f", user=outsider).name == "Chynara A."


def test_member_form_refuses_a_tampered_account(app, db, client, auth, monitoring, make_user, make_municipality,
                                                 make_member):
    m = monitoring
    stranger = make_user(name="Stranger")
    make_member(stranger, make_municipality(), "monitor")
    auth.as_user(m["staff"])
    url = _url(app, "monitoring.member_add", slug=m["municipality"].slug, group_id=m["group"].id)
    response = client.post(url, data={"name": "Dinara", "kind": "resident", "sex": "f", "user_id": str(stranger.id)})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(MonitoringMember.id))
                             .where(MonitoringMember.group_id == m["group"].id)) == 3


def test_group_approved_at_a_recorded_gathering(app, db, client, auth, monitoring, make_municipality):
    m = monitoring
    slug = m["municipality"].slug
    meeting = _meeting(db, m["municipality"])
    foreign = _meeting(db, make_municipality(), place="Elsewhere")
    auth.as_user(m["staff"])
    new = _url(app, "monitoring.group_new", slug=slug)
    form = client.get(new).get_data(as_text=True)
    assert "School hall" in form and "Elsewhere" not in form
    tampered = client.post(new, data={"name": "Second group", "plan_id": "0", "meeting_id": str(foreign.id)})
    assert tampered.status_code == 200 and "Not a valid choice" in tampered.get_data(as_text=True)
    response = client.post(new, data={"name": "Second group", "plan_id": "0", "meeting_id": str(meeting.id),
                                      "approved_at": ""})
    assert response.status_code == 302
    group = db.session.scalars(db.select(MonitoringGroup).where(MonitoringGroup.name == "Second group")).one()
    assert group.meeting_id == meeting.id
    fresh()
    page = client.get(_url(app, "monitoring.group", slug=slug, group_id=group.id)).get_data(as_text=True)
    assert _url(app, "meetings.detail", slug=slug, meeting_id=meeting.id) in page
    # the edit form shows the chosen gathering, and it can be unset
    fresh()
    edit = _url(app, "monitoring.group_edit", slug=slug, group_id=group.id)
    assert f'<option selected value="{meeting.id}">' in client.get(edit).get_data(as_text=True)
    assert client.post(edit, data={"name": "Second group", "meeting_id": "0",
                                   "approved_at": "Gathering in the old school, 2025"}).status_code == 302
    db.session.expire_all()
    group = db.session.get(MonitoringGroup, group.id)
    assert group.meeting_id is None and group.approved_at == "Gathering in the old school, 2025"


def test_deleting_the_meeting_keeps_the_group(rq, db, monitoring):
    m = monitoring
    meeting = _meeting(db, m["municipality"])
    services.update_group(m["group"], m["staff"], m["group"].name, meeting=meeting)
    db.session.commit()
    db.session.delete(meeting)
    db.session.commit()
    db.session.expire_all()
    group = db.session.get(MonitoringGroup, m["group"].id)
    assert group is not None and group.meeting_id is None


def test_service_refuses_a_meeting_of_another_municipality(rq, db, monitoring, make_municipality):
    m = monitoring
    foreign = _meeting(db, make_municipality())
    with pytest.raises(ServiceError) as error:
        services.create_group(m["municipality"], m["staff"], "Group", meeting=foreign)
    assert error.value.field == "meeting_id"


def test_member_whose_account_lost_the_role_can_still_be_edited(rq, db, monitoring):
    from planner.municipalities.models import Membership

    m = monitoring
    aida = m["members"][0]
    db.session.execute(db.delete(Membership).where(Membership.user_id == m["author"].id))
    db.session.commit()
    db.session.expire_all()
    member = services.update_member(aida, m["staff"], "Aida K.", "resident", "f", "chair", user=aida.user)
    assert member.name == "Aida K." and member.user_id == m["author"].id
