"""Demo budgets: Վերինձոր's revenue shaped after a published Armenian execution table
(seed 002: annual plan 760,414.500 thousand drams, plan to September 519,225.790, actual
389,782.993), and Жашыл-Өрөн's revenue and expenditure with monthly actuals and a revision."""
from datetime import date
from decimal import Decimal as D

from ..budget import services
from ..budget.execution import unscaled

AM_REVENUE = [  # code, name (hy), name (ru), annual, plan to September, actual to September (thousands)
    ("1.1", "Գույքային հարկեր անշարժ գույքից", "Имущественные налоги на недвижимость",
     "65440.600", "34311.200", "26693.126"),
    ("1.2", "Գույքային հարկեր այլ գույքից", "Имущественные налоги на иное имущество",
     "41679.400", "23000.000", "21232.078"),
    ("1.3", "Տեղական տուրքեր", "Местные пошлины", "16402.000", "12842.000", "10365.873"),
    ("4.1", "Պետական բյուջեից ստացվող դոտացիա", "Дотация из государственного бюджета",
     "598812.500", "427459.590", "320590.000"),
    ("4.2", "Այլ եկամուտներ", "Прочие доходы", "38080.000", "21613.000", "10901.916"),
]

AM_EXPENSE = [  # fund, functional code × economic article, name (hy), name (ru), annual (thousands), share done
    ("administrative", "01-01-01 × 4111", "Աշխատակազմի աշխատավարձ", "Заработная плата аппарата", "182400.000", D("0.97")),
    ("administrative", "09-01-01 × 4511", "Նախադպրոցական կրթության սուբսիդիա", "Субсидия дошкольному образованию",
     "214600.000", D("0.95")),
    ("administrative", "06-06-01 × 4213", "Փողոցների լուսավորություն", "Уличное освещение", "38200.000", D("0.81")),
    ("capital", "04-05-01 × 5113", "Ներհամայնքային ճանապարհների վերանորոգում", "Ремонт внутриобщинных дорог",
     "205000.000", D("0.42")),
    ("capital", "06-03-01 × 5112", "Ջրագծի կառուցում", "Строительство водопровода", "120214.500", D("0.30")),
]

KG_LINES = [  # kind, fund, code, name (ky), name (ru), annual (thousand soms), share of the year actually done
    ("revenue", "administrative", "1111", "Жеке адамдардын кирешесине салык", "Подоходный налог", "3200.000", D("0.93")),
    ("revenue", "administrative", "1311", "Жер салыгы", "Земельный налог", "2450.000", D("0.71")),
    ("revenue", "administrative", "1312", "Мүлк салыгы", "Налог на имущество", "980.000", D("0.88")),
    ("revenue", "administrative", "1421", "Жергиликтүү алымдар", "Местные сборы", "410.000", D("1.12")),
    ("revenue", "administrative", "1331", "Тең салмактоочу грант", "Выравнивающий грант", "6800.000", D("0.92")),
    ("expense", "administrative", "701", "Жалпы мамлекеттик кызматтар", "Государственные услуги общего назначения",
     "5100.000", D("0.90")),
    ("expense", "administrative", "709", "Билим берүү", "Образование", "4300.000", D("0.86")),
    ("expense", "administrative", "706", "Турак жай-коммуналдык кызматтар", "Жилищно-коммунальные услуги",
     "1640.000", D("0.64")),
    ("expense", "capital", "706.1", "Ичүүчү суу түтүгүн оңдоо", "Ремонт водопровода", "2800.000", D("0.35")),
]


def _spread(total: D, months: int) -> list[D]:
    """``total`` over ``months`` months in whole units, the remainder on the last month."""
    each = (total / months).quantize(D("1"))
    return [each] * (months - 1) + [total - each * (months - 1)]


def _set(line, by, plans, actuals):
    services.set_months(line, by, dict(enumerate(plans, start=1)), dict(enumerate(actuals, start=1)))


