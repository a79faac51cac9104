"""How the engine finds its server: enrolment data in the vault, the CA bundle setting, refusals before any
network traffic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.domain.errors import SyncError
from fieldapp.store import Vault
from fieldapp.sync.engine import SyncEngine, SyncSummary, transport_for

from .scripted_server import Answer, ScriptedServer

PROFILE = {"username": "amal", "role": "researcher", "team": "t1", "full_name": "", "device_id": "d1",
           "server_url": "https://ho.example.org"}


@pytest.fixture()
def vault(tmp_path: Path):
    with Vault.create(tmp_path / "p", "vault-pass-123") as v:
        yield v


def test_a_vault_that_was_never_enrolled_does_not_sync(vault: Vault) -> None:
    for _ in range(2):  # and says so again, not "already running"
        with pytest.raises(SyncError) as err:
            SyncEngine(vault).run()
        assert err.value.code == "sync.not_enrolled"
    assert "fieldapp enroll" in err.value.message("en")
    assert vault.meta_get("last_sync") is None  # nothing was attempted


def test_ca_bundle_from_the_profile_settings_then_from_enrolment(vault: Vault, tmp_path: Path) -> None:
    vault.meta_set("profile", PROFILE)
    vault.meta_set("device_token", "t" * 43)
    assert transport_for(vault).session.verify is True
    vault.meta_set("ca_bundle", "/etc/fieldapp/enrolled-ca.pem")
    assert transport_for(vault).session.verify == "/etc/fieldapp/enrolled-ca.pem"
    (tmp_path / "p" / "settings.json").write_text(json.dumps({"language": "ar", "ca_bundle": "/media/ho-ca.pem"}))
    assert transport_for(vault).session.verify == "/media/ho-ca.pem"
    assert transport_for(vault, ca_bundle="/explicit.pem").session.verify == "/explicit.pem"
    transport = transport_for(vault)
    assert transport.session.headers["Authorization"] == "Bearer " + "t" * 43


def test_summary_line_has_counts_and_nothing_personal() -> None:
    line = SyncSummary(pushed=3, applied=2, conflicts=1, pulled=7, round_trips=4).line()
    assert line.startswith("sync done: pushed 3 (applied 2, conflicts 1, rejected 0)")
    assert "pulled 7" in line and "4 requests" in line
    assert SyncSummary(cancelled=True).line().startswith("sync cancelled")


def test_forms_profile_and_settings_are_fetched_only_when_the_server_says_they_changed(vault: Vault) -> None:
    def pull(rev: str) -> Answer:
        return Answer(200, {"changes": [], "next_after": 0, "has_more": False, "server_time": "", "forms_rev": rev})

    refresh = [Answer(200, {"forms": [{"form_id": "f", "version": 2, "definition": {}}]}),
               Answer(200, {"user": {"username": "amal", "role": "researcher", "team": "t9", "full_name": "A"}}),
               Answer(200, {"currency": "AED"})]
    with ScriptedServer() as server:
        vault.meta_set("profile", PROFILE | {"server_url": server.url})
        vault.meta_set("device_token", "tok")
        server.answers = [pull("r1"), *refresh, pull("r1"), pull("r2"), *refresh]
        first = SyncEngine(vault).run()
        assert first.forms_updated and first.round_trips == 4
        assert vault.meta_get("profile")["team"] == "t9" and vault.meta_get("server_settings") == {"currency": "AED"}
        assert SyncEngine(vault).run().round_trips == 1  # nothing changed: one request
        third = SyncEngine(vault).run()
        assert third.round_trips == 4 and not third.forms_updated  # rev moved, same forms
        assert [s.path.split("?")[0] for s in server.seen] == (
            ["/api/v1/sync/pull", "/api/v1/forms", "/api/v1/me", "/api/v1/settings"] + ["/api/v1/sync/pull"]
            + ["/api/v1/sync/pull", "/api/v1/forms", "/api/v1/me", "/api/v1/settings"])


def test_progress_bar_on_a_terminal_and_lines_with_verbose() -> None:
    import io

    from fieldapp.commands.sync import ProgressPrinter
    from fieldapp.sync.engine import SyncProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, log = Terminal(), io.StringIO()
    bar, lines = ProgressPrinter(terminal), ProgressPrinter(log)
    verbose = ProgressPrinter(io.StringIO(), verbose=True)
    for printer in (bar, lines, verbose):
        printer(SyncProgress("push", 250, 1000, bytes_sent=4096))
        printer(SyncProgress("pull", 500, None, bytes_received=2048))
        printer.finish()
    assert terminal.getvalue().startswith("\rpush     [#######-----------------------] 250/1000")
    assert "\rpull" in terminal.getvalue() and terminal.getvalue().endswith("\n")
    assert log.getvalue() == ""  # not a terminal: only the summary line, printed by the command
    assert verbose.stream.getvalue().splitlines() == ["push 250/1000 sent=4096 received=0",
                                                      "pull 500/? sent=0 received=2048"]
