"""An edit of a record head office never had (a bulk-loaded demo profile enrolled later, a server restored from
an old backup) is refused, not stored as a partial record made of the edited fields alone."""

from __future__ import annotations

from .conftest import Server
from .factories import change, new_id


def test_an_edit_of_an_unknown_record_is_refused_and_stores_nothing(teams: Server) -> None:
    alice = teams.device("alice")
    hid = new_id()
    edit = change("household", hid, {"phone": "0550000000"}, {"phone": "0551112222"}, base=1)
    [result] = alice.push(edit)
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "record.not_found"
    assert [c for c in alice.pull_all()[0] if c["entity_id"] == hid] == []
    assert alice.push(edit) == [result]  # replayed, not re-decided


def test_a_new_record_is_still_created_from_version_zero(teams: Server) -> None:
    alice = teams.device("alice")
    hid = new_id()
    [result] = alice.push(change("household", hid, {}, {"id": hid, "head_name": "منى", "phone": "0551112222"}))
    assert result["status"] == "applied" and result["version"] == 1
    assert result["record"]["head_name"] == "منى"