def load(ctx):
    am, kg = ctx["am"], ctx["kg"]
    by = ctx["hy_staff"]
    budget = services.create_year(am, by, 2026, "thousands")
    group = services.add_line(budget, by, kind="revenue", fund="administrative", code="1",
                              name="Եկամուտներ", names={"ru": "Доходы"}, is_group=True)
    for code, hy, ru, annual, plan, actual in AM_REVENUE:
        line = services.add_line(budget, by, kind="revenue", fund="administrative", code=code, name=hy,
                                 names={"ru": ru}, parent=group, approved=unscaled(D(annual), "thousands"))
        _set(line, by, _spread(unscaled(D(plan), "thousands"), 9) + [None] * 3,
             _spread(unscaled(D(actual), "thousands"), 9) + [None] * 3)
    expenses = services.add_line(budget, by, kind="expense", fund="administrative", code="0", name="Ծախսեր",
                                 names={"ru": "Расходы"}, is_group=True)
    for fund, code, hy, ru, annual, share in AM_EXPENSE:
        line = services.add_line(budget, by, kind="expense", fund=fund, code=code, name=hy, names={"ru": ru},
                                 parent=expenses, approved=unscaled(D(annual), "thousands"))
        plans = _spread(unscaled(D(annual), "thousands"), 12)
        _set(line, by, plans, [(p * share).quantize(D("1")) for p in plans[:9]] + [None] * 3)
    services.adopt(budget, by, "Ավագանու որոշում N 112-Ն, 2025-12-24", date(2025, 12, 24))

    by = ctx["staff"]
    budget = services.create_year(kg, by, 2026, "thousands")
    groups = {}
    for kind, code, ky, ru in (("revenue", "1", "Кирешелер", "Доходы"), ("expense", "7", "Чыгашалар", "Расходы")):
        groups[kind] = services.add_line(budget, by, kind=kind, fund="administrative", code=code, name=ky,
                                         names={"ru": ru}, is_group=True)
    done_months = 10
    for kind, fund, code, ky, ru, annual, share in KG_LINES:
        units = unscaled(D(annual), "thousands")
        line = services.add_line(budget, by, kind=kind, fund=fund, code=code, name=ky, names={"ru": ru},
                                 parent=groups[kind], approved=units)
        plans = _spread(units, 12)
        actuals = [(p * share).quantize(D("1")) for p in plans[:done_months]] + [None] * (12 - done_months)
        _set(line, by, plans, actuals)
    services.adopt(budget, by, "Айылдык кеңештин токтому № 41, 2025-12-20", date(2025, 12, 20))
    water = next(x for x in budget.lines if x.code == "706.1")
    services.add_revision(water, by, unscaled(D("3400.000"), "thousands"),
                          "Айылдык кеңештин токтому № 17, 2026-06-12", date(2026, 6, 12))
    _link_plan(budget, by, ctx["kg"].id)
    _hearing(ctx, kg, by)


def _hearing(ctx, kg, by):
    """The draft budget of 2027 presented at a summer hearing, with three proposals."""
    from ..budget import hearings
    from ..surveys import meetings

    draft = services.create_year(kg, by, 2027, "thousands")
    next_year = {"1311": "2600.000", "1331": "7100.000", "709": "4550.000", "706.1": "1900.000", "701": "5300.000"}
    for kind, fund, code, ky, ru, annual, _share in KG_LINES:
        services.add_line(draft, by, kind=kind, fund=fund, code=code, name=ky, names={"ru": ru},
                          approved=unscaled(D(next_year.get(code, annual)), "thousands"))
    villages = ctx["kg_villages"]
    meeting = meetings.create_meeting(
        kg, by, {("f", "18-29"): 6, ("f", "30-44"): 9, ("f", "45-59"): 7, ("f", "60+"): 4, ("m", "18-29"): 5,
                 ("m", "30-44"): 8, ("m", "45-59"): 10, ("m", "60+"): 6},
        kind="hearing", held_on=date(2026, 7, 21), village_id=villages[0].id, place="Маданият үйү",
        target_group="everyone", deputies_present=7,
        minutes="2027-жылдын бюджетинин долбоору боюнча коомдук угуу.")
    hearing = hearings.create(draft, by, meeting,
                              "2027-жылга кирешелер 9 700 миң сом (2026-жылы 13 840 миң). Суу түтүгүнө 1 900 миң сом, "
                              "билим берүүгө 4 550 миң сом пландалууда.")
    water = next(x for x in draft.lines if x.code == "706.1")
    school = next(x for x in draft.lines if x.code == "709")
    first = hearings.add_proposal(hearing, by, "Суу түтүгүнө каражатты көбөйтүү: Кара-Дөбөдө суу жок.", villages[1],
                                  water, unscaled(D("400.000"), "thousands"))
    second = hearings.add_proposal(hearing, by, "Мектептин спорт залына жаңы пол салуу.", villages[0], school,
                                   unscaled(D("120.000"), "thousands"))
    hearings.add_proposal(hearing, by, "Көчө чырактарын түнкүсүн күйгүзүү тартибин кароо.", villages[2])
    hearings.answer(first, by, "accepted", "Суу түтүгүнө 300 миң сом кошулат (грант эсебинен).")
    hearings.answer(second, by, "declined", "2027-жылы спорт залы республикалык программадан оңдолот.")
    hearings.publish(hearing, by)


def _link_plan(budget, by, municipality_id):
    """The water line funds the plan's water supply activities, education its school ones."""
    from ..budget import queries
    from ..budget.coverage import from_snapshot
    from ..extensions import db

    plan = next((p for p in db.session.scalars(queries.approved_plans(municipality_id))), None)
    if plan is None:
        return
    activities = {a.description: a.id for a in from_snapshot(plan.approved_version.snapshot)}
    wanted = {"706.1": ("ичүүчү суу", "суу сактаг"), "709": ("мектебинин", "Мектеп ашк")}
    for code, words in wanted.items():
        ids = [i for label, i in activities.items() if any(w.lower() in label.lower() for w in words)]
        line = next(x for x in budget.lines if x.code == code)
        chosen = db.session.scalars(queries.plan_activities(ids)).all()
        services.link_activities(line, by, chosen, set(ids))
