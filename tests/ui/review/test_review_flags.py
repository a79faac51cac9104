"""The researcher's side of a return: flagged fields marked, only their sections reopen, and the editor's
submit resumes a returned assessment first (returned → draft → submitted)."""

from __future__ import annotations

from typing import Any

from fieldapp.domain.forms import default_form
from fieldapp.domain.workflow import Actor, Role
from fieldapp.ui.editor.editor import AssessmentEditor
from fieldapp.ui.review.flags import flagged_top_fields, reopened_sections, submit_step
from tests.ui.review.conftest import AMAL, TEAM, add_case

SARA = Actor("sara", Role.SUPERVISOR, TEAM)


def returned_case(vault: Any, flagged: list[str]) -> Any:
    case = add_case(vault, "x", submitted_at="2026-11-19T08:00:00Z")
    vault.transition(case.id, SARA, "return", comment="صححي الإيجار", flagged_fields=flagged)
    return vault.get_assessment(case.id)


def test_flag_paths_to_fields_and_sections() -> None:
    assert flagged_top_fields(["answers.exp_rent", "members[1].work", "debts.0.creditor"]) == \
        {"exp_rent", "members", "debts"}
    sections = default_form_sections()
    by_field = {f.id: s.id for s in sections for f in s.fields}
    assert reopened_sections(sections, ["exp_rent"]) == {by_field["exp_rent"]}
    assert reopened_sections(sections, []) == {s.id for s in sections}


def default_form_sections() -> list[Any]:
    from fieldapp.ui.editor.spec import read_sections

    return read_sections(default_form())


def test_editor_marks_flags_and_reopens_only_their_sections(qtbot: Any, session: Any, vault: Any) -> None:
    case = returned_case(vault, ["exp_rent"])
    session.profile_info = {"username": "amal", "role": "researcher", "team": TEAM, "device_id": "dev-amal"}
    editor = AssessmentEditor(session, default_form(), vault.get_household(case.household_id), case)
    qtbot.addWidget(editor)
    rent = editor.input("exp_rent")                 # builds the page (pages are built when first shown)
    label = editor.rows["exp_rent"][0]
    assert label.text().startswith("⚑") and rent.isEnabled()
    assert "صححي الإيجار" in editor.comment.text()
    section_of = {f.id: s.id for s in editor.sections for f in s.fields}
    assert editor.flag_sections == {section_of["exp_rent"]}
    assert section_of["head_name"] != section_of["exp_rent"]
    assert not editor.input("head_name").isEnabled()          # a section that was not flagged stays closed
    assert not editor.rows["head_name"][0].text().startswith("⚑")
    assert editor.input("exp_utilities").isEnabled()          # the flagged field's section reopens whole
    assert not editor.rows["exp_rent"][0].text().startswith("⚑ ⚑")


def test_submit_step_resumes_a_returned_assessment(vault: Any) -> None:
    case = returned_case(vault, ["exp_rent"])
    submit_step(vault, case.id, AMAL, "dev-amal")
    assert vault.get_assessment(case.id).status == "submitted"
    assert [e.action for e in vault.events_of(case.id)] == ["submit", "return", "resume", "submit"]
    submit_step(vault, add_case(vault, "y", submitted_at=None).id, AMAL)   # a plain draft: just submit
