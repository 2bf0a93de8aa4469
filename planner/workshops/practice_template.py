"""The practice municipality's template: the demo's structure and sample data (villages, a
draft joint action plan, a survey, a priority ballot on the problem register, a joint
monitoring group), in Kyrgyz/Russian (the Жашыл-Өрөн demo) or Armenian (the Վերինձոր demo).

Built with the features' own services and the demo's data (``planner/demo``), so a practice
municipality works like a real one: participants propose, vote, draft, review, decide and
report in it."""
from datetime import date, timedelta

from ..demo import AM_VILLAGES, KG_VILLAGES
from ..demo import monitoring as demo_monitoring, plans as demo_plans, surveys as demo_surveys, voting as demo_voting
from ..demo import verindzor as demo_verindzor
from ..extensions import db
from ..models import utcnow
from ..monitoring import services as monitoring
from ..municipalities.models import Municipality, Village
from ..plans import services as plans
from ..surveys import services as surveys
from ..surveys.ballots import services as ballots
from ..surveys.models import Problem

HY_PROBLEMS = ["Վերինձորում խմելու ջրի ցանցը մաշված է", "Քարաշենում մանկապարտեզ չկա",
               "Ծաղկաբերդի ճանապարհը ձմռանը փակվում է", "Փողոցային լուսավորություն չկա"]
HY_MEMBERS = [("Անի Հովհաննիսյան", "resident", "f", "Խմբի նախագահ"), ("Արամ Պետրոսյան", "deputy", "m", "Ավագանու անդամ"),
              ("Լիլիթ Սարգսյան", "staff", "f", "Ֆինանսիստ"), ("Գոռ Մկրտչյան", "resident", "m", "Երիտասարդների ներկայացուցիչ")]
NAMES = {"ky": "Машыгуу айыл аймагы", "ru": "Учебный муниципалитет", "en": "Practice municipality",
         "hy": "Ուսումնական համայնք"}


def template_for(language):
    """``"am"`` (Armenian) for a workshop in Armenian, else ``"kg"``."""
    return "am" if language == "hy" else "kg"


def build(slug, language, by, suffix=""):
    """A sandbox municipality with the template's data; ``by`` (the trainer) is its author."""
    armenian = template_for(language) == "am"
    municipality = Municipality(
        slug=slug, name=f"{NAMES.get(language, NAMES['en'])} {suffix}".strip(), country="AM" if armenian else "KG",
        region="Լոռու մարզ" if armenian else "Ысык-Көл облусу", district="", currency="AMD" if armenian else "KGS",
        default_locale=language, is_sandbox=True, description=NAMES.get(language, NAMES["en"]))
    db.session.add(municipality)
    villages = [Village(municipality=municipality, name=n, population=p)
                for n, p in (AM_VILLAGES if armenian else KG_VILLAGES)]
    db.session.add_all(villages)
    db.session.flush()
    plan = _plan(municipality, villages, by, armenian)
    _survey(municipality, by, armenian)
    _ballot(municipality, by, armenian)
    _monitoring_group(municipality, by, plan, armenian)
    db.session.flush()
    return municipality


def _plan(municipality, villages, by, armenian):
    year = date.today().year
    title = "Համատեղ գործողությունների ծրագիր (ուսումնական)" if armenian else \
        "Биргелешкен аракеттер планы (машыгуу) / План совместных действий (учебный)"
    plan = plans.create_plan(municipality, by, kind="jap", title=title, year_from=year, year_to=year + 1)
    rows = [(t, r) for t, _g, r in demo_verindzor.PLAN[:3]] if armenian else [(p, r) for p, _g, r in demo_plans.KG_PLAN[:3]]
    for section_title, activities in rows:
        section = plans.add_section(plan, by, section_title)
        db.session.flush()
        for row in activities[:3]:
            plans.add_activity(section, by, demo_plans._data(row, villages))
    return plan


def _survey(municipality, by, armenian):
    if not armenian:
        return demo_surveys._youth_survey(municipality, by)
    today = date.today()
    survey = surveys.create_survey(
        municipality, by, title="Ի՞նչ է պետք համայնքին", intro="Կարճ հարցում՝ 3 րոպե։", opens_on=today,
        closes_on=today + timedelta(days=30), access="link", paging="one", asks_profile=True,
        is_public_results=False)
    surveys.add_question(survey, by, "single", text="Ո՞րն է ամենակարևոր խնդիրը",
                         choices=HY_PROBLEMS, allows_other=True, is_required=True)
    surveys.add_question(survey, by, "short_text", text="Ձեր առաջարկը")
    return survey


def _ballot(municipality, by, armenian):
    texts = HY_PROBLEMS if armenian else demo_voting.KG_PROBLEMS[:6]
    problems = [Problem(municipality_id=municipality.id, text=t, is_for_vote=True, created_by_id=by.id) for t in texts]
    db.session.add_all(problems)
    db.session.flush()
    now = utcnow()
    title = "Առաջնահերթություններ (ուսումնական քվեարկություն)" if armenian else \
        "Артыкчылыктар (машыгуу добуш берүү) / Приоритеты (учебное голосование)"
    return ballots.create_ballot(municipality, by, title=title, explanation="", method="approval", max_choices=2,
                                 max_per_option=1, opens_at=now, closes_at=now + timedelta(days=30),
                                 is_results_live=True, options=[(p.text, {"problem_id": p.id}) for p in problems])


def _monitoring_group(municipality, by, plan, armenian):
    name = "Համատեղ մշտադիտարկման խումբ" if armenian else "Биргелешкен мониторинг жана баалоо тобу"
    group = monitoring.create_group(municipality, by, name, plan=plan, formed_on=date.today())
    for member_name, kind, sex, role in (HY_MEMBERS if armenian else demo_monitoring.MEMBERS[:4]):
        monitoring.add_member(group, by, member_name, kind, sex, role)
    return group
