"""Robustness: the checker never crashes on a damaged definition, and what it accepts evaluates."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.forms import check_definition, default_form, evaluate, load_form
from fieldapp.domain.forms.checker import Problem

from .helpers import household

RAW = json.loads(json.dumps(default_form().raw))
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=12), st.just([]), st.just({}),
                 st.sampled_from(["${head_name}", "${amount}", "sum(${members})", "${x} +", "value > 1", "select_one",
                                  "repeat", "computed", "money", "${total_income}", "head_name", "count(${amount}, 1)"]))


def locations(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += locations(value, here + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += locations(value, here + (index,))
    return found


LOCATIONS = locations(RAW)


def damaged(spots: list[tuple[tuple[Any, ...], Any]], original: Any = RAW) -> Any:
    """A copy of `original` (the form definition by default) with junk put at the given places."""
    raw = copy.deepcopy(original)
    for where, junk in spots:
        node: Any = raw
        try:
            for step in where[:-1]:
                node = node[step]
            node[where[-1]] = junk
        except (KeyError, IndexError, TypeError):
            continue
    return raw


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(LOCATIONS), JUNK), min_size=1, max_size=3))
def test_checker_survives_damaged_definitions(spots: list[tuple[tuple[Any, ...], Any]]) -> None:
    raw = damaged(spots)
    problems = check_definition(raw)
    assert all(isinstance(p, Problem) and p.path and p.message for p in problems)
    if not problems:   # accepted: it loads and evaluates a realistic household without raising
        form = load_form(raw)
        ev = evaluate(form, household(), lang="ar")
        assert ev.valid == (not ev.missing and not ev.errors)


@settings(max_examples=25, deadline=None)
@given(st.recursive(JUNK, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                  st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                    max_leaves=10))
def test_checker_survives_any_json(document: Any) -> None:
    assert all(isinstance(p, Problem) for p in check_definition(document))


def _no_jsonschema() -> Any:
    raise ImportError("jsonschema")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(LOCATIONS), JUNK), min_size=1, max_size=3))
def test_semantic_checks_alone_survive_damaged_definitions(spots: list[tuple[tuple[Any, ...], Any]]) -> None:
    from fieldapp.domain.forms import checker

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checker, "_validator", _no_jsonschema)
        problems = check_definition(damaged(spots))
    assert all(isinstance(p, Problem) for p in problems)


RULES = json.loads(json.dumps(default_form().eligibility_rules))
RULE_LOCATIONS = locations(RULES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(RULE_LOCATIONS), JUNK), min_size=1, max_size=3))
def test_damaged_eligibility_rules_are_reported_or_work(spots: list[tuple[tuple[Any, ...], Any]]) -> None:
    rules = damaged(spots, RULES)
    raw = copy.deepcopy(RAW)
    raw["eligibility"] = rules
    if not check_definition(raw):
        ev = evaluate(load_form(raw), household(), lang="en")
        assert ev.eligibility is not None and isinstance(ev.eligibility.eligible, bool)
