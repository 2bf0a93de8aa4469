"""Which groups of a published breakdown may be shown: small-group (cell) suppression.

Every figure the app publishes about a group of respondents or voters (answers per choice,
points per option, sums behind averages, written answers, the group's size) is a sum over
the people in the group. Whoever adds and subtracts published figures therefore learns the
figures of every set of people whose indicator is a linear combination of the indicators of
the published groups: "women" minus "village B" may be exactly the two women of village A.

The people are split into *atoms*, the cells of the full cross-table (village × sex × age
band, and the paper ballots as one more atom); a group is a set of atoms. ``plan`` returns
the groups to hide so that every such derivable set that is not empty holds at least
``MIN_GROUP`` people:

1. primary suppression hides every group smaller than ``MIN_GROUP`` and every group that
   is never published on its own (for example "village not given");
2. an exact audit finds a derivable set of 1 to ``MIN_GROUP - 1`` people, if there is one;
3. secondary suppression hides one more published group that breaks that derivation (the
   smallest that does), and the audit runs again until it finds nothing.

The audit row-reduces the published groups' indicator vectors (modulo a 61-bit prime, exact
for tables of this size). A 0/1 vector ``x`` lies in their span exactly when
``x = Σ x[pivot(r)] · row(r)``, so every derivable set is the sum of the reduced rows whose
pivot atom it contains; a set of fewer than ``MIN_GROUP`` people contains pivot atoms of
fewer than ``MIN_GROUP`` people, which bounds the search to a few hundred sums.
"""
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Hashable

MIN_GROUP = 5
_PRIME = (1 << 61) - 1
_TOTAL = ("__total__",)


@dataclass(frozen=True)
class Group:
    """A published group: ``key`` names it (``("village", 3)``), ``atoms`` are its cells."""
    key: Hashable
    atoms: frozenset
    publishable: bool = True


def _vector(group, index):
    row = [0] * len(index)
    for atom in group.atoms:
        if atom in index:
            row[index[atom]] = 1
    return row


def _reduce(rows):
    """Reduced row echelon form modulo the prime: (rows, pivot column of each row)."""
    rows = [r[:] for r in rows]
    pivots = []
    width = len(rows[0]) if rows else 0
    top = 0
    for col in range(width):
        found = next((i for i in range(top, len(rows)) if rows[i][col]), None)
        if found is None:
            continue
        rows[top], rows[found] = rows[found], rows[top]
        inverse = pow(rows[top][col], _PRIME - 2, _PRIME)
        rows[top] = [v * inverse % _PRIME for v in rows[top]]
        for i, row in enumerate(rows):
            if i != top and row[col]:
                factor = row[col]
                rows[i] = [(a - factor * b) % _PRIME for a, b in zip(row, rows[top])]
        pivots.append(col)
        top += 1
        if top == len(rows):
            break
    return rows[:top], pivots


def _in_span(vector, reduced, pivots):
    rest = vector[:]
    for row, col in zip(reduced, pivots):
        if rest[col]:
            factor = rest[col]
            rest = [(a - factor * b) % _PRIME for a, b in zip(rest, row)]
    return not any(rest)


class _Audit:
    def __init__(self, atoms):
        # Large atoms first: they become the pivots, which keeps the search below short.
        self.order = sorted(atoms, key=lambda a: (-atoms[a], repr(a)))
        self.sizes = [atoms[a] for a in self.order]
        self.index = {a: i for i, a in enumerate(self.order)}

    def span(self, groups):
        rows = [_vector(g, self.index) for g in groups]
        return _reduce(rows) if rows else ([], [])

    def small_set(self, groups, min_group):
        """A derivable set of 1 .. min_group - 1 people (as atom positions), or None."""
        reduced, pivots = self.span(groups)
        # the small pivots' rows, sparse: {column: value} of their non-zero entries
        small = [(self.sizes[col], {j: v for j, v in enumerate(row) if v})
                 for row, col in zip(reduced, pivots) if self.sizes[col] < min_group]
        for size in range(1, min_group):
            for chosen in combinations(small, size):
                if sum(people for people, _row in chosen) >= min_group:
                    continue
                total = {}
                for _people, row in chosen:
                    for j, v in row.items():
                        total[j] = (total.get(j, 0) + v) % _PRIME
                if any(v not in (0, 1) for v in total.values()):
                    continue
                people = sum(self.sizes[j] for j, v in total.items() if v)
                if 0 < people < min_group:
                    return [total.get(j, 0) for j in range(len(self.sizes))]
        return None

    def derivable(self, vector, groups):
        reduced, pivots = self.span(groups)
        return _in_span(vector, reduced, pivots)


def group_size(group, atoms):
    return sum(atoms.get(a, 0) for a in group.atoms)


def plan(atoms, groups, min_group=MIN_GROUP, keep=()):
    """The keys of the groups to hide. ``atoms``: {atom: people} (empty atoms may be left
    out); ``groups``: the published groups, the overall total among them. Groups named in
    ``keep`` (the total, shown anyway) are never chosen for secondary suppression. A group
    with nobody in it is neither hidden nor a risk and is left out of the answer."""
    atoms = {a: n for a, n in atoms.items() if n > 0}
    sizes = {g.key: group_size(g, atoms) for g in groups}
    live = [g for g in groups if sizes[g.key] > 0]
    hidden = {g.key for g in live if sizes[g.key] < min_group or not g.publishable}
    audit = _Audit(atoms)
    while True:
        shown = [g for g in live if g.key not in hidden]
        found = audit.small_set(shown, min_group)
        if found is None:
            return hidden
        candidates = sorted((g for g in shown if g.key not in keep), key=lambda g: (sizes[g.key], repr(g.key)))
        if not candidates:  # only the kept groups are left: nothing more can be hidden
            return hidden
        victim = next((g for g in candidates
                       if not audit.derivable(found, [h for h in shown if h.key != g.key])), candidates[0])
        hidden.add(victim.key)


