"""Shared column helpers for the feature models."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def one_of(column: str, values) -> str:
    """SQL for a CHECK constraint: ``column IN ('a', 'b')`` (values are the code's constants)."""
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"
