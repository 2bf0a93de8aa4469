"""Demo joint monitoring for the Kyrgyz municipality's approved joint action plan.

A monitoring group of seven (three women) approved at a village gathering, its monitoring
plan, two quarters of approved reports for most activities (a few delayed, one overspent),
and small photos drawn with Pillow. Fictional, like the rest of the demo."""
import io
import random
from datetime import date
from decimal import Decimal

from PIL import Image, ImageDraw
from sqlalchemy import select

from ..extensions import db
from ..municipalities.models import ACTIVE, MONITOR, Membership
from ..plans.in_force import in_approved_version
from ..plans.models import Activity, Plan
from ..monitoring import services
from ..surveys import meetings
from ..monitoring.execution import SOURCES

MEMBERS = [
    # name, kind, sex, role
    ("Чолпон Бекова", "resident", "f", "Топтун төрагасы"),
    ("Бакыт Мамытов", "deputy", "m", "Жергиликтүү кеңештин депутаты"),
    ("Динара Абдыкадырова", "staff", "f", "Айыл өкмөтүнүн финансисти"),
    ("Улан Эсенгулов", "resident", "m", "Жаштар өкүлү"),
    ("Гульмира Токтосунова", "resident", "f", "Аялдар кеңешинен"),
    ("Мирлан Сатыбалдиев", "other", "m", "Курулуш адиси (ыктыярчы)"),
    ("Асан Жээнбеков", "resident", "m", "Аксакалдар сотунан"),
]

FINDINGS = [
    "Иштер график боюнча жүрүп жатат, материалдар жеткирилди.",
    "Работы идут по графику, подрядчик на месте, качество удовлетворительное.",
    "Пайдубал куюлду, дубалдар тургузулуп жатат.",
    "Ашарга 25 тургун катышты, жер казуу иштери бүттү.",
    "Оборудование закуплено и установлено, идёт наладка.",
]
PROBLEMS = [
    "Подрядчик задерживает поставку цемента.",
    "Жамааттын салымы (акча) толук чогултула элек.",
    "Из-за дождей работы приостановлены на две недели.",
    "",
]
RECOMMENDATIONS = [
    "Айыл өкмөтү подрядчик менен жолугушуп, мөөнөттү тактасын.",
    "Провести сход в селе и напомнить о взносах.",
    "Следующий визит — после завершения кровли.",
]


def _photo(rng, label_colour):
    """A small fictional 'site photo': sky, ground and a building outline."""
    image = Image.new("RGB", (640, 480), (150 + rng.randint(0, 60), 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 300, 640, 480], fill=(120 + rng.randint(0, 40), 110, 70))
    x = rng.randint(60, 300)
    draw.rectangle([x, 180, x + 260, 330], fill=label_colour, outline=(60, 60, 60), width=4)
    draw.polygon([(x - 20, 180), (x + 130, 100), (x + 280, 180)], fill=(140, 40, 30))
    for i in range(3):
        draw.rectangle([x + 30 + i * 80, 220, x + 70 + i * 80, 270], fill=(200, 220, 240))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _approved_jap(ctx):
    """The demo's approved JAP (``kg_jap`` from the plans demo; it may be in an amendment)."""
    plan = ctx.get("kg_jap") or ctx.get("jap")
    if plan is None:
        plan = db.session.scalar(
            select(Plan).where(Plan.municipality_id == ctx["kg"].id, Plan.stage.in_(("approved", "implementation")))
            .order_by(Plan.kind.desc(), Plan.id))
    return plan if plan is not None and services.plan_accepts_reports(plan) else None


def _approving_gathering(kg, staff, held_on):
    """The village gathering that elected the group, recorded like any other meeting."""
    attendance = {("f", "18-29"): 9, ("f", "30-44"): 14, ("f", "45-59"): 11, ("f", "60+"): 6,
                  ("m", "18-29"): 8, ("m", "30-44"): 13, ("m", "45-59"): 12, ("m", "60+"): 9}
    return meetings.create_meeting(
        kg, staff, attendance, kind="gathering", held_on=held_on, place="Жашыл-Өрөн айылынын маданият үйү",
        target_group="everyone", deputies_present=4,
        minutes="Айылдык жыйын биргелешкен мониторинг жана баалоо тобун шайлады: 7 мүчө, анын ичинде 3 аял. "
                "Топ жыл сайын мониторинг планын түзүп, ар бир чейректе отчет берет.")


