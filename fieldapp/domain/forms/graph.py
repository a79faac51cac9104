"""Cycles among values: a computed field or a skip rule that, through others, depends on itself.

A field's value needs its relevance (its own `relevant`, its section's and its repeat's), and a
computed field's value needs the fields of its expression; eligibility needs every field its rules
name. A cycle in that graph would have no answer, so the checker refuses it.
"""

from __future__ import annotations

from typing import Any

from .eligibility import PLACEHOLDER
from .expr import ExprError, compile_expr
from .model import FieldDef, SectionDef


def _refs(source: Any) -> list[str]:
    if not isinstance(source, str):
        return []
    try:
        return compile_expr(source).refs
    except ExprError:
        return []


def rule_refs(rules: dict[str, Any] | None, by_id: dict[str, FieldDef]) -> list[str]:
    found: list[str] = []
    if not isinstance(rules, dict) or not isinstance(rules.get("rules"), list):
        return found   # rulescheck reports the damage
    for rule in rules["rules"]:
        if not isinstance(rule, dict):
            continue
        found += _refs(rule.get("when"))
        for source in (rule.get("values") or {}).values() if isinstance(rule.get("values"), dict) else []:
            found += _refs(source)
        reason = rule.get("reason") if isinstance(rule.get("reason"), dict) else {}
        for template in reason.values():
            found += [m.group(1) for m in PLACEHOLDER.finditer(str(template)) if m.group(1) in by_id]
    return found


def dependencies(sections: list[SectionDef], by_id: dict[str, FieldDef],
                 rules: dict[str, Any] | None) -> dict[str, list[str]]:
    section_refs = {s.id: _refs(s.relevant) for s in sections}
    graph: dict[str, list[str]] = {}
    for f in by_id.values():
        deps = _refs(f.relevant) + section_refs.get(f.section_id, [])
        if f.parent:
            deps.append(f.parent)
        if f.type == "computed":
            deps += rule_refs(rules, by_id) if f.value_type == "eligibility" else _refs(f.expression)
        graph[f.id] = [d for d in dict.fromkeys(deps) if d in by_id]
    return graph


MAX_CHAIN = 50   # each link costs the evaluator about ten Python frames; Python allows about a thousand


def longest_chain(sections: list[SectionDef], by_id: dict[str, FieldDef],
                  rules: dict[str, Any] | None) -> tuple[str, int]:
    """The field at the head of the longest chain of dependencies, and its length (back edges ignored)."""
    graph = dependencies(sections, by_id, rules)
    depth: dict[str, int] = {}
    visiting: set[str] = set()
    for start in graph:
        if start in depth:
            continue
        stack = [(start, iter(graph[start]))]
        visiting.add(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                visiting.discard(node)
                depth[node] = 1 + max((depth.get(d, 0) for d in graph[node] if d not in visiting), default=0)
            elif child not in depth and child not in visiting:
                visiting.add(child)
                stack.append((child, iter(graph[child])))
    best = max(depth, key=depth.__getitem__, default="")
    return best, depth.get(best, 0)


def find_cycles(sections: list[SectionDef], by_id: dict[str, FieldDef],
                rules: dict[str, Any] | None) -> list[tuple[str, str, list[str]]]:
    """(JSON path of the first field, its field path, ids around the cycle) for each distinct cycle."""
    graph = dependencies(sections, by_id, rules)
    state: dict[str, int] = {}   # 1 on the current path, 2 done
    seen: set[frozenset[str]] = set()
    found: list[tuple[str, str, list[str]]] = []
    for start in graph:
        if state.get(start):
            continue
        path: list[str] = [start]
        stack = [iter(graph[start])]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    first = by_id[cycle[0]]
                    prop = "expression" if first.type == "computed" else "relevant"
                    found.append((f"{first.where}.{prop}", first.path, cycle + [nxt]))
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(graph[nxt]))
    return found
