"""Demo resident input for Жашыл-Өрөн: the needs assessment of spring (a closed
questionnaire with about 400 answers, online and on paper), its 22 meetings, and the problem
register with 11 problems put forward to the priority vote; an open youth survey; a little
for Վերինձոր. Fictional, but shaped like the real thing."""
import random
from datetime import date, timedelta
from decimal import Decimal

from ..extensions import db
from ..surveys import meetings, problems, services
from ..surveys.answering import new_key
from ..surveys.models import Answer, SurveyResponse
from . import table

AGE_BANDS = ("18-29", "30-44", "45-59", "60+")
PROBLEM_AREAS = ["Ичүүчү суу / Питьевая вода", "Жолдор / Дороги", "Мектеп жана бала бакча / Школа и детсад",
                 "Медицина / Здравоохранение", "Көчө жарыгы / Уличное освещение", "Сугат суу / Поливная вода",
                 "Таштанды / Вывоз мусора", "Спорт жана маданият / Спорт и культура", "Жайыттар / Пастбища",
                 "Жумуш орундары / Рабочие места"]
# How often each area is ticked, per village: the lower villages lack water, the upper ones roads.
AREA_WEIGHTS = {
    0: [9, 5, 6, 4, 5, 4, 6, 3, 2, 6],
    1: [6, 8, 5, 4, 6, 7, 3, 3, 4, 5],
    2: [10, 6, 4, 6, 3, 8, 2, 2, 5, 4],
    3: [5, 10, 5, 7, 7, 3, 2, 2, 6, 4],
    4: [7, 9, 3, 8, 8, 2, 1, 1, 7, 3],
}
WATER_HOURS = ["Күнү-түнү бар / Круглосуточно", "Күнүнө бир нече саат / Несколько часов в день",
               "Жумасына бир нече жолу / Несколько раз в неделю", "Жок, ташып алабыз / Нет, возим сами"]
RANK_OPTIONS = ["Суу түтүгүн алмаштыруу / Замена водопровода", "Ички жолдорду оңдоо / Ремонт внутренних дорог",
                "Бала бакча куруу / Строительство детсада", "Көчө жарыгы / Уличное освещение",
                "ФАПты оңдоо / Ремонт ФАПа"]
COMMENTS = [
    "Суу жайында такыр жетпейт, түтүктөр 1970-жылдары коюлган.",
    "Балдар мектепке караңгыда барышат, көчөдө жарык жок.",
    "Бала бакчада орун жок, 60 бала кезекте турат.",
    "Жол жаанда өтпөй калат, тез жардам келе албайт.",
    "Летом воды нет совсем, возим из арыка.",
    "Нужен спортзал для молодёжи, зимой негде заниматься.",
    "ФАПта дарыгер жумасына бир гана жолу келет.",
    "Таштанды таштаган жер жок, дарыяга ташташат.",
    "Жайыттарга барчу көпүрө бузулган.",
    "Жаштарга жумуш жок, баары Россияга кетип жатат.",
    "Мусор вывозят раз в месяц, нужен контейнер у школы.",
    "Сугат суу бөлүштүрүү адилетсиз, жогорку айыл көп алат.",
]


