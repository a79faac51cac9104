"""The plain columns a push writes for statistics: an assessment without its own categories takes its
household's, whether the household came in the same batch, an earlier one, or before households kept them."""

from __future__ import annotations

from sqlalchemy import update

from fieldapp.server.stats import compute_stats
from fieldapp.server.tables import records

from .conftest import Server
from .factories import assessment, complete_answers, household


def _categories(server: Server) -> dict[str, int]:
    with server.db.read() as conn:
        return {k: v["count"] for k, v in compute_stats(conn)["by_category"].items()}


def test_assessment_categories_come_from_the_household(teams: Server) -> None:
    alice = teams.device("alice")
    answers = complete_answers()
    del answers["categories"]
    hid, hop = household(categories=["widow", "orphans"])
    alice.push(hop, assessment(hid, answers)[1])                       # same batch
    alice.push(assessment(hid, answers)[1])                            # the household read back
    later, lop = household(categories=["elderly"])
    alice.push(lop)
    with teams.db.write() as conn:                                     # as stored before households kept them
        conn.execute(update(records).where(records.c.id == later).values(categories=None))
    alice.push(assessment(later, answers)[1])
    assert _categories(teams) == {"widow": 2, "orphans": 2, "elderly": 1}


def test_an_assessment_s_own_categories_win(teams: Server) -> None:
    alice = teams.device("alice")
    hid, hop = household(categories=["widow"])
    alice.push(hop, assessment(hid, complete_answers(categories=["disability"]))[1])
    assert _categories(teams) == {"disability": 1}
