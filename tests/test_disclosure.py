"""The suppression planner (planner/disclosure.py) against brute force: after ``plan``,
no set of 1 to 4 people can be computed from the groups left shown."""
import random
from fractions import Fraction
from itertools import product

from planner import disclosure


def _rank(rows):
    rows = [[Fraction(v) for v in r] for r in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                f = rows[i][col] / rows[rank][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[rank])]
        rank += 1
    return rank


def small_derivable_sets(atoms, shown):
    """Every set of 1..4 people whose indicator is a rational combination of the shown
    groups (exhaustive over all subsets of atoms)."""
    order = list(atoms)
    rows = [[1 if a in g.atoms else 0 for a in order] for g in shown]
    base = _rank(rows) if rows else 0
    found = []
    for bits in product((0, 1), repeat=len(order)):
        people = sum(atoms[a] for a, b in zip(order, bits) if b)
        if 0 < people < disclosure.MIN_GROUP and rows and _rank(rows + [list(bits)]) == base:
            found.append({a for a, b in zip(order, bits) if b})
    return found


def test_women_minus_an_all_women_village_is_found_and_blocked():
    atoms = {("A", "f"): 2, ("B", "m"): 2, ("C", "m"): 10, ("D", "f"): 10}
    groups = disclosure.cross_groups(atoms, ("village", "sex"))
    hidden = disclosure.plan(atoms, groups)
    assert ("village", "A") in hidden and ("village", "B") in hidden
    shown = [g for g in groups if g.key not in hidden]
    assert small_derivable_sets(atoms, shown) == []
    # primary suppression alone (today's rule) leaves the women of village A derivable
    primary = [g for g in groups if disclosure.group_size(g, atoms) >= 5 and g.publishable]
    assert {("A", "f")} in small_derivable_sets(atoms, primary)


def test_random_cross_tables_leave_no_small_derivable_set():
    rng = random.Random(10)
    for _ in range(60):
        atoms = {}
        for _person in range(rng.randrange(5, 40)):
            atom = (rng.choice("ABCD"), rng.choice(("f", "m", None)), rng.choice(("y", "o")))
            atoms[atom] = atoms.get(atom, 0) + 1
        if len(atoms) > 12:
            continue
        groups = disclosure.cross_groups(atoms, ("village", "sex", "age"))
        hidden = disclosure.plan(atoms, groups)
        shown = [g for g in groups if g.key not in hidden]
        assert small_derivable_sets(atoms, shown) == [], atoms
        for g in shown:
            assert disclosure.group_size(g, atoms) >= disclosure.MIN_GROUP and g.publishable


def test_one_way_hides_a_second_group_so_the_hidden_ones_add_up_to_five():
    assert disclosure.one_way({"a": 2, "b": 10, "c": 7, None: 1}) == {"a", "c", None}
    assert disclosure.one_way({"a": 2, "b": 3, "c": 9}) == {"a", "b"}
    assert disclosure.one_way({"a": 6, "b": 9}) == set()


def test_a_small_paper_channel_is_hidden_with_the_online_one():
    online = {("1", "f", None): 6, ("2", "m", None): 7}
    hidden = disclosure.ballot_hidden(online, 2)
    assert {"online", "paper"} <= hidden  # online = all - paper would give the 2 paper ballots
    assert disclosure.ballot_hidden(online, 6) & {"online", "paper"} == set()


def test_random_ballots_leave_no_small_derivable_set():
    rng = random.Random(11)
    checked = 0
    while checked < 25:
        online = {}
        for _voter in range(rng.randrange(0, 25)):
            cell = (rng.choice("12"), rng.choice(("f", "m")), rng.choice(("y", None)))
            online[cell] = online.get(cell, 0) + 1
        paper = rng.randrange(0, 8)
        if len(online) > 9:
            continue
        checked += 1
        hidden = disclosure.ballot_hidden(online, paper)
        atoms = {("online",) + k: n for k, n in online.items()}
        if paper:
            atoms[("paper",)] = paper
        groups = [disclosure.Group("all", frozenset(atoms)),
                  disclosure.Group("online", frozenset(a for a in atoms if a[0] == "online")),
                  disclosure.Group("paper", frozenset(a for a in atoms if a[0] == "paper"))]
        for position, dimension in enumerate(("village", "sex", "age_band"), start=1):
            for value in {a[position] for a in atoms if a[0] == "online"}:
                groups.append(disclosure.Group((dimension, value), frozenset(
                    a for a in atoms if a[0] == "online" and a[position] == value)))
        shown = [g for g in groups if g.key not in hidden and disclosure.group_size(g, atoms)]
        if sum(atoms.values()) >= disclosure.MIN_GROUP:
            assert small_derivable_sets(atoms, shown) == [], (online, paper)


def test_generalised_records_show_only_classes_of_five_on_random_tables():
    """disclosure.generalised on random records: every shown combination (base and details,
    blanks included) is shared by at least five records or is the base's all-blank rest of a
    base smaller than five; what is shown is the record's own first fields, never a blank
    value; and with nothing rare, everything is shown."""
    from random import Random

    rng = Random(16)
    for _ in range(200):
        records = [((rng.choice("ab"), rng.choice([1, 2, None])),
                    (rng.choice(["f", "m", None]), rng.choice(["18-29", "60+", None])))
                   for _ in range(rng.randrange(1, 40))]
        shown = disclosure.generalised(records)
        assert len(shown) == len(records)
        combos = {}
        for (base, details), written in zip(records, shown):
            kept = [v for v in written if v is not None]
            assert tuple(kept) == details[:len(kept)] and None not in details[:len(kept)]
            assert all(v is None for v in written[len(kept):])
            combos[(base, written)] = combos.get((base, written), 0) + 1
        for (base, written), n in combos.items():
            base_size = sum(1 for b, _d in records if b == base)
            assert n >= 5 or (written == (None, None) and n == base_size < 5), (base, written, n)
    full = [(("a", 1), ("f", "60+"))] * 5 + [(("a", 1), ("m", "60+"))] * 7
    assert disclosure.generalised(full) == [d for _b, d in full]