def _needs_survey(kg, staff):
    today = date.today()
    survey = services.create_survey(
        kg, staff,
        title="Айылдын муктаждыктарын изилдөө 2026 / Изучение нужд сёл 2026",
        intro=("Бул сурамжылоо биргелешкен аракеттер планын (БАП) түзүү үчүн жүргүзүлөт. Жооптор жашыруун: "
               "атыңызды жазбаңыз. 10 мүнөт талап кылынат.\n"
               "Опрос проводится для составления плана совместных действий (ПСД). Ответы анонимны."),
        opens_on=today - timedelta(days=120), closes_on=today - timedelta(days=90), access="link", paging="sections",
        asks_profile=True, is_public_results=True)
    water = services.add_section(survey, staff, "Суу жана инфраструктура / Вода и инфраструктура")
    services_section = services.add_section(survey, staff, "Кызматтар жана артыкчылыктар / Услуги и приоритеты")
    q = {}
    q["areas"] = services.add_question(
        survey, staff, "multiple", text="Айылыңыздагы эң маанилүү 3 көйгөй кайсы? / Три главные проблемы вашего села?",
        choices=PROBLEM_AREAS, max_choices=3, allows_other=True, is_required=True, section_id=water.id)
    q["water"] = services.add_question(
        survey, staff, "single", text="Үйүңүздө ичүүчү суу канча убакыт бар? / Сколько времени есть питьевая вода?",
        choices=WATER_HOURS, is_required=True, section_id=water.id)
    q["roads"] = services.add_question(
        survey, staff, "scale", text="Айылдагы жолдордун абалын баалаңыз (1–5) / Оцените состояние дорог (1–5)",
        section_id=water.id)
    q["household"] = services.add_question(
        survey, staff, "number", text="Үй-бүлөңүздө канча адам жашайт? / Сколько человек в вашей семье?",
        min_value=1, max_value=25, section_id=water.id)
    q["clinic"] = services.add_question(
        survey, staff, "scale", text="ФАПтын (медпункттун) кызматына канчалык ыраазысыз? / Довольны ли вы ФАПом?",
        section_id=services_section.id)
    q["rank"] = services.add_question(
        survey, staff, "ranking", text="Бул иштерди маанилүүлүгү боюнча иреттеңиз / Расставьте по важности",
        choices=RANK_OPTIONS, max_choices=3, section_id=services_section.id)
    q["ashar"] = services.add_question(
        survey, staff, "single", text="Ашарга (акысыз эмгек менен) катышууга даярсызбы? / Готовы участвовать в ашаре?",
        choices=["Ооба / Да", "Жок / Нет", "Билбейм / Не знаю"], section_id=services_section.id)
    q["comment"] = services.add_question(
        survey, staff, "long_text", text="Дагы эмне айткыңыз келет? / Что ещё хотите сказать?",
        section_id=services_section.id)
    return survey, q


def _responses(survey, q, villages, staff, rng):
    """About 400 answers: a third on paper (door to door), the rest online."""
    populations = [v.population or 1000 for v in villages]
    start = survey.opens_on
    responses = []
    for i in range(404):
        vi = rng.choices(range(len(villages)), weights=populations)[0]
        sex = rng.choices(["f", "m", None], weights=[52, 44, 4])[0]
        age = rng.choices(list(AGE_BANDS) + [None], weights=[22, 30, 26, 18, 4])[0]
        paper = rng.random() < (0.5 if age == "60+" else 0.3)
        response = SurveyResponse(
            survey_id=survey.id, submission_key=new_key(), channel="paper" if paper else "online",
            submitted_on=start + timedelta(days=rng.randrange(30)), sex=sex, age_band=age,
            village_id=villages[vi].id if rng.random() > 0.03 else None,
            entered_by_id=staff.id if paper else None)
        weights = list(AREA_WEIGHTS[vi % 5])
        if sex == "f":
            weights[2] += 4  # kindergarten
            weights[3] += 2
        if age == "18-29":
            weights[7] += 5
            weights[9] += 4
        areas = q["areas"].choices
        picked = set()
        while len(picked) < rng.choice([2, 3, 3]):
            picked.add(rng.choices(range(len(areas)), weights=weights)[0])
        rows = [Answer(question_id=q["areas"].id, choice_id=areas[j].id) for j in sorted(picked)]
        if rng.random() < 0.04 and len(picked) < 3:
            rows.append(Answer(question_id=q["areas"].id, text=rng.choice(["Интернет жок / Нет интернета",
                                                                            "Мечит / Мечеть", "Автобус жок"])))
        water_weights = [[5, 3, 1, 1], [3, 4, 2, 1], [1, 3, 4, 2], [2, 4, 3, 1], [1, 2, 3, 4]][vi % 5]
        rows.append(Answer(question_id=q["water"].id,
                           choice_id=q["water"].choices[rng.choices(range(4), weights=water_weights)[0]].id))
        if rng.random() < 0.95:
            road = rng.choices([1, 2, 3, 4, 5], weights=[[2, 4, 3, 1, 1], [3, 4, 2, 1, 0.5]][vi >= 3])[0]
            rows.append(Answer(question_id=q["roads"].id, value=Decimal(road)))
        if rng.random() < 0.9:
            rows.append(Answer(question_id=q["household"].id, value=Decimal(rng.choices(range(1, 11),
                               weights=[2, 5, 8, 12, 14, 12, 9, 6, 3, 2])[0])))
        if rng.random() < 0.85:
            rows.append(Answer(question_id=q["clinic"].id, value=Decimal(rng.choices([1, 2, 3, 4, 5],
                               weights=[2, 3, 4, 3, 1])[0])))
        order = list(q["rank"].choices)
        order.sort(key=lambda c: rng.random() * (0.6 if (c.position == 1 and vi in (0, 2, 4))
                                                  or (c.position == 2 and vi in (1, 3)) else 1.0))
        for rank, c in enumerate(order[: rng.choice([2, 3, 3])], 1):
            rows.append(Answer(question_id=q["rank"].id, choice_id=c.id, rank=rank))
        rows.append(Answer(question_id=q["ashar"].id,
                           choice_id=q["ashar"].choices[rng.choices(range(3), weights=[6, 2, 2])[0]].id))
        if rng.random() < 0.18:
            rows.append(Answer(question_id=q["comment"].id, text=rng.choice(COMMENTS)))
        response.answers = rows
        responses.append(response)
    db.session.add_all(responses)
    return responses


