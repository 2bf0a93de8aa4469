"""Where ballot options come from: problems marked for the vote, or free text.

An option keeps a snapshot of the text; ``problem_id`` remembers its source."""


def problem_choices(municipality, ballot=None):
    """(id, text) of the problems that can become options."""
    return []


def linked_problem_ids(ballot):
    return []


def free_texts(ballot):
    return [o.text for o in ballot.options]


def options_from(municipality, problem_ids, free_text):
    """[(text, extra fields)] for services.create_ballot / update_ballot."""
    lines = [line.strip() for line in (free_text or "").splitlines()]
    return [(line, {}) for line in lines if line]
