"""Statistics against tables computed by hand: per workshop and across a trainer's workshops
by region and period; the report sentence in each language; CSV and XLSX; the charts' data."""
import csv
import io
import json
from datetime import date

from openpyxl import load_workbook

from planner.workshops import stats

# Gülchö workshop, 2 days (2026-03-02, 03). Who came, by hand:
#   name      sex age    role              municipality  days
#   Aida      f   30-44  staff             Gülchö        2
#   Bolot     m   45-59  deputy            Gülchö        1
#   Cholpon   f   18-29  initiative_group  Kara-Kulja    1
#   Dinara    f   60+    head              Nookat        2
#   Emil      m   30-44  resident          Uzgen         1
#   Farida    f   30-44  staff             Alai          1
#   Gulnara   f   45-59  monitoring_group  Alai          -  (registered, never came: not counted)
# => 6 participants, 4 women, 2 men; 5 municipalities; Alai 1 (1 woman), Gülchö 2 (1 woman) ...
SHEET_A = """Aida;f;30-44;staff;Gülchö
Bolot;m;45-59;deputy;Gülchö
Cholpon;f;18-29;initiative_group;Kara-Kulja
Dinara;f;60+;head;Nookat
Emil;m;30-44;resident;Uzgen
Farida;f;30-44;staff;Alai
Gulnara;f;45-59;monitoring_group;Alai"""
DAYS_A = {"Aida": 2, "Bolot": 1, "Cholpon": 1, "Dinara": 2, "Emil": 1, "Farida": 1, "Gulnara": 0}

# A second Osh workshop in May, and one in Issyk-Kul in June (another region):
SHEET_B = "Aida;f;30-44;staff;Gülchö\nHasan;m;18-29;resident;Nookat"
SHEET_C = "Jyldyz;f;30-44;staff;Tamchy"


def _fill(client, workshop, sheet, days=None):
    from planner.extensions import db
    from planner.workshops.models import Attendance, Participant

    client.post(f"/workshops/{workshop.id}/participants/sheet", data={"rows": sheet, "days": []})
    for p in db.session.scalars(db.select(Participant).where(Participant.workshop_id == workshop.id)):
        n = (days or {}).get(p.name, 1)
        db.session.add_all(Attendance(participant_id=p.id, day=d) for d in workshop.days[:n])
    db.session.commit()


def _world(client, auth, trainer, make_workshop, places):
    auth.as_user(trainer)
    a = make_workshop(title="Gülchö")
    _fill(client, a, SHEET_A, DAYS_A)
    b = make_workshop(title="Nookat May", starts_on=date(2026, 5, 4), ends_on=date(2026, 5, 4))
    _fill(client, b, SHEET_B)
    c = make_workshop(title="Tamchy June", starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 1), region="Issyk-Kul",
                      municipality_ids=[places[5].id])
    _fill(client, c, SHEET_C)
    return a, b, c


def test_one_workshop_against_the_hand_computed_table(db, client, auth, trainer, make_workshop, places):
    a, _b, _c = _world(client, auth, trainer, make_workshop, places)
    db.session.expire_all()
    summary = stats.summarize(a.participants)
    assert (summary.registered, summary.total, summary.women, summary.municipalities) == (7, 6, 4, 5)
    assert summary.by_sex == {"f": 4, "m": 2}
    assert summary.by_age == {"under-18": 0, "18-29": 1, "30-44": 3, "45-59": 1, "60+": 1}
    assert summary.by_role == {"staff": 2, "deputy": 1, "initiative_group": 1, "monitoring_group": 0, "head": 1,
                               "resident": 1, "other": 0}
    assert [(m.name, n, w) for m, n, w in summary.by_municipality] == [
        ("Gülchö", 2, 1), ("Alai", 1, 1), ("Kara-Kulja", 1, 1), ("Nookat", 1, 1), ("Uzgen", 1, 0)]

    page = client.get(f"/workshops/{a.id}/statistics").get_data(as_text=True)
    assert "6 participants, 4 of them women, from 5 municipalities" in page
    figures = json.loads(page.split('<script type="application/json" id="chart-data">')[1].split("</script>")[0])
    assert figures["chart-sex"]["data"][0]["x"] == [4, 2]
    assert figures["chart-municipality"]["data"][0]["y"] == ["Gülchö", "Alai", "Kara-Kulja", "Nookat", "Uzgen"]
    assert page.count("data-fallback") == 4  # a server-drawn picture of each chart