def _youth_survey(kg, staff):
    today = date.today()
    survey = services.create_survey(
        kg, staff, title="Жаштар эмне каалайт? / Чего хочет молодёжь?",
        intro="Жаштар үчүн кыска сурамжылоо: 3 мүнөт. Короткий опрос для молодёжи.",
        opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=25), access="link", paging="one",
        asks_profile=True, is_public_results=False)
    services.add_question(survey, staff, "single", text="Бош убактыңызды кайда өткөрөсүз? / Где проводите свободное время?",
                          choices=["Үйдө / Дома", "Спорт аянтчасында / На спортплощадке", "Шаарда / В городе"],
                          allows_other=True, is_required=True)
    services.add_question(survey, staff, "multiple", text="Айылда эмне жетишпейт? / Чего не хватает в селе?",
                          choices=["Спорт зал / Спортзал", "Интернет", "Курстар / Курсы", "Китепкана / Библиотека"],
                          max_choices=2)
    services.add_question(survey, staff, "short_text", text="Сиздин сунушуңуз / Ваше предложение")
    return survey


# (kind, village index or None, target group, women by band, men by band, deputies, place)
MEETINGS = [
    ("needs_assessment", 0, "everyone", 48, 41, 2, "Мектептин залы"),
    ("needs_assessment", 1, "everyone", 31, 29, 1, "Клуб"),
    ("needs_assessment", 2, "everyone", 27, 22, 1, "Мечиттин жанындагы аянт"),
    ("needs_assessment", 3, "everyone", 19, 18, 1, "Мектеп"),
    ("needs_assessment", 4, "everyone", 12, 14, 1, "ФАП"),
    ("focus_group", 0, "women", 24, 0, 0, "Аялдар кеңеши"),
    ("focus_group", 1, "women", 18, 0, 1, "Клуб"),
    ("focus_group", 2, "women", 15, 0, 0, "Мектеп"),
    ("focus_group", 3, "women", 11, 0, 0, "Мектеп"),
    ("focus_group", 4, "women", 9, 0, 0, "ФАП"),
    ("focus_group", 0, "youth", 10, 13, 0, "Спорт аянтчасы"),
    ("focus_group", 1, "youth", 8, 11, 0, "Мектеп"),
    ("focus_group", 2, "youth", 6, 9, 0, "Мектеп"),
    ("focus_group", 3, "youth", 5, 7, 0, "Клуб"),
    ("focus_group", 0, "elderly", 9, 12, 1, "Аксакалдар соту"),
    ("focus_group", 1, "elderly", 7, 10, 0, "Мечит"),
    ("focus_group", 2, "elderly", 6, 8, 0, "Мечит"),
    ("focus_group", 4, "elderly", 5, 6, 0, "ФАП"),
    ("focus_group", 2, "poorest", 11, 4, 0, "Айыл өкмөтү"),
    ("focus_group", 3, "farmers", 3, 15, 1, "Жайыт комитети"),
    ("gathering", None, "everyone", 64, 71, 5, "Айыл өкмөтүнүн алдындагы аянт"),
    ("hearing", None, "everyone", 38, 45, 9, "Маданият үйү"),
]
BAND_SPLIT = {"everyone": (0.04, 0.24, 0.32, 0.24, 0.16), "women": (0.0, 0.3, 0.4, 0.2, 0.1),
              "youth": (0.25, 0.75, 0, 0, 0), "elderly": (0, 0, 0, 0.2, 0.8), "poorest": (0, 0.2, 0.4, 0.3, 0.1),
              "farmers": (0, 0.1, 0.4, 0.4, 0.1)}
