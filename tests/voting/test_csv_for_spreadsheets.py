"""A ballot's results CSV opens right in a spreadsheet set to Russian: ``;`` between cells,
decimal commas, every column headed, the method named in words."""
import csv
import io

from .conftest import backdate, vote_as


def test_results_csv_for_a_russian_spreadsheet(client, db, make_municipality, make_resident, make_ballot):
    town = make_municipality()
    ballot = make_ballot(town, "ranking", options=("Дорога", "Вода", "Школа"), k=3)
    for order in ({1: 1, 2: 2, 3: 3}, {2: 1, 1: 2, 3: 3}, {1: 1, 3: 2, 2: 3}, {1: 1, 2: 2, 3: 3}, {3: 1, 2: 2, 1: 3}):
        vote_as(db, ballot, make_resident(town), order)
    backdate(db, ballot, "closed")
    response = client.get(f"/m/{town.slug}/ballots/{ballot.id}/results.csv?sep=semicolon",
                          headers={"Accept-Language": "ru"})
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Место", "Поровну", "Вариант"] and all(rows[0])
    shares = [r[6] for r in rows[1:4]]
    assert all("," in s or s.isdigit() for s in shares) and not any("." in s for s in shares)
    blank = rows.index([])
    assert all(rows[blank + 1])  # the turnout table has its own header
    method = next(r[1] for r in rows if r and r[0] == "Способ голосования")
    assert method != "ranking" and "ранж" in method.lower()
    page = client.get(f"/m/{town.slug}/ballots/{ballot.id}/results", headers={"Accept-Language": "ru"})
    body = page.get_data(as_text=True)
    assert body.index("results.xlsx") < body.index("results.csv?sep=semicolon") < body.index('results.csv"')
