"""Demo data: fictional municipalities, realistic in shape, never a real one's figures.

Each feature adds its own module here (``planner/demo/<feature>.py``) with a function
``load(ctx)``; ``FEATURES`` lists them in the order they run. ``ctx`` is a dict holding the
municipalities, villages and users made below, and whatever earlier features add to it.
Long tables of rows (a plan's activities, a problem register) are data files in
``planner/demo/data/``, read with ``table(name)``."""
import importlib
import json
from pathlib import Path

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..models import utcnow
from ..municipalities.models import (
    ACTIVE,
    DEPUTY,
    GROUP_MEMBER,
    MONITOR,
    PENDING,
    RESIDENT,
    STAFF,
    Membership,
    Municipality,
    Village,
)

PASSWORD = "demo-planner-2026"
FEATURES = ("plans", "surveys", "voting", "monitoring", "verindzor", "budget", "budgeting", "workshops", "practice")


def table(name):
    """The rows of ``planner/demo/data/<name>.json`` (JSON arrays: lists where the code once had tuples)."""
    return json.loads((Path(__file__).parent / "data" / f"{name}.json").read_text(encoding="utf-8"))


class AlreadyLoaded(Exception):
    pass


KG_VILLAGES = [("Жашыл-Өрөн", 4210), ("Ак-Булуң", 2380), ("Кара-Дөбө", 1950), ("Чолок-Терек", 1320), ("Сай-Кыя", 860)]
AM_VILLAGES = [("Վերինձոր", 2140), ("Քարաշեն", 980), ("Ծաղկաբերդ", 640)]


def _user(email, name, *, locale, sex=None, age_band=None, is_admin=False, is_trainer=False):
    user = User(email=email, name=name, locale=locale, sex=sex, age_band=age_band,
                is_admin=is_admin, is_trainer=is_trainer,
                email_confirmed_at=utcnow() if email else None)  # demo: as if confirmed
    user.set_password(PASSWORD)
    db.session.add(user)
    return user


def _member(user, municipality, role, village=None, status=ACTIVE):
    m = Membership(user=user, municipality=municipality, role=role, village=village, status=status,
                   verified_at=utcnow() if status == ACTIVE else None)
    db.session.add(m)
    return m


def load():
    """Load the demo; returns the logins as (email, description) pairs."""
    if db.session.scalar(select(Municipality.id).limit(1)) is not None:
        raise AlreadyLoaded()
    kg = Municipality(
        slug="jashyl-oron", name="Жашыл-Өрөн айыл аймагы", country="KG",
        region="Ысык-Көл облусу", district="Демо району", currency="KGS", default_locale="ky",
        description=("Ойдон чыгарылган демо айыл аймагы: беш айыл, демилгечи топтор жана "
                     "биргелешкен аракеттер планы."),
    )
    am = Municipality(
        slug="verindzor", name="Վերինձոր համայնք", country="AM", region="Լոռու մարզ",
        district="", currency="AMD", default_locale="hy",
        description="Հորինված ցուցադրական համայնք՝ երեք գյուղով։",
    )
    db.session.add_all([kg, am])
    kg_villages = [Village(municipality=kg, name=n, population=p) for n, p in KG_VILLAGES]
    am_villages = [Village(municipality=am, name=n, population=p) for n, p in AM_VILLAGES]
    db.session.add_all(kg_villages + am_villages)

    logins = []

    def person(email, name, what, **kw):
        logins.append((email, what))
        return _user(email, name, **kw)

    admin = person("admin@example.org", "Админ Платформа", "administrator", locale="en", is_admin=True)
    trainer = person("trainer@example.org", "Гүлнара Осмонова", "trainer", locale="ky", sex="f", is_trainer=True)
    staff = person("staff@example.org", "Айбек Токтогулов", "staff, Жашыл-Өрөн", locale="ky", sex="m", age_band="30-44")
    group = person("group@example.org", "Жамила Садыкова", "initiative group member, Жашыл-Өрөн", locale="ky", sex="f", age_band="45-59")
    deputy = person("deputy@example.org", "Нурлан Абдыраев", "council deputy, Жашыл-Өрөн", locale="ru", sex="m", age_band="45-59")
    monitor = person("monitor@example.org", "Чолпон Бекова", "monitoring group member, Жашыл-Өрөн", locale="ky", sex="f", age_band="30-44")
    resident = person("resident@example.org", "Эрмек Усенов", "verified resident, Жашыл-Өрөн", locale="ky", sex="m", age_band="18-29")
    newcomer = person("newcomer@example.org", "Айгерим Жумабаева", "resident waiting for verification", locale="ru", sex="f", age_band="18-29")
    hy_staff = person("hy-staff@example.org", "Անի Հովհաննիսյան", "staff, Վերինձոր", locale="hy", sex="f", age_band="30-44")
    hy_resident = person("hy-resident@example.org", "Արամ Պետրոսյան", "verified resident, Վերինձոր", locale="hy", sex="m", age_band="45-59")

    _member(staff, kg, STAFF)
    _member(staff, kg, RESIDENT, kg_villages[0])
    _member(group, kg, GROUP_MEMBER)
    _member(group, kg, RESIDENT, kg_villages[1])
    _member(deputy, kg, DEPUTY)
    _member(monitor, kg, MONITOR)
    _member(monitor, kg, RESIDENT, kg_villages[2])
    _member(resident, kg, RESIDENT, kg_villages[0])
    _member(newcomer, kg, RESIDENT, kg_villages[3], status=PENDING)
    _member(hy_staff, am, STAFF)
    _member(hy_resident, am, RESIDENT, am_villages[0])
    db.session.flush()
    ctx = {
        "kg": kg, "am": am, "kg_villages": kg_villages, "am_villages": am_villages,
        "admin": admin, "trainer": trainer, "staff": staff, "group": group, "deputy": deputy,
        "monitor": monitor, "resident": resident, "newcomer": newcomer,
        "hy_staff": hy_staff, "hy_resident": hy_resident,
    }
    for feature in FEATURES:
        try:
            module = importlib.import_module(f"{__name__}.{feature}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{feature}":
                raise
            continue
        module.load(ctx)
        db.session.flush()
    return logins
