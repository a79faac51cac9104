"""Login, device tokens, revocation, disabled users, the login rate limit and the protocol version."""

from __future__ import annotations

from fieldapp.server import accounts
from fieldapp.server.security import hash_password, token_hash, verify_password

from .conftest import PASSWORD, Server


def test_enrolment_answers_everything_a_device_needs(teams: Server) -> None:
    response = teams.anonymous().post("/devices/enroll", {"username": "alice", "password": PASSWORD,
                                                          "device_name": "laptop"})
    body = response.json()
    assert response.status_code == 200
    assert body["user"] == {"username": "alice", "role": "researcher", "team": "t1", "full_name": "alice"}
    assert body["team"]["supervisor"] == "sam"
    assert {m["username"] for m in body["team"]["members"]} == {"sam", "alice", "bob"}
    assert body["recovery_public_key"].startswith("-----BEGIN PUBLIC KEY-----")
    assert body["settings"]["answer_deadline_days"] == 3
    assert {r["code"] for r in body["settings"]["rejection_reasons"]} >= {"other"}
    assert len(body["device_token"]) >= 40


def test_only_the_token_hash_is_stored(teams: Server) -> None:
    api = teams.device("alice")
    with teams.db.read() as conn:
        rows = accounts.list_devices(conn)
        stored = conn.exec_driver_sql("SELECT token_hash FROM devices").scalars().all()
    assert len(rows) == 1
    assert stored == [token_hash(api.token)] and api.token not in stored


def test_wrong_password_and_unknown_user_are_the_same_401(teams: Server) -> None:
    anon = teams.anonymous()
    wrong = anon.post("/devices/enroll", {"username": "alice", "password": "nope"})
    unknown = anon.post("/devices/enroll", {"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["code"] == unknown.json()["code"] == "auth.bad_credentials"


def test_a_disabled_user_cannot_log_in_nor_sync(teams: Server) -> None:
    api = teams.device("bob")
    with teams.db.write() as conn:
        accounts.set_disabled(conn, "bob")
    login = teams.anonymous().post("/devices/enroll", {"username": "bob", "password": PASSWORD})
    assert login.status_code == 403 and login.json()["code"] == "auth.disabled"
    pull = api.get("/sync/pull")
    assert pull.status_code == 401 and pull.json()["code"] == "auth.disabled"


def test_a_revoked_device_is_refused_and_others_keep_working(teams: Server) -> None:
    lost, other = teams.device("alice"), teams.device("alice")
    assert lost.get("/me").status_code == 200
    with teams.db.write() as conn:
        accounts.revoke_device(conn, lost.device_id)
    refused = lost.get("/sync/pull")
    assert refused.status_code == 401 and refused.json()["code"] == "auth.device_revoked"
    assert lost.post("/sync/push", {"ops": []}).status_code == 401
    assert other.get("/me").json()["device_id"] == other.device_id


def test_missing_or_unknown_tokens_are_401(teams: Server) -> None:
    assert teams.anonymous().get("/sync/pull").status_code == 401
    bogus = teams.anonymous()
    bogus.token = "x" * 43
    assert bogus.get("/forms").json()["code"] == "auth.bad_token"


def test_login_is_rate_limited_per_user(teams: Server) -> None:
    anon = teams.anonymous()
    codes = [anon.post("/devices/enroll", {"username": "alice", "password": "bad"}).status_code for _ in range(5)]
    assert codes == [401] * 5
    blocked = anon.post("/devices/enroll", {"username": "alice", "password": PASSWORD})
    assert blocked.status_code == 429 and blocked.json()["code"] == "auth.rate_limited"
    assert anon.post("/devices/enroll", {"username": "bob", "password": PASSWORD}).status_code == 200


def test_the_protocol_version_is_checked(teams: Server) -> None:
    api = teams.device("alice")
    old = api.get("/sync/pull", headers={"X-Fieldapp-Protocol": "0"})
    assert old.status_code == 426 and old.json()["code"] == "protocol.version"
    assert "update" in old.json()["message"]
    assert teams.client.get("/api/v1/forms").status_code == 426     # no header at all


def test_passwords_are_argon2id_with_salt_and_parameters() -> None:
    first, second = hash_password("كلمة سر"), hash_password("كلمة سر")
    assert first.startswith("$argon2id$") and first != second
    assert verify_password("كلمة سر", first) and not verify_password("كلمة", first)
    assert not verify_password("", None)
