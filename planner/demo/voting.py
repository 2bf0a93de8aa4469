"""Demo ballots: a closed priority vote on the 11 problems marked for the vote in
Жашыл-Өрөн (about 1,200 online votes, paper protocols from its 5 villages, the ranked
priority list), an open ranking ballot there, and an open ballot in Վերինձոր.

Everything is invented. The voters are fictional accounts (demo-voter-NNNN@example.org)."""
import random
from datetime import timedelta

from sqlalchemy import insert, select

from ..auth.models import AGE_BANDS, User
from ..extensions import db
from ..models import utcnow
from ..municipalities.models import ACTIVE, RESIDENT, STAFF, Membership
from ..surveys.ballots import counting, paper, services
from ..surveys.ballots.models import ONLINE, BallotParticipation, BallotVote
from ..surveys.models import Problem
from . import table

# Used only if the problem register's demo has not marked problems for the vote.
KG_PROBLEMS = [
    "Жашыл-Өрөндө ичүүчү суу түтүгү эскирип, жайында суу үзгүлтүккө учурайт",
    "Ак-Булуң менен борбордун ортосундагы жол (4 км) асфальтталбаган",
    "Мектептин жылуулук системасы эскирген, кышында класстар суук",
    "Бала бакчада орун жетишсиз: кезекте 60тан ашык бала",
    "Көчө жарыгы Кара-Дөбө жана Чолок-Терекке жетпейт",
    "Сугат арыктары бузулган, талаага суу жетпейт",
    "ФАПта (фельдшердик пункт) дарыгер жок, жабдуулар эски",
    "Таштандыларды чогултуу жана чыгаруу уюштурулган эмес",
    "Жаштар үчүн спорт аянтча жок",
    "Сай-Кыяда көпүрө жазгы суудан кийин кыйрап калган",
    "Мал жайыттарына баруучу жол начар, жайыттар тепселип бүттү",
]
KG_VOTERS = 1200
BALLOTS = table("ballots")
VOTER_FIRST = ["Азамат", "Бакыт", "Нурбек", "Эрлан", "Талант", "Улан", "Жыргал", "Мирлан", "Айпери", "Гүлзат",
               "Нургүл", "Айзада", "Чынара", "Бермет", "Жаңыл", "Салтанат", "Айбек", "Марат", "Зарина", "Динара"]
VOTER_LAST = ["Абдраев", "Токтосунов", "Бакиев", "Жумабеков", "Осмонов", "Сыдыков", "Мамбетов", "Асанов",
              "Турдубаев", "Калыков", "Эсенов", "Кадыров"]
# Each village cares about some problems more (index into the options).
VILLAGE_LEANINGS = [(0, 2, 3), (1, 2, 8), (4, 5, 0), (4, 6, 5), (9, 10, 5)]
BASE_WEIGHTS = [9, 7, 8, 6, 5, 6, 5, 4, 3, 3, 3]


def _pick(rng, weights, k):
    """Up to k distinct option indexes, drawn by weight."""
    chosen = []
    pool = list(range(len(weights)))
    for _ in range(k):
        total = sum(weights[i] for i in pool)
        r = rng.uniform(0, total)
        for i in pool:
            r -= weights[i]
            if r <= 0:
                chosen.append(i)
                pool.remove(i)
                break
    return chosen


def _weights_for(village_index):
    weights = list(BASE_WEIGHTS)
    for i in VILLAGE_LEANINGS[village_index % len(VILLAGE_LEANINGS)]:
        weights[i] += 8
    return weights


def _problems_for_vote(kg, staff):
    problems = db.session.scalars(select(Problem).where(
        Problem.municipality_id == kg.id, Problem.is_for_vote.is_(True), Problem.status == "accepted",
        Problem.merged_into_id.is_(None)).order_by(Problem.id)).all()
    if len(problems) >= 2:
        return problems
    problems = [Problem(municipality_id=kg.id, text=text, is_for_vote=True, created_by_id=staff.id)
                for text in KG_PROBLEMS]
    db.session.add_all(problems)
    db.session.flush()
    return problems


def _voters(municipality, villages, password_hash, rng, *, count=KG_VOTERS, first=VOTER_FIRST, last=VOTER_LAST,
            female_ending="а", locale="ky", prefix="demo-voter"):
    """``count`` fictional verified residents, spread over the villages by population."""
    populations = [v.population or 1 for v in villages]
    now = utcnow()
    users = []
    for n in range(1, count + 1):
        sex = rng.choice("fm")
        name = f"{rng.choice(first)} {rng.choice(last)}{female_ending if sex == 'f' else ''}"
        users.append({"email": f"{prefix}-{n:04d}@example.org", "name": name,
                      "password_hash": password_hash, "session_nonce": f"{prefix}{n:06d}", "locale": locale,
                      "sex": rng.choice([sex, sex, sex, None]),
                      "age_band": rng.choice([*AGE_BANDS, AGE_BANDS[1], AGE_BANDS[2], None]),
                      "is_admin": False, "is_trainer": False, "created_at": now})
    db.session.execute(insert(User), users)
    rows = db.session.execute(select(User.id, User.sex, User.age_band)
                              .where(User.email.like(f"{prefix}-%")).order_by(User.id)).all()
    memberships = []
    homes = rng.choices(range(len(villages)), weights=populations, k=len(rows))
    for (user_id, _sex, _age), home in zip(rows, homes):
        memberships.append({"user_id": user_id, "municipality_id": municipality.id, "role": RESIDENT,
                            "status": ACTIVE, "village_id": villages[home].id, "created_at": now, "verified_at": now})
    db.session.execute(insert(Membership), memberships)
    return [(user_id, sex, age, home) for (user_id, sex, age), home in zip(rows, homes)]


