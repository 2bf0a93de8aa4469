"""Demo workshops: two past trainings of the demo trainer with realistic attendance.

A two-day SEDP training in Kyrgyz for five ayil aimaks of Issyk-Kul (26 participants, 12 of
them women; 23 came back on the second day), and a one-day training in Armenian for three
communities of Lori. The neighbouring municipalities are fictional too."""
import random
from datetime import date, timedelta

from flask import current_app

from ..extensions import db
from ..municipalities.models import Municipality
from ..workshops import services
from ..workshops.models import Attendance, Participant

KG_NEIGHBOURS = ("Көк-Жар айыл аймагы", "Тал-Булак айыл аймагы", "Ак-Сай айыл аймагы", "Кызыл-Суу айыл аймагы")
AM_NEIGHBOURS = ("Լեռնահովիտ համայնք", "Արևաշող համայնք")

KG_WOMEN = ("Айгүл", "Жылдыз", "Гүлмира", "Нургүл", "Бермет", "Асель", "Динара", "Мээрим", "Чынара", "Айжан",
            "Салтанат", "Камила")
KG_MEN = ("Бакыт", "Талант", "Эрлан", "Азамат", "Нурбек", "Марат", "Улан", "Канат", "Жумабек", "Самат", "Бекжан",
          "Алмаз", "Төлөгөн", "Чыңгыз")
KG_SURNAMES = ("Асанов", "Токтосунов", "Жээнбеков", "Осмонов", "Сыдыков", "Мамытов", "Абдылдаев", "Касымов",
               "Бейшеев", "Турдубаев")
AM_WOMEN = ("Անի", "Լուսինե", "Մարինե", "Գայանե", "Նարինե", "Սյուզաննա", "Արմինե", "Հասմիկ")
AM_MEN = ("Արամ", "Դավիթ", "Տիգրան", "Սամվել", "Գագիկ", "Արտակ")
AM_SURNAMES = ("Պետրոսյան", "Սարգսյան", "Հակոբյան", "Մկրտչյան", "Գրիգորյան", "Ավետիսյան", "Կարապետյան")

# Roles of the people a municipality sends (its staff, the head, deputies, the groups).
KG_ROLES = ("staff", "head", "deputy", "initiative_group", "initiative_group", "monitoring_group")
AM_ROLES = ("staff", "head", "deputy", "initiative_group", "resident")
AGES = ("18-29", "30-44", "30-44", "45-59", "45-59", "60+")


def _neighbours(names, like):
    made = [Municipality(slug=f"{like.slug}-{i}", name=name, country=like.country, region=like.region,
                         district=like.district, currency=like.currency, default_locale=like.default_locale,
                         description="")
            for i, name in enumerate(names, start=2)]
    db.session.add_all(made)
    db.session.flush()
    return made


def _surname(surname, sex, language):
    return surname + "а" if language == "ky" and sex == "f" else surname


def _people(rng, workshop, places, women, men, surnames, roles, counts):
    """``counts``: per municipality, (women, men) who came."""
    people = []
    women_left, men_left = list(women), list(men)
    rng.shuffle(women_left)
    rng.shuffle(men_left)
    for place, (w, m) in zip(places, counts):
        sexes = ["f"] * w + ["m"] * m
        rng.shuffle(sexes)
        for i, sex in enumerate(sexes):
            first = (women_left if sex == "f" else men_left).pop()
            name = f"{first} {_surname(rng.choice(surnames), sex, workshop.language)}"
            people.append(Participant(workshop=workshop, name=name, sex=sex, age_band=rng.choice(AGES),
                                      role=roles[i % len(roles)], municipality_id=place.id,
                                      locale="ru" if workshop.language == "ky" and rng.random() < 0.15
                                      else workshop.language))
    db.session.add_all(people)
    return people


def _material(workshop, trainer, name, title):
    from .plans import _tiny_pdf
    from ..workshops.views import upload_dir

    services.add_material(workshop, trainer, name, _tiny_pdf(title), upload_dir=upload_dir())


def load(ctx):
    rng = random.Random(2026)
    trainer, kg, am = ctx["trainer"], ctx["kg"], ctx["am"]
    today = date.today()
    with current_app.test_request_context():
        kg_places = [kg] + _neighbours(KG_NEIGHBOURS, kg)
        start = today - timedelta(days=61)
        kg_workshop = services.create_workshop(
            trainer, title="СЭӨП жана БАП: айыл аймактар үчүн тренинг", starts_on=start,
            ends_on=start + timedelta(days=1), place="Жашыл-Өрөн, маданият үйү", region=kg.region, language="ky",
            topics=["sedp_kinds", "legal", "participation", "sedp_method", "jap", "monitoring"],
            agenda="1-күн 09:30 СЭӨП жана анын түрлөрү\n1-күн 11:00 Пландоонун укуктук талаптары\n"
                   "1-күн 14:00 Жарандардын катышуусунун модели\n2-күн 09:30 СЭӨП методу\n"
                   "2-күн 11:30 БАП түзүү (практикалык иш)\n2-күн 15:00 Мониторинг жана жамаат менен макулдашуу",
            municipality_ids=[m.id for m in kg_places])
        # 26 participants, 12 of them women, from 5 ayil aimaks.
        people = _people(rng, kg_workshop, kg_places, KG_WOMEN, KG_MEN, KG_SURNAMES, KG_ROLES,
                         [(3, 3), (3, 2), (2, 3), (2, 3), (2, 3)])
        second_day_absent = set(rng.sample(range(len(people)), 3))
        for i, person in enumerate(people):
            person.attendance = [Attendance(day=d) for d in kg_workshop.days
                                 if d == kg_workshop.starts_on or i not in second_day_absent]
        _material(kg_workshop, trainer, "СЭӨП-методу.pdf", "SEDP method - handout (demo)")

        am_places = [am] + _neighbours(AM_NEIGHBOURS, am)
        day = today - timedelta(days=24)
        am_workshop = services.create_workshop(
            trainer, title="Համայնքի զարգացման ծրագիր. մասնակցային պլանավորում", starts_on=day, ends_on=day,
            place="Վերինձոր, համայնքապետարան", region=am.region, language="hy",
            topics=["participation", "sedp_method", "jap", "council"],
            agenda="10:00 Քաղաքացիների մասնակցության մոդելը\n12:00 Զարգացման ծրագրի մեթոդը\n"
                   "15:00 Համատեղ գործողությունների ծրագիր\n17:00 Քննարկումն ավագանում",
            municipality_ids=[m.id for m in am_places])
        # 14 on the list; one man did not come: 13 participants, 8 of them women, from 3 communities.
        people = _people(rng, am_workshop, am_places, AM_WOMEN, AM_MEN, AM_SURNAMES, AM_ROLES,
                         [(4, 2), (2, 2), (2, 2)])
        absent = [p for p in people if p.sex == "m"][-1]
        for person in people:
            person.attendance = [] if person is absent else [Attendance(day=day)]
        _material(am_workshop, trainer, "Ծրագրի-մեթոդ.pdf", "Community plan method - handout (demo)")
    ctx["workshops"] = [kg_workshop, am_workshop]
