"""The Armenian demo, end to end: Վերինձոր's needs survey with answers, a closed priority vote
and its priority list, a joint action plan of 12 activities taken through discussion, a
public hearing and the council's decision, and a joint monitoring group with its reports.

Runs after the other features (it uses their helpers), in natural Armenian. Fictional, like
the rest of the demo; the monitoring member and the deputy are demo logins too."""
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import utcnow
from ..monitoring import services as monitoring
from ..monitoring.execution import SOURCES
from ..municipalities.models import DEPUTY, MONITOR
from ..plans import services as plans
from ..surveys import meetings, problems
from ..surveys import services as surveys
from ..surveys.answering import new_key
from ..surveys.ballots import counting
from ..surveys.ballots import services as ballots
from ..plans.models import Activity
from ..surveys.models import Answer, Meeting, Problem, SurveyResponse
from . import _member, _user, table
from .plans import _tiny_pdf, hear_and_submit, new_plan
from .voting import _cast_online, _voters, new_ballot

# data/am_plan.json: as KG_PLAN in plans.py; the six funding sources are
#   [local, state, cash, labour, donor, private]
PLAN = table("am_plan")
GROUP_MEMBERS = [("Նարինե Մկրտչյան", "ղեկավար", "f"), ("Սամվել Ավետիսյան", "քարտուղար", "m"),
                 ("Լուսինե Բաղդասարյան", "անդամ", "f"), ("Գևորգ Հակոբյան", "անդամ", "m")]

SURVEY_AREAS = ["Խմելու ջուր", "Ճանապարհներ", "Մանկապարտեզ", "Փողոցային լուսավորություն", "Աղբահանություն",
                "Ոռոգում", "Առողջապահություն", "Երիտասարդների զբաղվածություն"]
AREA_WEIGHTS = [[9, 4, 5, 7, 4, 6, 3, 4], [10, 3, 9, 4, 3, 3, 4, 3], [5, 10, 3, 5, 3, 5, 4, 3]]
WATER_HOURS = ["Շուրջօրյա", "Օրական մի քանի ժամ", "Շաբաթը մի քանի անգամ", "Ընդհանրապես չկա"]
COMMENTS = ["Ջրի հարցը ամենակարևորն է, ամռանը ջուր չենք ունենում։", "Երիտասարդները գնում են քաղաք, աշխատանք չկա։",
            "Կուզենայի, որ դպրոցի մոտ ճանապարհն անվտանգ լիներ։", "Շնորհակալություն հարցման համար։"]
VOTE_PROBLEMS = [("Ծաղկաբերդի ճանապարհը ձմռանը փակվում է", 2, "roads"),
                 ("Փողոցային լուսավորություն չկա", None, "energy"),
                 ("Աղբը թափվում է ձորը, աղբամաններ չկան", None, "waste")]
FIRST = ["Արամ", "Գոհար", "Անահիտ", "Տիգրան", "Մարինե", "Հայկ", "Լիլիթ", "Սուրեն", "Նունե", "Վահե", "Արմինե", "Կարեն"]
LAST = ["Պետրոսյան", "Սարգսյան", "Հովհաննիսյան", "Գրիգորյան", "Մանուկյան", "Ղազարյան", "Վարդանյան", "Աբրահամյան"]
FINDINGS = ["Աշխատանքներն ընթանում են ժամանակացույցով, նյութերը բերված են։",
            "Կապալառուն տեղում է, աշխատանքների որակը բավարար է։",
            "Համայնքի բնակիչները մասնակցեցին շաբաթօրյակին, հողային աշխատանքներն ավարտված են։",
            "Սարքավորումները գնված և տեղադրված են, ընթանում է կարգաբերումը։"]
RECOMMENDATIONS = ["Համայնքապետարանը թող հանդիպի կապալառուին և ճշտի ժամկետները։",
                   "Հաջորդ այցը՝ տանիքի աշխատանքների ավարտից հետո։", "Բնակիչներին հիշեցնել ներդրման մասին ժողովում։"]


def load(ctx):
    rng = random.Random(374)
    am, staff, villages = ctx["am"], ctx["hy_staff"], ctx["am_villages"]
    deputy = _user("hy-deputy@example.org", "Արմեն Գրիգորյան", locale="hy", sex="m", age_band="45-59")
    monitor = _user("hy-monitor@example.org", "Գայանե Սարգսյան", locale="hy", sex="f", age_band="30-44")
    _member(deputy, am, DEPUTY)
    _member(deputy, am, MONITOR)
    _member(monitor, am, MONITOR)
    db.session.flush()
    with current_app.test_request_context():
        _survey(am, staff, villages, rng)
        _ballot(am, staff, villages, rng)
        plan = _plan(ctx, deputy)
        _monitoring(am, staff, plan, monitor, deputy, rng)
    ctx["am_jap"] = plan


