"""Practice municipalities: made for a workshop from the template (practice_template.py),
with practice accounts for participants, reset to the template, deleted, purged once expired.

A practice account's password is derived from the app's secret key and the account's salt
(HMAC), so login cards can be printed again and nothing is stored in clear."""
import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import delete, select

from .. import audit
from ..auth.models import User
from ..errors import ServiceError
from ..extensions import db
from ..i18n import gettext as _
from ..models import utcnow
from ..municipalities.models import ACTIVE, RESIDENT, STAFF, Membership, Municipality
from . import practice_template
from .models import PRACTICE_ROLES, PracticeAccount, PracticeMunicipality

MAX_DAYS = 90
MAX_ACCOUNTS = 60
EMAIL_DOMAIN = "practice.invalid"  # reserved (RFC 2606): nothing is ever delivered there
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def password_of(account) -> str:
    """The account's password, the same every time the card is printed."""
    digest = hmac.new(current_app.secret_key.encode() if isinstance(current_app.secret_key, str)
                      else current_app.secret_key, f"practice:{account.salt}".encode(), hashlib.sha256).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:12])


def parse_accounts(text):
    """``name, role`` per line (role as in PRACTICE_ROLES; resident when left out)."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in re.split(r"[,;\t]", line)]
        name, role = parts[0], (parts[1] if len(parts) > 1 and parts[1] else RESIDENT)
        if not name or len(name) > 120:
            raise ServiceError(_("Line %(n)s: write the person's name (at most 120 characters).", n=number),
                               field="accounts")
        if role not in PRACTICE_ROLES:
            raise ServiceError(_("Line %(n)s: choose the role from the list.", n=number), field="accounts")
        rows.append((name, role))
    if len(rows) > MAX_ACCOUNTS:
        raise ServiceError(ngettext("At most %(num)s practice account.", "At most %(num)s practice accounts.",
                                    MAX_ACCOUNTS), field="accounts")
    return rows


def _memberships(practice, municipality, trainer):
    """The trainer works as staff there; each practice account holds its role."""
    now = utcnow()
    village = municipality.villages[0] if municipality.villages else None
    db.session.add(Membership(user_id=trainer.id, municipality=municipality, role=STAFF, status=ACTIVE,
                              verified_at=now))
    for account in practice.accounts:
        db.session.add(Membership(user_id=account.user_id, municipality=municipality, role=account.role,
                                  status=ACTIVE, verified_at=now, village=village if account.role == RESIDENT else None))
        if account.role != RESIDENT:  # everyone may also vote and answer as a resident
            db.session.add(Membership(user_id=account.user_id, municipality=municipality, role=RESIDENT,
                                      status=ACTIVE, verified_at=now, village=village))


def create_practice(workshop, by, *, days, accounts):
    if not days or not 1 <= int(days) <= MAX_DAYS:
        raise ServiceError(ngettext("Between 1 and %(num)s day.", "Between 1 and %(num)s days.", MAX_DAYS),
                           field="days")
    rows = parse_accounts(accounts)
    slug = f"practice-{secrets.token_hex(4)}"
    practice = PracticeMunicipality(workshop=workshop, slug=slug, language=workshop.language,
                                    expires_at=utcnow() + timedelta(days=int(days)))
    db.session.add(practice)
    for position, (name, role) in enumerate(rows, start=1):
        user = User(email=f"{slug}-{position}@{EMAIL_DOMAIN}", name=name, locale=workshop.language)
        account = PracticeAccount(practice=practice, user=user, position=position, role=role,
                                  salt=secrets.token_hex(16))
        user.set_password(password_of(account))
        db.session.add(account)
    municipality = practice_template.build(slug, workshop.language, by, suffix=f"#{workshop.id}")
    practice.municipality = municipality
    db.session.flush()
    _memberships(practice, municipality, by)
    db.session.flush()
    audit.record(by, "practice.create", practice, None, slug)
    return practice


def _drop_municipality(practice):
    """Delete the sandbox municipality; the database removes everything in it (ON DELETE CASCADE)."""
    if practice.municipality_id is not None:
        mid = practice.municipality_id
        practice.municipality_id = None
        db.session.flush()
        db.session.execute(delete(Municipality).where(Municipality.id == mid, Municipality.is_sandbox.is_(True)))
        db.session.expire_all()


def reset_practice(practice, by):
    """Back to the template: the same address, practice accounts and card passwords,
    everything else new."""
    trainer = db.session.get(User, by.id)
    _drop_municipality(practice)
    practice = db.session.get(PracticeMunicipality, practice.id)
    municipality = practice_template.build(practice.slug, practice.language, trainer,
                                           suffix=f"#{practice.workshop_id}")
    practice.municipality = municipality
    db.session.flush()
    _memberships(practice, municipality, trainer)
    for account in practice.accounts:  # a changed password goes back to the card's (that session ends)
        card = password_of(account)
        if not account.user.check_password(card):
            account.user.set_password(card)
    db.session.flush()
    audit.record(trainer, "practice.reset", practice, None, practice.slug)
    return practice


def delete_practice(practice, by):
    """The municipality, its practice accounts and their sign-ins go."""
    user_ids = [a.user_id for a in practice.accounts]
    audit.record(by, "practice.delete", practice, None, practice.slug)
    _drop_municipality(practice)
    db.session.execute(delete(PracticeMunicipality).where(PracticeMunicipality.id == practice.id))
    if user_ids:
        db.session.execute(delete(User).where(User.id.in_(user_ids)))
    db.session.expire_all()


def purge_expired(now=None):
    """Delete every practice municipality past its expiry; returns how many went."""
    expired = db.session.scalars(select(PracticeMunicipality).where(
        PracticeMunicipality.expires_at <= (now or utcnow()))).all()
    for practice in expired:
        delete_practice(practice, None)
    return len(expired)