BANDS = ("under-18", "18-29", "30-44", "45-59", "60+")
MINUTES = {
    "needs_assessment": ("Айылдын көйгөйлөрү тизмеленди жана талкууланды. Эң көп айтылгандар: ичүүчү суу, ички жолдор, "
                         "бала бакча. Демилгечи топко 5 адам шайланды.\n"
                         "Перечислены и обсуждены проблемы села; в инициативную группу избраны 5 человек."),
    "focus_group": ("Топтун өзгөчө муктаждыктары талкууланды; сунуштар демилгечи топко берилди.\n"
                    "Обсуждены потребности группы; предложения переданы инициативной группе."),
    "gathering": ("Жыйында 30 көйгөйдүн тизмеси окулуп, артыкчылыктарды тандоо үчүн добуш берүү жарыяланды.\n"
                  "На сходе зачитан список из 30 проблем и объявлено голосование по приоритетам."),
    "hearing": ("БАП долбоору коомдук угууда сунушталды; 14 сунуш түштү, алардын 9у кабыл алынды.\n"
                "Проект ПСД представлен на публичных слушаниях; поступило 14 предложений, 9 принято."),
}


def _meetings(kg, villages, staff, survey):
    base = survey.opens_on - timedelta(days=20)
    made = []
    for i, (kind, vi, group, women, men, deputies, place) in enumerate(MEETINGS):
        split = BAND_SPLIT[group]
        attendance = {}
        for sex, total in (("f", women), ("m", men)):
            left = total
            for j, band in enumerate(BANDS):
                n = left if j == len(BANDS) - 1 else round(total * split[j])
                n = min(n, left)
                attendance[(sex, band)] = n
                left -= n
        held = base + timedelta(days=i * 2) if kind != "hearing" else survey.closes_on + timedelta(days=40)
        if kind == "gathering":
            held = survey.closes_on + timedelta(days=10)
        made.append(meetings.create_meeting(
            kg, staff, attendance, kind=kind, held_on=held, village_id=villages[vi].id if vi is not None else None,
            place=place, target_group=group, deputies_present=deputies, minutes=MINUTES[kind]))
    return made


# data/kg_problems.json: [text, village index or null, sector, source, times raised, for the vote]
PROBLEMS = table("kg_problems")
# Duplicates raised again elsewhere, merged into the problem with the given index.
DUPLICATES = [
    ("Суу жок, түтүк жарылып жатат / Нет воды, прорывы труб", 0, "water", "survey", 12, 0),
    ("Жолдор начар, тез жардам келе албайт / Плохие дороги, скорая не доезжает", 1, "roads", "meeting", 9, 1),
    ("Кечинде көчө караңгы / Вечером на улицах темно", 2, "energy", "meeting", 7, 5),
]
RESIDENT_PROBLEMS = [
    ("Мектептин дааратканасы сыртта жана абдан начар абалда, кышында балдар ооруп жатышат.", 0, "education"),
    ("Арык тазаланбагандыктан жазында үйлөрдү суу басат.", 1, "water"),
]


