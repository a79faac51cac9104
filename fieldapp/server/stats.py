"""Statistics over the case store: counts and recommended amounts by category, status, researcher, month.

Reads only plain columns (no JSON), grouped in SQL, so 100k cases take a fraction of a second.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, literal_column, select, true

from .tables import records


def compute_stats(conn: Connection, where: ColumnElement[bool] | None = None) -> dict[str, Any]:
    query = (select(records.c.status, records.c.researcher, records.c.month, records.c.categories,
                    func.count().label("n"), func.coalesce(func.sum(records.c.amount), 0).label("amount"))
             # A literal, not a parameter: the partial covering index applies only when the planner sees it.
             .where(records.c.entity == literal_column("'assessment'"), where if where is not None else true())
             .group_by(records.c.status, records.c.researcher, records.c.month, records.c.categories))
    groups: dict[str, dict[str, dict[str, int]]] = {
        name: defaultdict(lambda: {"count": 0, "amount": 0})
        for name in ("by_status", "by_category", "by_researcher", "by_month")}
    total = {"count": 0, "amount": 0}
    for row in conn.execute(query):
        count, amount = int(row.n), int(row.amount or 0)
        total["count"] += count
        total["amount"] += amount
        keys = {"by_status": [row.status or ""], "by_researcher": [row.researcher or ""],
                "by_month": [row.month or ""],
                "by_category": [c for c in (row.categories or "").split(",") if c] or [""]}
        for name, values in keys.items():
            for value in values:
                groups[name][value]["count"] += count
                groups[name][value]["amount"] += amount
    return {"total": total, **{name: dict(sorted(g.items())) for name, g in groups.items()}}