def load(ctx):
    plan = _approved_jap(ctx)
    if plan is None:
        return
    rng = random.Random(6)
    staff, monitor = ctx["staff"], ctx["monitor"]
    from . import _user

    second = _user("monitor2@example.org", "Бакыт Мамытов", locale="ru", sex="m", age_band="45-59")
    db.session.add(Membership(user=second, municipality=ctx["kg"], role=MONITOR, status=ACTIVE))
    db.session.flush()

    year = plan.year_from
    group = services.create_group(
        ctx["kg"], staff, "Биргелешкен мониторинг жана баалоо тобу", plan=plan, formed_on=date(year, 2, 12),
        meeting=_approving_gathering(ctx["kg"], staff, date(year, 2, 12)))
    members = []
    for i, (name, kind, sex, role) in enumerate(MEMBERS):
        user = monitor if i == 0 else second if i == 1 else None
        members.append(services.add_member(group, staff, name, kind, sex, role, user=user))

    # the approved version's activities: the draft amendment's new one is not monitored yet
    activities = [a for a in db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id))
                  if in_approved_version(plan, a)]
    for i, activity in enumerate(activities):
        services.add_plan_item(group, staff, year, activity, "quarterly", members[i % len(members)])

    # Most activities get two quarters of approved reports; the last few have none yet.
    reported = activities[: max(1, len(activities) * 4 // 5)]
    delayed = {a.id for a in reported[2:len(reported):9]}  # a few delayed ones
    overspent = reported[1].id if len(reported) > 1 else reported[0].id
    photos_left = 8
    for n, activity in enumerate(reported):
        funding = activity.funding()
        # Short activities (ending by September) were finished by the second visit.
        done_early = n % 5 == 0 or (activity.end_month is not None and activity.end_month < date(year, 10, 1))
        previous = 0
        for quarter in (1, 2):
            if activity.id in delayed:
                status, progress = "delayed", (10 if quarter == 1 else 25)
            elif done_early and quarter == 2:
                status, progress = "done", 100
            else:
                status, progress = "on_track", min(95, previous + rng.choice((20, 30, 40)))
            share = Decimal(progress - previous) / 100
            spending = {}
            for source in SOURCES:
                planned = funding.get(source) or Decimal(0)
                amount = (planned * share).quantize(Decimal("1"))
                if activity.id == overspent and source == "local":
                    amount = (planned * Decimal("0.8") if quarter == 1 else planned * Decimal("0.45")).quantize(Decimal("1"))
                if amount > 0:
                    spending[source] = amount
            previous = progress
            visit = date(year, quarter * 3, 15 + rng.randint(0, 10))
            present = rng.sample(members, 3)
            if members[0] not in present:
                present[0] = members[0]
            report = services.create_report(activity, group, monitor, {
                "period_year": year, "period_kind": "quarter", "period_number": quarter, "visit_date": visit,
                "status": status, "progress": progress, "members_present": [m.id for m in present],
                "findings": rng.choice(FINDINGS),
                "problems": PROBLEMS[2] if activity.id in delayed else rng.choice(PROBLEMS),
                "recommendations": rng.choice(RECOMMENDATIONS), "spending": spending, "indicator_values": {},
            }, today=visit)
            if photos_left and quarter == 2 and n >= len(reported) - 8:  # the latest reports show photos
                colour = (220, 200 - 10 * photos_left, 160)
                services.add_photo(report, monitor, _photo(rng, colour), caption="Объектинин абалы / Состояние объекта")
                photos_left -= 1
            services.approve_report(report, second)
    # One draft waiting for the group's decision, to show the workflow.
    if len(reported) < len(activities):
        activity = activities[-1]
        services.create_report(activity, group, monitor, {
            "period_year": year, "period_kind": "quarter", "period_number": 2, "visit_date": date(year, 6, 20),
            "status": "not_started", "progress": 0, "members_present": [members[0].id, members[3].id],
            "findings": "Иш-чара баштала элек: долбоордук документтер даярдалууда.", "problems": "",
            "recommendations": "Документтерди III чейрекке чейин бүтүрүү.", "spending": {}, "indicator_values": {},
        }, today=date(year, 6, 20))
    ctx["monitoring_group"] = group
