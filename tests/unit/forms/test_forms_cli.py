"""`fieldapp form check` and `fieldapp form eval`: problems with paths, JSON results, one-line failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldapp.cli import main
from fieldapp.paths import resource_path

from .helpers import household

DEFAULT = str(resource_path("forms", "household_assessment.json"))


def write(path: Path, data: object) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_check_accepts_the_default_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "check", DEFAULT]) == 0
    assert capsys.readouterr().out.startswith("OK household_assessment v1")


def test_check_lists_every_problem_with_its_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = json.loads(Path(DEFAULT).read_text(encoding="utf-8"))
    raw["sections"][0]["fields"][1]["id"] = "head_name"
    raw["sections"][5]["fields"][2]["relevant"] = "${city} == 'riyadh'"
    raw["sections"][2]["fields"][0]["fields"][1]["constraint"] = "${nope} > 1"
    assert main(["form", "check", write(tmp_path / "f.json", raw), "--lang", "en"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("sections[0].fields[1].id (head_name): Duplicate id")
    assert "sections[2].fields[0].fields[1].constraint (members/relation): Reference to an unknown field: ${nope}" in lines
    assert any(line.startswith("sections[5].fields[2].relevant (rooms):") and "riyadh" in line for line in lines)


def test_check_finds_eligibility_rules_beside_the_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = json.loads(Path(DEFAULT).read_text(encoding="utf-8"))
    rules = json.loads(resource_path("forms", "eligibility.json").read_text(encoding="utf-8"))
    rules["rules"][0]["when"] = "${per_capita_income} < missing_threshold"
    write(tmp_path / "eligibility.json", rules)
    assert main(["form", "check", write(tmp_path / "f.json", raw)]) == 1
    assert "eligibility.rules[0].when: Unknown name: missing_threshold" in capsys.readouterr().out


@pytest.mark.parametrize("content", [None, "{\"form_id\": ", "[1, 2]", "\xff\xfe"])
def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path: Path, content: str | None,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "form.json"
    if content is not None:
        path.write_bytes(content.encode("latin-1"))
    assert main(["form", "check", str(path)]) != 0
    captured = capsys.readouterr()
    assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err
    assert str(path) in captured.err or "not a JSON object" in captured.err


def test_eval_prints_relevance_missing_errors_and_computed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = household(has_dialysis=False, rooms=0)
    del answers["phone"]
    assert main(["form", "eval", DEFAULT, write(tmp_path / "a.json", answers), "--lang", "en"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is False
    assert result["missing"] == ["phone"]
    assert result["errors"] == {"rooms": "Rooms must be between 1 and 30"}
    assert "hospital" not in result["relevant"] and "members[0].member_name" in result["relevant"]
    assert result["computed"]["total_income"] == 180000
    assert result["eligibility"]["eligible"] is True


def test_eval_takes_an_assessment_with_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {"form_id": "household_assessment", "form_version": 1, "answers": household()}
    assert main(["form", "eval", DEFAULT, write(tmp_path / "a.json", doc)]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True


def test_eval_with_missing_answers_file_fails_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "eval", DEFAULT, str(tmp_path / "none.json")]) == 1
    assert capsys.readouterr().err.strip() == f"Form file not found: {tmp_path / 'none.json'}"


def test_the_installed_command_runs_in_arabic(tmp_path: Path) -> None:
    env = {"FIELDAPP_LANG": "ar", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "fieldapp.cli", "form", "check", str(tmp_path / "x.json")],
                          capture_output=True, text=True, env=env, cwd=Path(DEFAULT).parents[2], timeout=60)
    assert done.returncode == 1 and done.stderr.strip().startswith("ملف الاستمارة غير موجود")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_a_reading_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    assert main(["form", "check", str(path)]) == 1
    assert capsys.readouterr().err.strip() == f"Cannot read the file: {path}"


def test_a_folder_is_not_a_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "check", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip() == f"Form file not found: {tmp_path}"
