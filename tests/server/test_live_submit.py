"""A real device, a real served process with the submit check on: an incomplete submission comes back to
the laptop as a refusal it shows (a notice), the case stays a draft there and on the server; completed, it
goes through."""

from __future__ import annotations

from pathlib import Path

from fieldapp.domain.entities import Assessment, Household
from fieldapp.domain.workflow import Actor, Role
from fieldapp.store import Vault
from fieldapp.sync.engine import SyncEngine
from fieldapp.sync.enrolment import enroll
from tests.helpers.live_server import LiveServer

from .factories import complete_answers

PASSWORD = "secret-pass-1"


def test_the_laptop_gets_the_refusal_and_a_completed_case_goes_through(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "srv", env={"FIELDAPP_SERVER_SUBMIT_CHECK": "1"}).start()
    try:
        server.add_user("amal", "researcher", team="t1", password=PASSWORD)
        vault = Vault.create(tmp_path / "laptop", "vault-pass-123")
        enroll(vault, server.url, "amal", PASSWORD, device_name="laptop")
        device_id = vault.meta_get("profile", {})["device_id"]
        amal = Actor("amal", Role.RESEARCHER, "t1")
        household = vault.save_household(Household(head_name="فاطمة أحمد", city="jeddah", district="الصفا",
                                                   researcher="amal", team="t1"))
        answers = complete_answers()
        del answers["marital_status"]
        case = vault.save_assessment(Assessment(household_id=household.id, form_id="household_assessment",
                                                form_version=1, answers=answers, researcher="amal", team="t1"))
        vault.transition(case.id, amal, "submit", device_id=device_id)
        summary = SyncEngine(vault).run()

        assert summary.rejected == 1
        [notice] = vault.notices()
        assert notice["error"]["code"] == "workflow.invalid_form"
        assert notice["error"]["message"]["ar"] and notice["error"]["message"]["en"]
        assert vault.get_assessment(case.id).status == "draft"      # the server's truth, on the laptop too
        assert vault.outbox_count() == 0

        fixed = vault.get_assessment(case.id)
        fixed.answers["marital_status"] = "widowed"
        vault.save_assessment(fixed)
        vault.transition(case.id, amal, "submit", device_id=device_id)
        summary = SyncEngine(vault).run()
        assert summary.rejected == 0 and vault.get_assessment(case.id).status == "submitted"
        vault.close()
    finally:
        server.stop()