def test_export_csv_and_xlsx(db, client, auth, trainer, make_workshop, places):
    a, _b, _c = _world(client, auth, trainer, make_workshop, places)
    response = client.get(f"/workshops/{a.id}/statistics.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert ["Participants", "6"] in rows and ["Women", "4"] in rows and ["Municipalities reached", "5"] in rows
    assert ["Gülchö", "Osh", "2", "1"] in rows and ["Uzgen", "Osh", "1", "0"] in rows
    assert ["Municipal staff", "2"] in rows and ["Monitoring group", "0"] in rows

    response = client.get(f"/workshops/{a.id}/statistics.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    values = [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]
    assert ["Participants", 6] in values and ["Gülchö", "Osh", 2, 1] in values


def test_across_workshops_by_region_and_period(db, client, auth, trainer, make_workshop, make_user, places):
    a, b, c = _world(client, auth, trainer, make_workshop, places)
    other = make_user(is_trainer=True)
    theirs = make_workshop(by=other, title="Someone else's")
    auth.as_user(other)
    _fill(client, theirs, "Zarina;f;30-44;staff;Gülchö")
    auth.as_user(trainer)

    page = client.get("/workshops/statistics").get_data(as_text=True)
    # a (6) + b (2) + c (1) = 9, women 4 + 1 + 1 = 6; municipalities: 5 of Osh + Tamchy = 6
    assert "9 participants, 6 of them women, from 6 municipalities" in page
    assert "Someone else" not in page

    page = client.get("/workshops/statistics?region=Osh").get_data(as_text=True)
    assert "8 participants, 5 of them women, from 5 municipalities" in page
    page = client.get("/workshops/statistics?region=Osh&date_from=2026-04-01&date_to=2026-12-31").get_data(as_text=True)
    assert "2 participants, 1 of them a woman, from 2 municipalities" in page
    page = client.get("/workshops/statistics?date_from=2027-01-01").get_data(as_text=True)
    assert "0 participants, 0 of them women, from 0 municipalities" in page
    page = client.get("/workshops/statistics?date_from=yesterday").get_data(as_text=True)
    assert "is not a date" in page and "9 participants" in page
    # a trainer cannot widen the scope to everyone by naming another trainer
    page = client.get(f"/workshops/statistics?trainer_id={other.id}").get_data(as_text=True)
    assert "9 participants" in page

    rows = list(csv.reader(io.StringIO(client.get("/workshops/statistics.csv?region=Osh").get_data(as_text=True)
                                       .lstrip("\ufeff"))))
    assert ["Nookat May", "2026-05-04", "2026-05-04", "Osh", "2", "1", "2"] in rows
    assert ["Gülchö", "2026-03-02", "2026-03-03", "Osh", "6", "4", "5"] in rows
    assert not any(r and r[0] == "Tamchy June" for r in rows)

    auth.as_user(make_user(is_admin=True))
    page = client.get("/workshops/statistics").get_data(as_text=True)
    assert "10 participants, 7 of them women, from 6 municipalities" in page
    page = client.get(f"/workshops/statistics?trainer_id={other.id}").get_data(as_text=True)
    assert "1 participant, 1 of them a woman, from 1 municipality" in page


def test_sentence_plural_forms_in_each_language(app):
    from flask_babel import force_locale

    def say(total, women, places, locale):
        summary = stats.Summary(total=total, by_sex={"f": women, "m": total - women},
                                by_municipality=[object()] * places)
        with app.test_request_context(), force_locale(locale):
            return stats.sentence(summary)

    assert say(26, 12, 5, "en") == "26 participants, 12 of them women, from 5 municipalities"
    assert say(1, 1, 1, "en") == "1 participant, 1 of them a woman, from 1 municipality"
    assert say(26, 12, 5, "ru") == "26 участников, из них 12 женщин, из 5 муниципалитетов"
    assert say(21, 2, 1, "ru") == "21 участник, из них 2 женщины, из 1 муниципалитета"
    assert say(22, 1, 3, "ru") == "22 участника, из них 1 женщина, из 3 муниципалитетов"
    assert say(26, 12, 5, "ky") == "26 катышуучу, анын ичинде 12 аял, 5 айыл аймактан"
    assert say(26, 12, 5, "hy") == "26 մասնակից, այդ թվում 12 կին, 5 համայնքից"