def cross_groups(atoms, dimensions, publishable=lambda dimension, value: value is not None, total="total"):
    """The groups of a cross-table published one dimension at a time: the total and, for
    each dimension (its position in the atom tuples), one group per value."""
    groups = [Group(total, frozenset(atoms))]
    for position, dimension in enumerate(dimensions):
        values = {}
        for atom in atoms:
            values.setdefault(atom[position], set()).add(atom)
        for value, members in values.items():
            groups.append(Group((dimension, value), frozenset(members), publishable(dimension, value)))
    return groups


def one_way(sizes, min_group=MIN_GROUP, publishable=lambda key: key is not None):
    """Hidden keys of a single breakdown whose total is shown: {key: people}."""
    atoms = {key: n for key, n in sizes.items()}
    groups = [Group(_TOTAL, frozenset(atoms))] + [Group(key, frozenset([key]), publishable(key)) for key in atoms]
    return plan(atoms, groups, min_group, keep={_TOTAL}) - {_TOTAL}


SURVEY_DIMENSIONS = ("village", "sex", "age_band")


def survey_hidden(profile, min_group=MIN_GROUP):
    """The groups ``(dimension, value)`` a survey's public results hide. ``profile``: rows
    (channel, village_id, sex, age_band, respondents). The public may look at the total and
    at one dimension at a time (a filter or a "compare by"); "not given" is never shown on
    its own."""
    atoms = {}
    for _channel, village_id, sex, age_band, n in profile:
        atoms[(village_id, sex, age_band)] = atoms.get((village_id, sex, age_band), 0) + n
    return _survey_plan(tuple(sorted(atoms.items(), key=repr)), min_group)


@lru_cache(maxsize=512)
def _survey_plan(cells, min_group):
    """Kept per process: the plan changes only when a response arrives."""
    atoms = dict(cells)
    return frozenset(plan(atoms, cross_groups(atoms, SURVEY_DIMENSIONS), min_group, keep={"total"}) - {"total"})


def ballot_hidden(online, paper, min_group=MIN_GROUP):
    """The groups a ballot's public result hides. ``online``: {(village, sex, age_band):
    voters} of the online vote; ``paper``: valid paper ballots (one atom: paper is counted
    per polling place only). Groups: "all" (every ballot counted), the channel columns
    "online" and "paper", and ``(dimension, value)`` for the breakdowns of the online vote,
    "not given" included (it is shown as such)."""
    return _ballot_plan(tuple(sorted(online.items(), key=repr)), paper, min_group)


@lru_cache(maxsize=512)
def _ballot_plan(cells, paper, min_group):
    """Kept per process: the plan changes only when a vote or a protocol arrives."""
    atoms = {("online",) + key: n for key, n in cells}
    atoms[("paper",)] = paper
    online_atoms = {a for a in atoms if a[0] == "online"}
    groups = [Group("all", frozenset(atoms)), Group("online", frozenset(online_atoms)),
              Group("paper", frozenset({("paper",)}))]
    for position, dimension in enumerate(SURVEY_DIMENSIONS, start=1):
        values = {}
        for atom in online_atoms:
            values.setdefault(atom[position], set()).add(atom)
        groups += [Group((dimension, value), frozenset(members)) for value, members in values.items()]
    return frozenset(plan(atoms, groups, min_group, keep={"all"}))


def generalised(records, min_group=MIN_GROUP):
    """Per-record details that may be written in a file of anonymous records (the .pb export).

    ``records``: one ``(base, details)`` each, ``base`` what the file shows anyway (channel and
    shown village), ``details`` a tuple such as (sex, age band). Returns, in the same order,
    the details each record may show, ``None`` where blanked. Among the records of one base,
    the full details are shown where at least ``min_group`` records share them, then their
    first fields for the rest (sex without the age band)..., and nothing for what is left; if
    what is left is a group of 1 to ``min_group - 1``, the smallest shown classes of the base
    are blanked too until it is not. So every combination the file shows (base with the shown
    details, blanks included) is shared by at least ``min_group`` records or by all of the
    base's records, and no rare value singles anybody out."""
    shown = [None] * len(records)
    by_base = {}
    for i, (base, details) in enumerate(records):
        by_base.setdefault(base, []).append(i)
    for members in by_base.values():
        width = len(records[members[0]][1])
        left, classes = list(members), []
        for level in range(width, 0, -1):
            groups = {}
            for i in left:
                groups.setdefault(records[i][1][:level], []).append(i)
            kept = [(key, rows) for key, rows in groups.items()
                    if None not in key and len(rows) >= min_group]
            classes += kept
            taken = {i for _key, rows in kept for i in rows}
            left = [i for i in left if i not in taken]
        # the smallest first, and of those the one showing least (sex alone before sex and age)
        classes.sort(key=lambda item: (len(item[1]), len(item[0]), repr(item[0])))
        while 0 < len(left) < min_group and classes:
            left += classes.pop(0)[1]
        for key, rows in classes:
            for i in rows:
                shown[i] = key + (None,) * (width - len(key))
    return [details if details is not None else (None,) * len(records[i][1]) for i, details in enumerate(shown)]
