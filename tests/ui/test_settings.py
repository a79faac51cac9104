"""Settings in DIR/settings.json: round trip, defaults for bad values, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fieldapp.ui.settings import CHOICES, Settings, load_settings, save_settings


def test_round_trip(tmp_path: Path) -> None:
    chosen = Settings(language="en", calendar="hijri", digits="latin", autolock_minutes=3, work_week="mon-fri",
                      server_url="https://127.0.0.1:8443")
    save_settings(tmp_path, chosen)
    assert load_settings(tmp_path) == chosen
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]   # no temp file left behind


def test_missing_or_broken_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    assert load_settings(tmp_path) == Settings()


@given(st.dictionaries(st.sampled_from(["language", "calendar", "digits", "work_week", "autolock_minutes"]),
                       st.one_of(st.text(max_size=8), st.integers(), st.none())))
def test_any_hand_edited_values_load_to_allowed_ones(data: dict) -> None:
    settings = Settings.from_dict(json.loads(json.dumps(data)))
    for name, allowed in CHOICES.items():
        assert getattr(settings, name) in allowed
    assert isinstance(settings.autolock_minutes, int) and settings.autolock_minutes >= 0
