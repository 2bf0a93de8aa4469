"""The workshops pages run a flat number of SQL queries however many people came."""
import pytest


def _sheet(n, offset=0):
    places = ("Gülchö", "Kara-Kulja", "Nookat", "Uzgen", "Alai")
    return "\n".join(f"Person {offset + i};{'fm'[i % 2]};30-44;staff;{places[i % 5]}" for i in range(n))


@pytest.mark.parametrize("page", ["detail", "participants", "statistics", "certificates", "sign-in-sheet", "index",
                                  "overview"])
def test_query_count_is_flat(db, client, auth, trainer, make_workshop, page):
    counts = []
    for n in (2, 30):
        workshop = make_workshop(title=f"Workshop {n}")
        auth.as_user(trainer)
        client.post(f"/workshops/{workshop.id}/participants/sheet",
                    data={"rows": _sheet(n, offset=n), "days": ["2026-03-02", "2026-03-03"]})
        url = {"index": "/workshops", "overview": "/workshops/statistics",
               "detail": f"/workshops/{workshop.id}"}.get(page, f"/workshops/{workshop.id}/{page}")
        response = client.get(url)
        assert response.status_code == 200
        counts.append(int(response.headers["X-Query-Count"]))
    assert counts[0] == counts[1] and counts[1] <= 12, counts
