"""Demo participatory budgeting: Жашыл-Өрөн's closed budgeting ballot, 15 projects for a
budget that fits about half of them, about 800 online ballot papers. The largest village votes
for its three big projects; greedy by votes funds them, the Method of Equal Shares (the
ballot's rule) gives every village its share, so the two pick different winners."""
import random
from datetime import timedelta

from sqlalchemy import insert, select

from ..auth.models import User
from ..budgeting import paper as pb_paper
from ..budgeting import services
from ..budgeting.models import PAPER, PbParticipation, PbVote
from ..models import utcnow
from ..municipalities.models import RESIDENT, Membership
from ..extensions import db

BALLOTS = 800
PROJECTS = [  # title, cost (soms), village index (None: the whole municipality)
    ("Жашыл-Өрөндө спорт комплекси", 2_400_000, 0),
    ("Жашыл-Өрөн мектебинин чатырын алмаштыруу", 1_500_000, 0),
    ("Жашыл-Өрөндүн борбордук көчөсүн асфальттоо", 1_800_000, 0),
    ("Ак-Булуңда ичүүчү суу түтүгү", 1_200_000, 1),
    ("Ак-Булуң бала бакчасынын жылытуу системасы", 700_000, 1),
    ("Кара-Дөбөдө көчө жарыгы", 450_000, 2),
    ("Кара-Дөбөдөгү ФАПты оңдоо", 600_000, 2),
    ("Чолок-Терекке жөө көпүрө", 900_000, 3),
    ("Чолок-Теректе балдар аянтчасы", 300_000, 3),
    ("Сай-Кыяда жайыт жолун оңдоо", 650_000, 4),
    ("Сай-Кыя клубунун чатыры", 350_000, 4),
    ("Айыл аймак үчүн таштанды контейнерлери", 400_000, None),
    ("Ак-Булуңдагы маданият үйүндө китепкана", 500_000, 1),
    ("Жашыл-Өрөн паркында отургучтар", 250_000, 0),
    ("Кара-Дөбөдө мал доктурунун пункту", 800_000, 2),
]
TEMPLATES = {  # village index -> ballot papers its residents send (project positions), with weights
    0: [((1, 2, 3), 6), ((1, 2, 14), 2), ((2, 3, 12), 2)],
    1: [((4, 5, 13), 5), ((4, 5, 12), 3), ((4, 13), 2)],
    2: [((6, 7, 15), 5), ((6, 7), 3), ((7, 15, 12), 2)],
    3: [((8, 9), 6), ((8, 9, 12), 4)],
    4: [((10, 11), 6), ((10, 11, 12), 4)],
}


def load(ctx):
    rng = random.Random(2027)
    kg, staff, villages = ctx["kg"], ctx["group"], ctx["kg_villages"]
    now = utcnow()
    ballot = services.create_ballot(
        kg, staff, title="Катышуу бюджети 2027: айылдардын долбоорлору",
        description=("Айыл аймак 6 000 000 сомду тургундар тандаган долбоорлорго бөлөт. Колдогон долбоорлорду "
                     "белгилеңиз: алардын жалпы наркы бюджеттен ашпашы керек. Жеңүүчүлөр бирдей үлүштөр ыкмасы "
                     "менен аныкталат."),
        style="budget", rule="mes_add1", budget=6_000_000,
        opens_at=now - timedelta(days=21), closes_at=now + timedelta(days=1))
    for title, cost, village in PROJECTS:
        services.add_project(ballot, staff, title=title, cost=cost,
                             village_ids=[villages[village].id] if village is not None else [])
    ids = {p.position: p.id for p in ballot.projects}
    index = {v.id: i for i, v in enumerate(villages)}
    residents = db.session.execute(
        select(User.id, Membership.village_id, User.sex, User.age_band).join(Membership, Membership.user_id == User.id)
        .where(Membership.municipality_id == kg.id, Membership.role == RESIDENT, User.email.like("demo-voter-%"))
        .order_by(User.id)).all()
    at = now - timedelta(days=10)
    participations, votes = [], []
    online = rng.sample(residents, min(BALLOTS, len(residents)))
    for user_id, village_id, sex, age_band in online:
        papers, weights = zip(*TEMPLATES[index.get(village_id, 0)])
        paper = rng.choices(papers, weights=weights)[0]
        participations.append({"ballot_id": ballot.id, "user_id": user_id, "version": 1, "created_at": at,
                               "updated_at": at})
        receipt = services.receipt_for(ballot.id, user_id)
        votes += [{"ballot_id": ballot.id, "receipt": receipt, "project_id": ids[p], "value": 1,
                   "village_id": village_id, "sex": sex, "age_band": age_band} for p in paper]
    db.session.execute(insert(PbParticipation), participations)
    db.session.execute(insert(PbVote), votes)
    _paper(ctx, ballot, sorted(set(residents) - set(online)), rng, ids, now - timedelta(days=8))
    ballot.opens_at, ballot.closes_at = now - timedelta(days=21), now - timedelta(days=6)
    ballot.version += 1
    db.session.flush()
    ctx["budgeting"] = ballot


PAPER_VILLAGES = (1, 2, 3)  # the villages whose gatherings voted on paper


def _paper(ctx, ballot, not_online, rng, ids, at):
    """A confirmed batch per paper village: the papers of the residents marked on the list
    (who did not vote online), one over the budget and one blank among them."""
    staff, villages = ctx["staff"], ctx["kg_villages"]
    secretary = db.session.scalar(select(User).where(User.email == "secretary@example.org")) or ctx["admin"]
    for index in PAPER_VILLAGES:
        village = villages[index]
        voters = [user_id for user_id, village_id, _sex, _age in not_online if village_id == village.id][:40]
        db.session.execute(insert(PbParticipation), [
            {"ballot_id": ballot.id, "user_id": user_id, "channel": PAPER, "marked_by_id": staff.id, "version": 1,
             "created_at": at, "updated_at": at} for user_id in voters])
        batch = pb_paper.open_batch(ballot, village, staff, now=at)
        papers, weights = zip(*TEMPLATES[index])
        for n in range(len(voters)):
            marked = (1, 2, 3, 4) if n == 3 else () if n == 7 else rng.choices(papers, weights=weights)[0]
            pb_paper.enter_paper(batch, staff, {ids[p]: 1 for p in marked})
        spoiled, unused = 1, rng.randint(5, 15)
        pb_paper.save_reconciliation(batch, staff, issued=len(voters) + spoiled + unused, spoiled=spoiled,
                                     unused=unused)
        shown = pb_paper.figures(batch)
        pb_paper.confirm_batch(batch, secretary, shown_version=batch.lock_version, shown_digest=pb_paper.digest(batch),
                               typed={"valid": shown["valid"], "invalid": shown["invalid"], **shown["totals"]},
                               labels={}, now=at + timedelta(hours=2))