def _survey(am, staff, villages, rng):
    today = date.today()
    survey = surveys.create_survey(
        am, staff, title="Համայնքի կարիքների գնահատում 2026",
        intro=("Հարցումն անցկացվում է համայնքի համատեղ գործողությունների ծրագիրը կազմելու համար։ "
               "Պատասխաններն անանուն են․ մի գրեք ձեր անունը։ Կպահանջվի 5 րոպե։"),
        opens_on=today - timedelta(days=150), closes_on=today - timedelta(days=120), access="link", paging="one",
        asks_profile=True, is_public_results=True)
    areas = surveys.add_question(survey, staff, "multiple", text="Որո՞նք են ձեր գյուղի երեք հիմնական խնդիրները",
                                 choices=SURVEY_AREAS, max_choices=3, is_required=True)
    water = surveys.add_question(survey, staff, "single", text="Քանի՞ ժամ է ձեր տանը խմելու ջուր լինում",
                                 choices=WATER_HOURS, is_required=True)
    roads = surveys.add_question(survey, staff, "scale", text="Գնահատեք ճանապարհների վիճակը (1՝ շատ վատ, 5՝ շատ լավ)")
    ready = surveys.add_question(survey, staff, "single",
                                 text="Պատրա՞ստ եք մասնակցել շաբաթօրյակի կամ համայնքային աշխատանքների",
                                 choices=["Այո", "Ոչ", "Չգիտեմ"])
    comment = surveys.add_question(survey, staff, "long_text", text="Ի՞նչ կուզենայիք ավելացնել")
    populations = [v.population for v in villages]
    responses = []
    for _ in range(126):
        vi = rng.choices(range(len(villages)), weights=populations)[0]
        paper = rng.random() < 0.35
        response = SurveyResponse(
            survey_id=survey.id, submission_key=new_key(), channel="paper" if paper else "online",
            submitted_on=survey.opens_on + timedelta(days=rng.randrange(28)),
            sex=rng.choices(["f", "m", None], weights=[54, 43, 3])[0],
            age_band=rng.choices(["18-29", "30-44", "45-59", "60+", None], weights=[18, 30, 27, 22, 3])[0],
            village_id=villages[vi].id, entered_by_id=staff.id if paper else None)
        picked = set()
        while len(picked) < rng.choice([2, 3, 3]):
            picked.add(rng.choices(range(len(SURVEY_AREAS)), weights=AREA_WEIGHTS[vi])[0])
        rows = [Answer(question_id=areas.id, choice_id=areas.choices[j].id) for j in sorted(picked)]
        hours = rng.choices(range(4), weights=[[3, 5, 2, 1], [1, 3, 5, 2], [2, 4, 3, 1]][vi])[0]
        rows.append(Answer(question_id=water.id, choice_id=water.choices[hours].id))
        rows.append(Answer(question_id=roads.id, value=Decimal(rng.choices([1, 2, 3, 4, 5],
                                                                            weights=[2, 4, 3, 2, 1])[0])))
        rows.append(Answer(question_id=ready.id, choice_id=ready.choices[rng.choices(range(3), weights=[7, 1, 2])[0]].id))
        if rng.random() < 0.2:
            rows.append(Answer(question_id=comment.id, text=rng.choice(COMMENTS)))
        response.answers = rows
        responses.append(response)
    db.session.add_all(responses)


def _ballot(am, staff, villages, rng):
    meeting = db.session.scalar(select(Meeting).where(Meeting.municipality_id == am.id).order_by(Meeting.id))
    for text, vi, sector in VOTE_PROBLEMS:
        p = problems.add_problem(am, staff, text=text, village_id=villages[vi].id if vi is not None else None,
                                 sector=sector, source_kind="meeting" if meeting else "survey",
                                 meeting_id=meeting.id if meeting else None, survey_id=None, times_raised=6)
        problems.set_for_vote(p, staff, True)
    for_vote = db.session.scalars(select(Problem).where(
        Problem.municipality_id == am.id, Problem.is_for_vote.is_(True), Problem.merged_into_id.is_(None))
        .order_by(Problem.id)).all()
    now = utcnow()
    ballot = new_ballot(am, staff, "am_priorities", now, [(p.text, {"problem_id": p.id}) for p in for_vote])
    voters = _voters(am, villages, staff.password_hash, rng, count=160, first=FIRST, last=LAST, female_ending="",
                     locale="hy", prefix="demo-hy-voter")
    weights = [[9, 6, 3, 5, 4], [6, 9, 3, 4, 4], [4, 5, 9, 4, 3]]
    _cast_online(ballot, voters, villages, rng, 148, 2, now - timedelta(days=320),
                 weights_for=lambda home: weights[home])
    db.session.flush()
    ballots.make_priorities(ballot, counting.count(ballot, with_breakdowns=False), staff, len(ballot.options),
                            now=now - timedelta(days=315))