def _problem_register(kg, villages, staff, resident, survey, meeting_list):
    by_village = {}
    for m in meeting_list:
        by_village.setdefault(m.village_id, m)
    gathering = next(m for m in meeting_list if m.kind == "gathering")
    made = []
    for text, vi, sector, source, times, for_vote in PROBLEMS:
        village_id = villages[vi].id if vi is not None else None
        meeting = by_village.get(village_id, gathering) if source == "meeting" else None
        p = problems.add_problem(kg, staff, text=text, village_id=village_id, sector=sector, source_kind=source,
                                 meeting_id=meeting.id if meeting else None,
                                 survey_id=survey.id if source == "survey" else None, times_raised=times)
        if for_vote:
            problems.set_for_vote(p, staff, True)
        made.append(p)
    for text, vi, sector, source, times, target in DUPLICATES:
        village_id = villages[vi].id
        meeting = by_village.get(village_id) if source == "meeting" else None
        dup = problems.add_problem(kg, staff, text=text, village_id=village_id, sector=sector, source_kind=source,
                                   meeting_id=meeting.id if meeting else None,
                                   survey_id=survey.id if source == "survey" else None, times_raised=times)
        problems.merge_problems(dup, made[target], staff)
    for text, vi, sector in RESIDENT_PROBLEMS:
        problems.propose_problem(kg, resident, text, village_id=villages[vi].id, sector=sector)
    return [p for p in made if p.is_for_vote]


def _armenia(ctx):
    am, villages, staff = ctx["am"], ctx["am_villages"], ctx["hy_staff"]
    held = date.today() - timedelta(days=60)
    m = meetings.create_meeting(
        am, staff, {("f", "30-44"): 14, ("f", "45-59"): 9, ("m", "45-59"): 12, ("m", "60+"): 8},
        kind="needs_assessment", held_on=held, village_id=villages[0].id, place="Դպրոցի դահլիճ",
        target_group="everyone", deputies_present=2,
        minutes="Քննարկվեցին համայնքի հիմնական խնդիրները՝ խմելու ջուր, ճանապարհներ, մանկապարտեզ։")
    meetings.create_meeting(
        am, staff, {("f", "18-29"): 7, ("f", "30-44"): 11}, kind="focus_group", held_on=held + timedelta(days=3),
        village_id=villages[1].id, place="Համայնքային կենտրոն", target_group="women", deputies_present=0,
        minutes="Կանանց խումբը առաջարկեց բացել մանկապարտեզ Քարաշենում։")
    for text, vi, sector, times, vote in [
        ("Վերինձորում խմելու ջրի ցանցը մաշված է", 0, "water", 18, True),
        ("Քարաշենում մանկապարտեզ չկա", 1, "education", 12, True),
        ("Ծաղկաբերդի ճանապարհը ձմռանը փակվում է", 2, "roads", 9, False),
        ("Փողոցային լուսավորություն չկա", None, "energy", 7, False),
    ]:
        p = problems.add_problem(am, staff, text=text, village_id=villages[vi].id if vi is not None else None,
                                 sector=sector, source_kind="meeting", meeting_id=m.id, survey_id=None,
                                 times_raised=times)
        if vote:
            problems.set_for_vote(p, staff, True)


def load(ctx):
    rng = random.Random(2026)
    kg, villages, staff = ctx["kg"], ctx["kg_villages"], ctx["staff"]
    survey, questions = _needs_survey(kg, staff)
    _responses(survey, questions, villages, staff, rng)
    youth = _youth_survey(kg, staff)
    meeting_list = _meetings(kg, villages, staff, survey)
    for_vote = _problem_register(kg, villages, staff, ctx["resident"], survey, meeting_list)
    _armenia(ctx)
    db.session.flush()
    ctx.update({"needs_survey": survey, "youth_survey": youth, "meetings": meeting_list,
                "problems_for_vote": for_vote})
