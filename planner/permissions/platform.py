"""Platform-wide rights: administrators set up the platform, its municipalities and trainers."""
from .common import is_admin


def can_admin_platform(user) -> bool:
    return is_admin(user)


def can_create_municipality(user) -> bool:
    return is_admin(user)


def can_read_platform_audit(user) -> bool:
    return is_admin(user)
