"""Who runs trainers' workshops, their participants, exercises and statistics (planner/workshops)."""
from .common import authenticated, is_admin, is_trainer


def can_create_workshop(user) -> bool:
    """Trainers (and administrators) run workshops."""
    return is_trainer(user) or is_admin(user)


def can_edit_workshop(user, workshop) -> bool:
    """The workshop's own trainer, or an administrator: edit, materials, participants,
    attendance, certificates and statistics (participants' names are personal data)."""
    return is_admin(user) or (is_trainer(user) and workshop.trainer_id == user.id)


def can_view_workshop(user, workshop) -> bool:
    """Anyone signed in reads a workshop's page (title, dates, agenda, materials) and may register."""
    return authenticated(user)


def can_register_workshop(user, workshop) -> bool:
    return authenticated(user)


def can_see_trainer_statistics(user) -> bool:
    """Statistics across workshops: a trainer's own, or everyone's for an administrator."""
    return is_trainer(user) or is_admin(user)


def can_run_exercises(user, workshop) -> bool:
    """Practice municipalities, live exercises, the evaluation and its results: the
    workshop's own trainer, or an administrator."""
    return can_edit_workshop(user, workshop)
