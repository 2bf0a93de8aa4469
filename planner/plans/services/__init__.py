"""Operations on plans. Each function adds and flushes, writes the audit log and raises
``ServiceError`` with a translated message; none of them commits.

working_copy.py holds the plan, its sections and activities; participation.py the initiative
groups, comments and proposals; stages.py the versions, hearings, submission, the council's
decision and what follows; checks.py what they share. Their public names are here, so that
callers write ``services.add_activity``."""
from .participation import (  # noqa: F401
    add_comment,
    add_group_member,
    add_proposal,
    add_review_comment,
    answer_proposal,
    remove_group_member,
    save_group,
)
from .stages import (  # noqa: F401
    DEFAULT_DOCUMENT_MAX,
    complete_plan,
    freeze_version,
    latest_version,
    load_working_copy,
    open_discussion,
    record_decision,
    record_hearing,
    start_amendment,
    start_implementation,
    submit_plan,
)
from .working_copy import (  # noqa: F401
    ConflictError,
    add_activity,
    add_section,
    create_plan,
    delete_activity,
    move_activity,
    move_section,
    update_activity,
    update_plan,
    update_section,
)
