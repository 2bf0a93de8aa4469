"""The roles a user can hold in a municipality (DESIGN.md §3)."""
RESIDENT = "resident"
GROUP_MEMBER = "group_member"
STAFF = "staff"
DEPUTY = "deputy"
MONITOR = "monitor"
ROLES = (RESIDENT, GROUP_MEMBER, STAFF, DEPUTY, MONITOR)
INVITABLE_ROLES = (GROUP_MEMBER, STAFF, DEPUTY, MONITOR)

PENDING = "pending"
ACTIVE = "active"
