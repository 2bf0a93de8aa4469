"""Demo plans: an approved joint action plan for Жашыл-Өрөн (11 priorities, 45 activities,
each with a funding split) with its hearing, proposals, deputies' comments and council
decision, then a draft amendment. Վերինձոր's plan is in planner/demo/verindzor.py.
Everything is fictional."""
from datetime import date
from decimal import Decimal

from flask import current_app

from ..extensions import db
from ..plans import services
from . import table

D = Decimal

# data/kg_plan.json: [priority, initiative group, [[what, problem, villages, responsible, partners, start, end,
#   [local, republican, cash, kind, donor, private], result, [indicator, unit, baseline, target]], …]]
KG_PLAN = table("kg_plan")
HEARINGS = table("hearings")  # the public hearing on each plan: record_hearing's arguments

GROUP_MEMBERS = [
    ("Жамила Садыкова", "лидер", "f"), ("Бакыт Осмонов", "катчы", "m"), ("Гүлзат Асанова", "мүчө", "f"),
    ("Эрлан Токтосунов", "мүчө", "m"), ("Анара Бейшенова", "мүчө", "f"),
]

def _month(value):
    year, month = value.split("-")
    return date(int(year), int(month), 1)


def _data(row, villages):
    what, problem, village_idx, responsible, partners, start, end, money, result, (ind, unit, base, target) = row
    keys = ("local", "republican", "community_cash", "community_kind", "donor", "private")
    data = {"description": what, "problem": problem, "villages": [villages[i] for i in village_idx],
            "responsible": responsible, "partners": partners, "start_month": _month(start), "end_month": _month(end),
            "expected_result": result,
            "indicators": [{"name": ind, "unit": unit, "baseline": D(base), "target": D(target)}]}
    data.update({f"fund_{k}": D(v) for k, v in zip(keys, money)})
    return data


def new_plan(municipality, staff, title, sections, villages, members, smallest, *, gathering, leader=None):
    """A joint action plan for 2026–2027 with its sections from a table (see KG_PLAN), each with its
    initiative group of ``smallest`` to ``smallest + 2`` of ``members`` and its activities; the first
    group's first member is ``leader``'s account, who also enters that group's activities. Returns the
    plan, its activities in order, and ``find(prefix)``: the activity whose description starts so."""
    plan = services.create_plan(municipality, staff, kind="jap", title=title, year_from=2026, year_to=2027)
    activities = []
    for n, (title, group_name, rows) in enumerate(sections):
        section = services.add_section(plan, staff, title)
        db.session.flush()
        group = services.save_group(plan, staff, name=group_name, sections=[section], **gathering)
        for name, role, sex in members[: smallest + n % 3]:
            services.add_group_member(group, staff, name=name, role=role, sex=sex,
                                      user=leader if (n == 0 and role == members[0][1]) else None)
        by = leader if (n == 0 and leader is not None) else staff
        activities.extend(services.add_activity(section, by, _data(row, villages)) for row in rows)
    db.session.flush()

    def find(prefix):
        return next(a for a in activities if a.description.startswith(prefix))

    return plan, activities, find


def hear_and_submit(plan, staff, name):
    """Record the public hearing ``name`` of data/hearings.json, then submit the plan to the council."""
    hearing = HEARINGS[name]
    services.record_hearing(plan, staff, **dict(hearing, held_on=date.fromisoformat(hearing["held_on"])))
    services.submit_plan(plan, staff)


def _tiny_pdf(text):
    body = f"BT /F1 14 Tf 60 500 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def load(ctx):
    with current_app.test_request_context():
        _load_kg(ctx)