def _cast_online(ballot, voters, villages, rng, count, k, at, weights_for=None):
    participations, papers = [], []
    for user_id, sex, age, home in rng.sample(voters, count):
        weights = (weights_for or _weights_for)(home)[: len(ballot.options)]
        picks = _pick(rng, weights, rng.choice(range(1, k + 1)) if ballot.method != "ranking" else k)
        participations.append({"ballot_id": ballot.id, "user_id": user_id, "channel": ONLINE,
                               "village_id": villages[home].id, "version": 1, "created_at": at, "updated_at": at})
        receipt = services.receipt_for(ballot.id, user_id)
        papers.append([{"ballot_id": ballot.id, "receipt": receipt, "option_id": ballot.options[index].id,
                        "value": position if ballot.method == "ranking" else 1, "village_id": villages[home].id,
                        "sex": sex, "age_band": age} for position, index in enumerate(picks, start=1)])
    rng.shuffle(papers)  # as mixed: the papers' order says nothing about the voters' (docs/threat-model.md)
    db.session.execute(insert(BallotParticipation), participations)
    db.session.execute(insert(BallotVote), [row for paper in papers for row in paper])


def _paper(ballot, villages, staff, secretary, rng, at):
    for index, village in enumerate(villages):
        issued = max(20, (village.population or 500) // 30 + rng.randint(-5, 10))
        invalid = rng.randint(0, 4)
        valid = issued - invalid - rng.randint(0, 3)
        counts: dict = {}
        for _ in range(valid):
            for i in _pick(rng, _weights_for(index), rng.choice(range(1, ballot.max_choices + 1))):
                key = (ballot.options[i].id, 0)
                counts[key] = counts.get(key, 0) + 1
        tally = paper.save_tally(ballot, village, staff, issued=issued, valid=valid, invalid=invalid,
                                    counts=counts, now=at)
        paper.confirm_tally(tally, secretary, shown_version=tally.lock_version, shown_digest=paper.digest(tally),
                            now=at + timedelta(hours=2))


def new_ballot(municipality, by, name, now, options=None):
    """The ballot ``name`` of data/ballots.json (opening and closing in days from ``now``); its options are
    the table's unless given as (text, fields) pairs."""
    spec = BALLOTS[name]
    if options is None:
        options = [(text, {}) for text in spec["options"]]
    return services.create_ballot(
        municipality, by, title=spec["title"], explanation=spec["explanation"], method=spec["method"],
        max_choices=spec["max_choices"], max_per_option=1, opens_at=now + timedelta(days=spec["opens"]),
        closes_at=now + timedelta(days=spec["closes"]), is_results_live=spec["live"], options=options)


def load(ctx):
    rng = random.Random(2026)
    kg, staff = ctx["kg"], ctx["staff"]
    villages = ctx["kg_villages"]
    now = utcnow()
    secretary = User(email="secretary@example.org", name="Бурул Исакова", locale="ky", sex="f", age_band="45-59")
    secretary.password_hash = staff.password_hash
    db.session.add(secretary)
    db.session.add(Membership(user=secretary, municipality=kg, role=STAFF, status=ACTIVE, verified_at=now))
    db.session.flush()

    problems = _problems_for_vote(kg, staff)
    closed = new_ballot(kg, staff, "kg_priorities", now, [(p.text, {"problem_id": p.id}) for p in problems])
    voters = _voters(kg, villages, staff.password_hash, rng)
    _cast_online(closed, voters, villages, rng, KG_VOTERS - 20, 3, now - timedelta(days=30))
    _paper(closed, villages, staff, secretary, rng, now - timedelta(days=27))
    db.session.flush()
    result = counting.count(closed, with_breakdowns=False)
    services.make_priorities(closed, result, staff, len(closed.options), now=now - timedelta(days=25))

    road = new_ballot(kg, ctx["group"], "kg_roads", now)
    _cast_online(road, voters, villages, rng, 180, 3, now - timedelta(days=1))

    am, hy_staff = ctx["am"], ctx["hy_staff"]
    new_ballot(am, hy_staff, "am_project", now)
    ctx["ballots"] = {"kg_priorities": closed, "kg_roads": road}