def _plan(ctx, deputy):
    am, staff, resident, villages = ctx["am"], ctx["hy_staff"], ctx["hy_resident"], ctx["am_villages"]
    plan, _, find = new_plan(
        am, staff, "Վերինձոր համայնքի համատեղ գործողությունների ծրագիր 2026–2027", PLAN, villages, GROUP_MEMBERS, 2,
        gathering={"gathering_date": date(2025, 11, 22), "gathering_place": "Վերինձորի մշակույթի տուն, համայնքի ժողով",
                   "gathering_note": "Կազմը հաստատվեց ժողովում բաց քվեարկությամբ (64 մասնակից)։"})
    plans.open_discussion(plan, staff)
    kindergarten = find("Քարաշենում 30 տեղանոց")
    plans.add_comment(kindergarten, resident, "Շատ կարևոր է․ այսօր երեխաներին տանում ենք Վերինձոր՝ 6 կմ։")
    stop = plans.add_proposal(plan, resident, kind="new", section=find("Ծաղկաբերդի ճանապարհի").section,
                              text="Քարաշենում ավտոբուսի կանգառի տաղավարի կառուցում",
                              reason="Ձմռանը մարդիկ ավտոբուսին սպասում են բաց երկնքի տակ")
    plans.answer_proposal(stop, staff, status="declined",
                          answer="Այս ծրագրի բյուջեն չի բավարարում․ առաջարկը կներառվի հաջորդ տարվա ծրագրում։")
    signs = plans.add_proposal(plan, resident, kind="new", section=find("Ծաղկաբերդի ճանապարհի").section,
                               text="Արագության սահմանափակման նշան դպրոցի մոտ", reason="Մեքենաներն արագ են երթևեկում")
    plans.answer_proposal(signs, staff, status="merged", merged_into=find("Դպրոցի մոտ հետիոտնային"),
                          answer="Ներառվեց հետիոտնային անցման միջոցառման մեջ (2.3)։")
    hear_and_submit(plan, staff, "am")
    plans.add_review_comment(kindergarten, deputy,
                             "Առաջարկում եմ ճշտել մանկապարտեզի նախահաշիվը․ դոնորի մասնաբաժինը մեծ է, պետք է պահուստային տարբերակ։")
    upload = str(Path(current_app.instance_path) / "uploads" / "plans")
    plans.record_decision(plan, staff, session_date=date(2026, 2, 20), number="N 14-Ն", votes_for=9, votes_against=0,
                          votes_abstained=1, outcome="approved",
                          document=("Որոշում-14.pdf", _tiny_pdf("Decision 14 (demo)")), upload_dir=upload)
    plans.start_implementation(plan, staff)
    return plan


def _monitoring(am, staff, plan, monitor, deputy, rng):
    year = plan.year_from
    gathering = meetings.create_meeting(
        am, staff, {("f", "30-44"): 12, ("f", "45-59"): 9, ("m", "30-44"): 8, ("m", "45-59"): 11, ("m", "60+"): 6},
        kind="gathering", held_on=date(year, 2, 25), village_id=None, place="Վերինձորի մշակույթի տուն",
        target_group="everyone", deputies_present=3,
        minutes="Ժողովն ընտրեց համատեղ մշտադիտարկման խումբը՝ 5 անդամ, որից 3-ը՝ կանայք։ "
                "Խումբը յուրաքանչյուր եռամսյակ կներկայացնի հաշվետվություն։")
    group = monitoring.create_group(am, staff, "Համատեղ մշտադիտարկման խումբ", plan=plan, formed_on=date(year, 2, 25),
                                    meeting=gathering)
    members = [monitoring.add_member(group, staff, name, kind, sex, role, user=user) for name, kind, sex, role, user in (
        ("Գայանե Սարգսյան", "resident", "f", "Խմբի նախագահ", monitor),
        ("Արմեն Գրիգորյան", "deputy", "m", "Ավագանու անդամ", deputy),
        ("Սոնա Մելքոնյան", "staff", "f", "Համայնքապետարանի ֆինանսիստ", None),
        ("Հրաչյա Դավթյան", "other", "m", "Շինարար (կամավոր)", None),
        ("Մարիամ Եղիազարյան", "resident", "f", "Կանանց խորհրդից", None))]
    activities = db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id)).all()
    for i, activity in enumerate(activities):
        monitoring.add_plan_item(group, staff, year, activity, "quarterly", members[i % len(members)])
    for n, activity in enumerate(activities[:9]):
        funding, previous = activity.funding(), 0
        for quarter in (1, 2):
            delayed = n == 3
            progress = (15 if quarter == 1 else 30) if delayed else min(100, previous + rng.choice((30, 40, 50)))
            status = "delayed" if delayed else "done" if progress == 100 else "on_track"
            share = Decimal(progress - previous) / 100
            spending = {s: (funding[s] * share).quantize(Decimal("1")) for s in SOURCES if funding.get(s)}
            previous = progress
            visit = date(year, quarter * 3, 12 + rng.randint(0, 12))
            report = monitoring.create_report(activity, group, monitor, {
                "period_year": year, "period_kind": "quarter", "period_number": quarter, "visit_date": visit,
                "status": status, "progress": progress, "members_present": [members[0].id, members[n % 4 + 1].id],
                "findings": rng.choice(FINDINGS),
                "problems": "Կապալառուն ուշացնում է խողովակների մատակարարումը։" if delayed else "",
                "recommendations": rng.choice(RECOMMENDATIONS), "spending": {k: v for k, v in spending.items() if v},
                "indicator_values": {},
            }, today=visit)
            monitoring.approve_report(report, deputy)
            if progress == 100:
                break
