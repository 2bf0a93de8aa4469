"""Version comparison: sets compare as sets, each real change is shown field by field."""
import copy
from decimal import Decimal

from sqlalchemy import select, update

from planner.plans import services
from planner.plans.models import Activity, PlanVersion
from planner.plans.snapshots import compare, snapshot

from .conftest import activity_data

VILLAGES = ("Ак-Суу", "Кара-Таш", "Жаңы-Жол", "Көк-Бел")


def _fourteen(db, make_plan, make_municipality, people):
    municipality = make_municipality(villages=VILLAGES)
    plan = make_plan(stage="discussion", sections=7, per_section=2, municipality=municipality)
    for a in db.session.scalars(select(Activity).where(Activity.plan_id == plan.id)).all():
        a.villages = list(municipality.villages)
    db.session.commit()
    return plan


def _reordered(data):
    """The same snapshot with every activity's villages and indicators in another order."""
    out = copy.deepcopy(data)
    for a in out["activities"]:
        a["villages"] = list(reversed(a["villages"]))
        a["indicators"] = list(reversed(a["indicators"] + [{"name": "Үй", "unit": "шт", "baseline": None,
                                                            "target": "3.00"}]))
    return out


def test_fourteen_activities_with_reordered_villages_are_no_change(db, make_plan, make_municipality, people):
    plan = _fourteen(db, make_plan, make_municipality, people)
    data = snapshot(plan, services.load_working_copy(plan))
    assert len(data["activities"]) == 14 and all(len(a["villages"]) == 4 for a in data["activities"])
    before = copy.deepcopy(data)
    for a in before["activities"]:
        a["villages"] = list(reversed(a["villages"]))
    assert before != data
    assert compare(before, data)["changed"] == []
    both = _reordered(data)
    again = copy.deepcopy(both)
    for a in again["activities"]:
        a["villages"], a["indicators"] = a["villages"][::-1], a["indicators"][::-1]
    assert again != both and compare(both, again)["changed"] == []


def test_one_cost_change_is_one_change_naming_field_old_and_new(db, make_plan, make_municipality, people):
    plan = _fourteen(db, make_plan, make_municipality, people)
    before = snapshot(plan, services.load_working_copy(plan))
    for a in before["activities"]:
        a["villages"] = list(reversed(a["villages"]))
    target = db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id)).all()[5]
    services.update_activity(target, people["staff"], target.version,
                             activity_data(description=target.description, fund_donor=Decimal("75000"),
                                           villages=list(reversed(plan.municipality.villages))))
    db.session.commit()
    after = snapshot(plan, services.load_working_copy(plan))
    diff = compare(before, after)
    assert len(diff["changed"]) == 1
    assert diff["changed"][0]["after"]["id"] == target.id
    assert diff["changed"][0]["fields"] == [("fund_donor", Decimal("50000.00"), Decimal("75000.00"))]


def test_a_real_village_change_is_shown(db, make_plan, make_municipality, people):
    plan = _fourteen(db, make_plan, make_municipality, people)
    before = snapshot(plan, services.load_working_copy(plan))
    after = copy.deepcopy(before)
    after["activities"][0]["villages"] = after["activities"][0]["villages"][:2]
    (change,) = compare(before, after)["changed"]
    assert [f[0] for f in change["fields"]] == ["villages"]


def test_compare_page_lists_one_change_field_by_field(client, login, db, make_plan, make_municipality, people):
    municipality = make_municipality(villages=VILLAGES)
    people_m = people  # the roles belong to people["m"]; compare a plan there
    plan = make_plan(stage="approved", sections=7, per_section=2)
    version = db.session.scalar(select(PlanVersion).where(PlanVersion.plan_id == plan.id, PlanVersion.number == 1))
    data = copy.deepcopy(version.snapshot)
    for a in data["activities"]:
        a["villages"] = ["Кара-Таш", "Ак-Суу"]
    # a version frozen when the villages were listed in another order (the model refuses to
    # change a frozen version, so the test writes the stored row directly)
    db.session.execute(update(PlanVersion).where(PlanVersion.id == version.id).values(snapshot=data))
    db.session.expire(version)
    services.start_amendment(plan, people_m["staff"])
    activities = db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id)).all()
    for a in activities:
        a.villages = list(people_m["m"].villages)  # Ак-Суу, Кара-Таш: the same set
    services.update_activity(activities[3], people_m["staff"], activities[3].version,
                             activity_data(description=activities[3].description, fund_local=Decimal("123000"),
                                           villages=list(people_m["m"].villages)))
    db.session.commit()
    assert municipality.id != plan.municipality_id
    login(people_m["resident"])
    html = client.get(f"/m/{plan.municipality.slug}/plans/{plan.id}/compare?a=1&b=current").get_data(as_text=True)
    changed = html[html.index("Changed"):]
    assert '<span class="count">(1)</span>' in changed[:200]
    assert changed.count('<article class="card') == 1
    assert "Local budget" in changed and "100,000" in changed and "123,000" in changed


# Issue 14: a changed start month reads as a month in the reader's language, as Babel's yMMMM
# skeleton writes it (typed by hand: ru puts a narrow no-break space, U+202F, before "г.";
# hy writes its abbreviation point as U+2024).
MONTHS = {
    "en": ("April 2026", "June 2026"),
    "ru": ("апрель 2026\u202fг.", "июнь 2026\u202fг."),
    "ky": ("2026-ж., апрель", "2026-ж., июнь"),
    "hy": ("2026 թ\u2024 ապրիլ", "2026 թ\u2024 հունիս"),
}


def test_compare_page_names_changed_months_and_figures_in_the_readers_language(client, login, db, make_plan, people):
    from datetime import date

    plan = make_plan(stage="approved", sections=1, per_section=2)
    services.start_amendment(plan, people["staff"])
    first = db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id)).first()
    assert first.start_month == date(2026, 4, 1)
    services.update_activity(first, people["staff"], first.version,
                             activity_data(description=first.description, start_month=date(2026, 6, 1),
                                           indicators=[{"name": "Оңдолгон жол", "unit": "км", "baseline": Decimal("0"),
                                                        "target": Decimal("2500.5")}]))
    db.session.commit()
    login(people["resident"])
    for locale, (before, after) in MONTHS.items():
        people["resident"].locale = locale
        db.session.commit()
        html = client.get(f"/m/{plan.municipality.slug}/plans/{plan.id}/compare?a=1&b=current").get_data(as_text=True)
        changed = html[html.index('<article class="card'):]
        assert f'class="diff-del">{before}</td>' in changed and f'class="diff-add">{after}</td>' in changed, locale
        assert "2026-04" not in changed and "2026-06" not in changed
        # and an indicator's figures as the locale writes numbers, not "2500.50"
        target = {"en": "2,500.5"}.get(locale, "2\xa0500,5")
        assert f"Оңдолгон жол: 0 → {target} км" in changed and "2500.50" not in changed, locale