def _load_kg(ctx):
    from pathlib import Path

    kg, staff, group_user, deputy, resident = ctx["kg"], ctx["staff"], ctx["group"], ctx["deputy"], ctx["resident"]
    villages = ctx["kg_villages"]
    plan, activities, find = new_plan(
        kg, staff, "Жашыл-Өрөн айыл аймагынын биргелешкен аракеттер планы", KG_PLAN, villages, GROUP_MEMBERS, 3,
        leader=group_user, gathering={
            "gathering_date": date(2025, 11, 14), "gathering_place": "Жашыл-Өрөн маданият үйү, айылдык жыйын",
            "gathering_note": "Тизме жыйында ачык добуш менен бекитилди (112 катышуучу)."})
    services.open_discussion(plan, group_user)
    road = find("Ак-Булуң айылынын борбордук көчөсүн")
    services.add_comment(road, resident, "Көчөнү шагыл эмес, асфальт менен төшөсө жакшы болмок, бирок акча жетпесе шагыл да болот.")
    change = services.add_proposal(plan, resident, kind="change", activity=road,
                                   text="Ак-Булуң айылынын борбордук көчөсүн шагыл менен төшөө (2 км) жана мектепке чейинки 300 м тротуар",
                                   reason="Балдар мектепке жолдун четинен басышат")
    services.answer_proposal(change, group_user, status="accepted",
                             answer="Макул: тротуар ашар менен курулат, сметага кошулду.")
    # accepting changes nothing by itself: the group edits the activity with the proposal beside it
    entered = _data(KG_PLAN[1][2][0], villages)  # the road as the group entered it
    services.update_activity(road, group_user, road.version,
                             dict(entered, description=road.description + " жана 300 м тротуар",
                                  fund_community_kind=entered["fund_community_kind"] + D("60000")))
    new = services.add_proposal(plan, resident, kind="new", section=road.section,
                                text="Айылдын ичинде ылдамдыкты чектөөчү «жатып калган полицейлерди» орнотуу",
                                reason="Машиналар ылдам жүрөт")
    services.answer_proposal(new, group_user, status="merged", merged_into=find("Кара-Дөбө — Жашыл-Өрөн жолуна"),
                             answer="Жол белгилери иш-чарасына кошулду (1.4).")
    declined = services.add_proposal(plan, ctx["monitor"], kind="new", section=activities[0].section,
                                     text="Ар бир үйгө ысык суу тартуу", reason="")
    services.answer_proposal(declined, group_user, status="declined",
                             answer="Бул пландын мөөнөтүндө жана бюджетинде мүмкүн эмес; кийинки СЭӨПкө сунушталат.")
    hear_and_submit(plan, staff, "kg")
    services.add_review_comment(find("Жашыл-Өрөндө 50 орундуу"), deputy,
                                "Предлагаю уточнить смету детского сада: доля донора слишком велика, нужен запасной вариант.")
    services.add_review_comment(find("Сай-Кыядагы көпүрөнү"), deputy, "Көпүрө үчүн республикалык бюджеттин катын тиркөө керек.")
    upload = str(Path(current_app.instance_path) / "uploads" / "plans")
    services.record_decision(plan, staff, session_date=date(2026, 2, 18), number="7/42", votes_for=17, votes_against=1,
                             votes_abstained=2, outcome="approved",
                             document=("Чечим-7-42.pdf", _tiny_pdf("Decision 7/42 (demo)")), upload_dir=upload)
    services.start_implementation(plan, staff)
    # a draft amendment: more for the kindergarten, a new activity
    services.start_amendment(plan, staff, "Донордун салымы азайды; бакчанын сметасы кайра каралат.")
    kindergarten = find("Жашыл-Өрөндө 50 орундуу")
    data = _data(KG_PLAN[2][2][1], villages)
    data.update(fund_donor=D("1500000"), fund_local=D("1200000"), end_month=date(2027, 10, 1))
    services.update_activity(kindergarten, staff, kindergarten.version, data)
    services.add_activity(activities[0].section, staff, _data(
        ("Чолок-Терекке суу ташуучу унаа сатып алуу", "Чолок-Терекке суу түтүгү жетпейт", [3], "Айыл өкмөтү", "",
         "2026-09", "2026-11", (300000, 0, 50000, 0, 0, 100000), "Чолок-Терек жумасына эки жолу суу алат",
         ("Суу жеткирүү", "жолу/жума", 0, 2)), villages))
    ctx["kg_jap"] = plan
