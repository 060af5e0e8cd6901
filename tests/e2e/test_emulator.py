"""The IAM Identity Center emulator, judged by botocore's own sso-oidc and sso clients.

Every OIDC and portal operation is called through botocore (which validates and parses each
response against its service models); raw HTTP is used only where botocore would refuse to send
the request or would hide what is on the wire.
"""
import base64
import concurrent.futures
import hashlib
import json
import os
import pathlib
import re
import secrets
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse
import urllib.request

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from emulator_util import Emulator, EmulatorError, find_binary  # noqa: E402

START_URL = "https://d-1234567890.awsapps.com/start"
SCOPES = ["sso:account:access"]
NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=10)


# ---------------------------------------------------------------------------------------------
# fixtures and helpers


@pytest.fixture(scope="session")
def emu_bin():
    return find_binary()


@pytest.fixture
def start_emulator(emu_bin):
    started = []

    def start(*args, **kw):
        e = Emulator(emu_bin, *args, **kw)
        e.start()
        started.append(e)
        return e

    yield start
    for e in started:
        e.stop()


@pytest.fixture
def emu(start_emulator):
    return start_emulator()


def clients(emu, config=NO_RETRY, url=None):
    s = botocore.session.get_session()
    url = url or emu.url
    oidc = s.create_client("sso-oidc", region_name="us-east-1", endpoint_url=url, config=config)
    sso = s.create_client("sso", region_name="us-east-1", endpoint_url=url, config=config)
    return oidc, sso


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r


def register(oidc, scopes=SCOPES, **kw):
    args = {"clientName": "botocore-client-test", "clientType": "public"}
    if scopes is not None:
        args["scopes"] = scopes
    args.update(kw)
    return oidc.register_client(**args)


def device_login(emu, oidc, scopes=SCOPES):
    """Register, start, approve through the admin endpoint, and get a token."""
    reg = register(oidc, scopes=scopes)
    auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                           startUrl=START_URL)
    emu.approve(auth["userCode"])
    tok = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                            grantType="urn:ietf:params:oauth:grant-type:device_code",
                            deviceCode=auth["deviceCode"])
    return reg, auth, tok


def all_accounts(sso, token, **pagination):
    pages = list(sso.get_paginator("list_accounts").paginate(accessToken=token, PaginationConfig=pagination))
    return pages, [a for p in pages for a in p["accountList"]]


# ---------------------------------------------------------------------------------------------
# process contract


def test_listening_line_ready_file_and_clean_sigterm(emu_bin, tmp_path):
    ready = tmp_path / "ready"
    log = tmp_path / "requests.jsonl"
    e = Emulator(emu_bin, "--ready-file", str(ready), "--request-log", str(log))
    e.start()
    try:
        assert re.fullmatch(r"listening http://127\.0\.0\.1:\d+", e.stdout_lines[0])
        assert ready.read_text().strip() == e.url
        # Bound to loopback only.
        with socket.create_connection(("127.0.0.1", e.port), timeout=2):
            pass
        status, headers, body = e.http("GET", "/")
        assert status == 200 and "x-amzn-requestid" in headers
    finally:
        rc = e.stop()
    assert rc == 0
    assert e.stdout_lines == [f"listening {e.url}"], "exactly one line on stdout"
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert lines and lines[0]["path"] == "/"


def test_rejects_non_loopback_host(emu_bin):
    p = subprocess.run([emu_bin, "--host", "0.0.0.0"], capture_output=True, text=True, timeout=20)
    assert p.returncode != 0 and "loopback" in p.stderr
    assert p.stdout == ""


def test_bad_options_fail(emu_bin, tmp_path):
    for args in (["--failure", "explode"], ["--failure-ops", "NoSuchOp"], ["--org", str(tmp_path / "missing.json")]):
        p = subprocess.run([emu_bin, *args], capture_output=True, text=True, timeout=20)
        assert p.returncode != 0, args
        assert p.stdout == "", args


# ---------------------------------------------------------------------------------------------
# OIDC: RegisterClient / StartDeviceAuthorization / CreateToken


def test_register_client_shape_and_lifetimes(start_emulator):
    emu = start_emulator("--registration-ttl", "1")
    oidc, _ = clients(emu)
    before = int(time.time())
    reg = register(oidc)
    assert reg["clientId"] and reg["clientSecret"]
    assert before - 1 <= reg["clientIdIssuedAt"] <= time.time() + 1
    # epoch SECONDS
    assert reg["clientSecretExpiresAt"] == reg["clientIdIssuedAt"] + 1
    emu.advance_clock(1.2)
    with pytest.raises(ClientError) as ei:
        oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                        startUrl=START_URL)
    assert error_of(ei)[:2] == ("InvalidClientException", 401)


def test_register_client_default_registration_ttl_is_90_days(emu):
    oidc, _ = clients(emu)
    reg = register(oidc)
    assert reg["clientSecretExpiresAt"] - reg["clientIdIssuedAt"] == 90 * 86400


def test_register_client_validation(emu):
    oidc, _ = clients(emu)
    with pytest.raises(ClientError) as ei:
        oidc.register_client(clientName="x", clientType="confidential")
    code, status, r = error_of(ei)
    assert (code, status) == ("InvalidClientMetadataException", 400)
    assert r["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"].endswith(
        ":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/")
    assert r["error"] == "invalid_client_metadata"
    with pytest.raises(ClientError) as ei:
        oidc.register_client(clientName="x", clientType="public", grantTypes=["password"])
    assert error_of(ei)[0] == "UnsupportedGrantTypeException"
    with pytest.raises(ClientError) as ei:
        oidc.register_client(clientName="x", clientType="public", grantTypes=["authorization_code"],
                             redirectUris=["https://evil.example/cb"], issuerUrl=START_URL)
    assert error_of(ei)[0] == "InvalidRedirectUriException"


def test_device_flow_pending_slow_down_approve_success(start_emulator):
    emu = start_emulator("--poll-interval", "1")
    oidc, sso = clients(emu)
    reg = register(oidc)
    auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                           startUrl=START_URL)
    code = auth["userCode"]
    assert re.fullmatch(r"[A-Z]{4}-[A-Z]{4}", code)
    assert auth["verificationUri"] == emu.url + "/device"
    assert auth["verificationUriComplete"] == emu.url + "/device?user_code=" + code
    assert auth["expiresIn"] == 600 and auth["interval"] == 1
    args = dict(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])

    with pytest.raises(ClientError) as ei:
        oidc.create_token(**args)
    code_, status, r = error_of(ei)
    assert (code_, status) == ("AuthorizationPendingException", 400)
    assert r["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == \
        "AuthorizationPendingException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/"
    assert r["error"] == "authorization_pending" and r["error_description"]
    assert r["ResponseMetadata"]["RequestId"]

    # polled again at once: faster than `interval`
    with pytest.raises(ClientError) as ei:
        oidc.create_token(**args)
    assert error_of(ei)[:2] == ("SlowDownException", 400)
    assert ei.value.response["error"] == "slow_down"

    emu.advance_clock(1.05)
    with pytest.raises(ClientError) as ei:
        oidc.create_token(**args)
    assert error_of(ei)[0] == "AuthorizationPendingException"

    assert emu.approve(code)["status"] == "approved"
    emu.advance_clock(1.05)
    tok = oidc.create_token(**args)
    assert tok["tokenType"] == "Bearer" and tok["expiresIn"] == 3600
    assert tok["accessToken"] and tok["refreshToken"]
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"]

    # a device code works once
    emu.advance_clock(1.05)
    with pytest.raises(ClientError) as ei:
        oidc.create_token(**args)
    assert error_of(ei)[0] == "InvalidGrantException"


def test_client_secret_is_checked(emu):
    oidc, _ = clients(emu)
    reg = register(oidc)
    other = register(oidc)
    for cid, secret in ((reg["clientId"], other["clientSecret"]), ("nope", reg["clientSecret"])):
        with pytest.raises(ClientError) as ei:
            oidc.start_device_authorization(clientId=cid, clientSecret=secret, startUrl=START_URL)
        code, status, r = error_of(ei)
        assert (code, status) == ("InvalidClientException", 401)
        assert r["error"] == "invalid_client"
    auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                           startUrl=START_URL)
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=reg["clientId"], clientSecret=other["clientSecret"],
                          grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])
    assert error_of(ei)[:2] == ("InvalidClientException", 401)
    # another client's device code is not yours
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=other["clientId"], clientSecret=other["clientSecret"],
                          grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])
    assert error_of(ei)[0] == "InvalidGrantException"
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="password")
    assert error_of(ei)[0] == "UnsupportedGrantTypeException"


def test_expired_device_code(start_emulator):
    emu = start_emulator("--device-code-ttl", "1")
    oidc, _ = clients(emu)
    reg = register(oidc)
    auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                           startUrl=START_URL)
    assert auth["expiresIn"] == 1
    emu.advance_clock(1.2)
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                          grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])
    code, status, r = error_of(ei)
    assert (code, status) == ("ExpiredTokenException", 400)
    assert r["error"] == "expired_token"
    with pytest.raises(EmulatorError):
        emu.approve(auth["userCode"])


def test_access_denied(emu):
    oidc, _ = clients(emu)
    reg = register(oidc)
    auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                           startUrl=START_URL)
    assert emu.deny(auth["userCode"])["status"] == "denied"
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                          grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])
    code, status, r = error_of(ei)
    assert (code, status) == ("AccessDeniedException", 400)
    assert r["error"] == "access_denied"


def test_verification_page_approve_and_deny_buttons(emu):
    oidc, _ = clients(emu)
    reg = register(oidc)
    mk = lambda: oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                                 startUrl=START_URL)
    a1, a2 = mk(), mk()
    path = a1["verificationUriComplete"][len(emu.url):]
    status, headers, body = emu.http("GET", path)
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert a1["userCode"] in page and 'action="/device/approve"' in page and 'action="/device/deny"' in page
    status, _, body = emu.http("GET", "/device")
    assert status == 200 and 'name="user_code"' in body.decode()

    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, body = emu.http("POST", "/device/approve", "user_code=" + a1["userCode"], form)
    assert status == 200 and "approved" in body.decode()
    status, _, body = emu.http("POST", "/device/deny", "user_code=" + a2["userCode"].lower(), form)
    assert status == 200 and "denied" in body.decode()
    status, _, _ = emu.http("POST", "/device/approve", "user_code=" + a2["userCode"], form)
    assert status == 409
    status, _, _ = emu.http("POST", "/device/approve", "user_code=ZZZZ-ZZZZ", form)
    assert status == 404

    base = dict(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                grantType="urn:ietf:params:oauth:grant-type:device_code")
    assert oidc.create_token(deviceCode=a1["deviceCode"], **base)["accessToken"]
    with pytest.raises(ClientError) as ei:
        oidc.create_token(deviceCode=a2["deviceCode"], **base)
    assert error_of(ei)[0] == "AccessDeniedException"


def test_auto_approve_after(start_emulator):
    emu = start_emulator("--auto-approve-after", "1", "--poll-interval", "1")
    oidc, _ = clients(emu)
    reg = register(oidc)
    auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                           startUrl=START_URL)
    args = dict(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])
    with pytest.raises(ClientError) as ei:
        oidc.create_token(**args)
    assert error_of(ei)[0] == "AuthorizationPendingException"
    emu.advance_clock(1.1)
    assert oidc.create_token(**args)["accessToken"]

    emu0 = start_emulator("--auto-approve-after", "0")
    oidc0, _ = clients(emu0)
    reg0 = register(oidc0)
    auth0 = oidc0.start_device_authorization(clientId=reg0["clientId"], clientSecret=reg0["clientSecret"],
                                             startUrl=START_URL)
    assert oidc0.create_token(clientId=reg0["clientId"], clientSecret=reg0["clientSecret"],
                              grantType="urn:ietf:params:oauth:grant-type:device_code",
                              deviceCode=auth0["deviceCode"])["accessToken"]


def test_refresh_grant(emu):
    oidc, sso = clients(emu)
    reg, _, tok = device_login(emu, oidc)
    refreshed = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                  grantType="refresh_token", refreshToken=tok["refreshToken"])
    assert refreshed["accessToken"] != tok["accessToken"]
    assert refreshed["refreshToken"] and refreshed["refreshToken"] != tok["refreshToken"]
    assert refreshed["expiresIn"] == 3600
    assert sso.list_accounts(accessToken=refreshed["accessToken"])["accountList"]
    # the used refresh token is gone
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                          grantType="refresh_token", refreshToken=tok["refreshToken"])
    code, status, r = error_of(ei)
    assert (code, status) == ("InvalidGrantException", 400)
    assert r["error"] == "invalid_grant" and r["error_description"] == "Invalid refresh token provided"
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                          grantType="refresh_token", refreshToken="aor-unknown")
    assert error_of(ei)[0] == "InvalidGrantException"


def test_no_refresh_token_without_registration_scopes(emu):
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc, scopes=None)
    assert "refreshToken" not in tok
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"]


# ---------------------------------------------------------------------------------------------
# PKCE


def pkce_pair():
    verifier = secrets.token_urlsafe(48)[:64]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def register_pkce(oidc):
    return register(oidc, grantTypes=["authorization_code", "refresh_token"],
                    redirectUris=["http://127.0.0.1/oauth/callback"], issuerUrl=START_URL)


def authorize_path(reg, redirect, challenge, state):
    q = urllib.parse.urlencode({
        "response_type": "code", "client_id": reg["clientId"], "redirect_uri": redirect, "state": state,
        "code_challenge_method": "S256", "scopes": "sso:account:access", "code_challenge": challenge,
    }, quote_via=urllib.parse.quote)
    return "/authorize?" + q


def test_pkce_with_admin_approval(emu):
    oidc, sso = clients(emu)
    reg = register_pkce(oidc)
    verifier, challenge = pkce_pair()
    redirect = "http://127.0.0.1:54321/oauth/callback"
    status, headers, body = emu.http("GET", authorize_path(reg, redirect, challenge, "st-1"))
    assert status == 200 and "Approve" in body.decode()
    user_code = headers["x-emulator-user-code"]
    decided = emu.approve(user_code)
    assert decided["kind"] == "pkce"
    loc = urllib.parse.urlsplit(decided["redirect"])
    assert f"{loc.scheme}://{loc.netloc}{loc.path}" == redirect
    q = dict(urllib.parse.parse_qsl(loc.query))
    assert q["state"] == "st-1" and q["code"]
    # the browser's page moves on to the same redirect
    status, headers, _ = emu.http("GET", headers["x-emulator-continue"])
    assert status == 302 and headers["location"] == decided["redirect"]

    base = dict(clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="authorization_code",
                code=q["code"])
    with pytest.raises(ClientError) as ei:
        oidc.create_token(redirectUri=redirect, codeVerifier="x" * 64, **base)
    assert error_of(ei)[0] == "InvalidGrantException"
    with pytest.raises(ClientError) as ei:
        oidc.create_token(redirectUri="http://127.0.0.1:1/oauth/callback", codeVerifier=verifier, **base)
    assert error_of(ei)[0] == "InvalidGrantException"
    tok = oidc.create_token(redirectUri=redirect, codeVerifier=verifier, **base)
    assert tok["accessToken"] and tok["refreshToken"] and tok["tokenType"] == "Bearer"
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"]
    with pytest.raises(ClientError) as ei:  # a code works once
        oidc.create_token(redirectUri=redirect, codeVerifier=verifier, **base)
    assert error_of(ei)[0] == "InvalidGrantException"
    # the device grant is not allowed for a PKCE-only registration
    with pytest.raises(ClientError) as ei:
        oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                        startUrl=START_URL)
    assert error_of(ei)[0] == "UnauthorizedClientException"


def test_pkce_auto_approve_redirects_and_deny(start_emulator):
    emu = start_emulator("--auto-approve-after", "0")
    oidc, _ = clients(emu)
    reg = register_pkce(oidc)
    verifier, challenge = pkce_pair()
    redirect = "http://127.0.0.1:40000/oauth/callback"
    status, headers, _ = emu.http("GET", authorize_path(reg, redirect, challenge, "abc"))
    assert status == 302
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(headers["location"]).query))
    assert q["state"] == "abc"
    tok = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                            grantType="authorization_code", code=q["code"], redirectUri=redirect,
                            codeVerifier=verifier)
    assert tok["accessToken"]
    # not a registered redirect: an error page, never a redirect
    status, _, _ = emu.http("GET", authorize_path(reg, "http://evil.example:1/oauth/callback", challenge, "s"))
    assert status == 400
    status, _, _ = emu.http("GET", authorize_path(reg, "http://127.0.0.1:5/other", challenge, "s"))
    assert status == 400
    # a bad challenge method goes back to the client as an OAuth error
    path = authorize_path(reg, redirect, challenge, "s").replace("S256", "plain")
    status, headers, _ = emu.http("GET", path)
    assert status == 302 and "error=invalid_request" in headers["location"]


def test_pkce_deny_via_browser(emu):
    oidc, _ = clients(emu)
    reg = register_pkce(oidc)
    _, challenge = pkce_pair()
    redirect = "http://127.0.0.1:40001/oauth/callback"
    status, headers, body = emu.http("GET", authorize_path(reg, redirect, challenge, "zz"))
    rid = re.search(r'name="request" value="([^"]+)"', body.decode()).group(1)
    status, headers, _ = emu.http("POST", "/authorize/deny", "request=" + rid,
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(headers["location"]).query))
    assert q["error"] == "access_denied" and q["state"] == "zz"


# ---------------------------------------------------------------------------------------------
# portal


def test_list_accounts_paginator_every_account_once(start_emulator):
    emu = start_emulator("--accounts", "250", "--seed", "3")
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    org = emu.org()["accounts"]
    expected = [{k: a[k] for k in ("accountId", "accountName", "emailAddress") if k in a} for a in org]

    emu.clear_requests()
    pages, accounts = all_accounts(sso, tok["accessToken"])
    assert accounts == expected
    assert len(pages) == 13  # default page size 20
    assert "nextToken" not in pages[-1]
    calls = emu.requests("ListAccounts")
    assert len(calls) == 13 and all(c["status"] == 200 for c in calls)

    pages, accounts = all_accounts(sso, tok["accessToken"], PageSize=100)
    assert [len(p["accountList"]) for p in pages] == [100, 100, 50]
    assert accounts == expected
    ids = [a["accountId"] for a in accounts]
    assert len(set(ids)) == 250

    for bad in (101, 1000):
        with pytest.raises(ClientError) as ei:
            sso.list_accounts(accessToken=tok["accessToken"], maxResults=bad)
        code, status, r = error_of(ei)
        assert (code, status) == ("InvalidRequestException", 400)
        assert r["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"].startswith("InvalidRequestException:")
    # botocore itself refuses max_result 0, so ask raw
    hdr = {"x-amz-sso_bearer_token": tok["accessToken"]}
    for q in ("max_result=0", "max_result=abc", "next_token=garbage"):
        status, headers, body = emu.http("GET", "/assignment/accounts?" + q, headers=hdr)
        assert status == 400, q
        assert json.loads(body)["__type"] == "com.amazonaws.switchboard.portal#InvalidRequestException"
    # a next token is bound to its listing
    page = sso.list_accounts(accessToken=tok["accessToken"], maxResults=5)
    status, _, _ = emu.http("GET", "/assignment/roles?account_id=" + ids[0] + "&next_token="
                            + urllib.parse.quote(page["nextToken"]), headers=hdr)
    assert status == 400


def test_empty_org(start_emulator):
    emu = start_emulator("--accounts", "0")
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    page = sso.list_accounts(accessToken=tok["accessToken"])
    assert page["accountList"] == [] and "nextToken" not in page


def test_list_account_roles_and_credentials(emu):
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    at = tok["accessToken"]
    org = emu.org()["accounts"]
    for acct in org:
        roles = [r for p in sso.get_paginator("list_account_roles").paginate(accessToken=at, accountId=acct["accountId"])
                 for r in p["roleList"]]
        assert roles == [{"roleName": n, "accountId": acct["accountId"]} for n in acct["roles"]]
    acct = org[0]
    page = sso.list_account_roles(accessToken=at, accountId=acct["accountId"], maxResults=1)
    assert len(page["roleList"]) == 1 and (("nextToken" in page) == (len(acct["roles"]) > 1))
    with pytest.raises(ClientError) as ei:
        sso.list_account_roles(accessToken=at, accountId="000000000000")
    assert error_of(ei)[:2] == ("ResourceNotFoundException", 404)

    before_ms = int(time.time() * 1000)
    creds = sso.get_role_credentials(accessToken=at, accountId=acct["accountId"], roleName=acct["roles"][0])
    rc = creds["roleCredentials"]
    assert re.fullmatch(r"ASIA[A-Z2-7]{16}", rc["accessKeyId"])
    assert rc["secretAccessKey"] and rc["sessionToken"]
    # not shaped like a real AWS secret key (40 chars of base64 alphabet)
    assert not re.fullmatch(r"[A-Za-z0-9/+]{40}", rc["secretAccessKey"])
    # epoch MILLISECONDS, one hour ahead
    assert before_ms + 3590_000 <= rc["expiration"] <= before_ms + 3610_000
    again = sso.get_role_credentials(accessToken=at, accountId=acct["accountId"], roleName=acct["roles"][0])
    assert again["roleCredentials"]["accessKeyId"] != rc["accessKeyId"]
    with pytest.raises(ClientError) as ei:
        sso.get_role_credentials(accessToken=at, accountId=acct["accountId"], roleName="NoSuchRole")
    # not in the model, but what the real service says (public CLI logs: "ForbiddenException ... No access")
    code, status, r = error_of(ei)
    assert (code, status, r["Error"]["Message"]) == ("ForbiddenException", 403, "No access")
    with pytest.raises(ClientError) as ei:
        sso.get_role_credentials(accessToken=at, accountId="000000000000", roleName=acct["roles"][0])
    assert error_of(ei)[:2] == ("ForbiddenException", 403)


def test_bearer_token_checked_everywhere(emu):
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    acct = emu.org()["accounts"][0]
    calls = [
        lambda t: sso.list_accounts(accessToken=t),
        lambda t: sso.list_account_roles(accessToken=t, accountId=acct["accountId"]),
        lambda t: sso.get_role_credentials(accessToken=t, accountId=acct["accountId"], roleName=acct["roles"][0]),
        lambda t: sso.logout(accessToken=t),
    ]
    for call in calls:
        with pytest.raises(ClientError) as ei:
            call("aoa-not-a-token")
        code, status, r = error_of(ei)
        assert (code, status) == ("UnauthorizedException", 401)
        assert r["Error"]["Message"] == "Session token not found or invalid"
        assert r["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"].startswith("UnauthorizedException:")
    status, _, body = emu.http("GET", "/assignment/accounts")
    assert status == 401
    assert json.loads(body) == {"message": "Session token not found or invalid",
                                "__type": "com.amazonaws.switchboard.portal#UnauthorizedException"}
    for call in calls[:3]:
        call(tok["accessToken"])


def test_logout_invalidates_session(emu):
    oidc, sso = clients(emu)
    reg, _, tok = device_login(emu, oidc)
    refreshed = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                  grantType="refresh_token", refreshToken=tok["refreshToken"])
    _, _, other = device_login(emu, oidc)
    r = sso.logout(accessToken=tok["accessToken"])
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 200
    for t in (tok["accessToken"], refreshed["accessToken"]):
        with pytest.raises(ClientError) as ei:
            sso.list_accounts(accessToken=t)
        assert error_of(ei)[:2] == ("UnauthorizedException", 401)
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                          grantType="refresh_token", refreshToken=refreshed["refreshToken"])
    assert error_of(ei)[0] == "InvalidGrantException"
    # another login is not affected
    assert sso.list_accounts(accessToken=other["accessToken"])["accountList"]


def test_expire_tokens_admin_and_token_ttl(start_emulator):
    emu = start_emulator("--token-ttl", "2")
    oidc, sso = clients(emu)
    reg, _, tok = device_login(emu, oidc)
    assert tok["expiresIn"] == 2
    assert sso.list_accounts(accessToken=tok["accessToken"])
    emu.advance_clock(2.2)
    with pytest.raises(ClientError) as ei:
        sso.list_accounts(accessToken=tok["accessToken"])
    assert error_of(ei)[:2] == ("UnauthorizedException", 401)
    # refresh still works after expiry
    t2 = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                           grantType="refresh_token", refreshToken=tok["refreshToken"])
    assert sso.list_accounts(accessToken=t2["accessToken"])
    assert emu.expire_tokens()["expiredAccessTokens"] >= 1
    with pytest.raises(ClientError) as ei:
        sso.list_accounts(accessToken=t2["accessToken"])
    assert error_of(ei)[0] == "UnauthorizedException"
    t3 = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                           grantType="refresh_token", refreshToken=t2["refreshToken"])
    assert emu.expire_tokens(refresh=True)["revokedRefreshTokens"] == 1
    with pytest.raises(ClientError) as ei:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                          grantType="refresh_token", refreshToken=t3["refreshToken"])
    assert error_of(ei)[0] == "InvalidGrantException"


def test_clock_advance_admin_moves_every_expiry(start_emulator):
    emu = start_emulator("--auto-approve-after", "300", "--poll-interval", "1")
    oidc, sso = clients(emu)
    c = emu.clock()
    assert c["offsetSeconds"] == 0 and abs(c["now"] - time.time()) < 5
    for bad in ("-1", "abc", "nan", "inf", ""):
        status, _, body = emu.http("POST", "/_emulator/clock/advance?seconds=" + bad)
        assert status == 400 and "forward" in json.loads(body)["error"], bad
    assert emu.clock()["offsetSeconds"] == 0

    reg = register(oidc)
    auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                           startUrl=START_URL)
    args = dict(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])
    with pytest.raises(ClientError) as ei:
        oidc.create_token(**args)
    assert error_of(ei)[0] == "AuthorizationPendingException"
    c = emu.advance_clock(300)
    assert c["offsetSeconds"] == 300 and abs(c["now"] - time.time() - 300) < 5
    # auto-approval and the poll interval follow the clock
    tok = oidc.create_token(**args)
    # what goes on the wire follows it too
    assert register(oidc)["clientIdIssuedAt"] >= time.time() + 295
    acct = emu.org()["accounts"][0]
    creds = sso.get_role_credentials(accessToken=tok["accessToken"], accountId=acct["accountId"],
                                     roleName=acct["roles"][0])["roleCredentials"]
    assert abs(creds["expiration"] / 1000 - (time.time() + 300 + 3600)) < 5
    # the access token expires an hour later on the emulator's clock
    emu.advance_clock(3599)
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"]
    assert emu.advance_clock(2)["offsetSeconds"] == 3901
    with pytest.raises(ClientError) as ei:
        sso.list_accounts(accessToken=tok["accessToken"])
    assert error_of(ei)[:2] == ("UnauthorizedException", 401)

    # a PKCE /authorize held by --auto-approve-after is answered once the clock passes it
    preg = register_pkce(oidc)
    _, challenge = pkce_pair()
    answer = {}
    th = threading.Thread(target=lambda: answer.update(r=emu.http(
        "GET", authorize_path(preg, "http://127.0.0.1:40000/oauth/callback", challenge, "s"), timeout=30)))
    th.start()
    emu.wait_for_authorization(kind="pkce")
    assert th.is_alive()
    emu.advance_clock(300)
    th.join(10)
    assert not th.is_alive() and answer["r"][0] == 302 and "code=" in answer["r"][1]["location"]


def test_endpoint_with_path_prefix(emu):
    oidc, sso = clients(emu, url=emu.url + "/some/base")
    _, _, tok = device_login(emu, oidc)
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"]
    assert emu.requests("ListAccounts")[-1]["path"] == "/some/base/assignment/accounts"


# ---------------------------------------------------------------------------------------------
# org


def test_generated_org_is_deterministic_and_realistic(start_emulator):
    a = start_emulator("--accounts", "60", "--seed", "7").org()["accounts"]
    b = start_emulator("--accounts", "60", "--seed", "7").org()["accounts"]
    c = start_emulator("--accounts", "60", "--seed", "8").org()["accounts"]
    assert a == b and a != c
    names = [x["accountName"] for x in a]
    assert names.count("Zürich") == 1
    assert "東京-analytics" in names
    assert len(set(names)) == len(names)
    ids = [x["accountId"] for x in a]
    assert all(re.fullmatch(r"\d{12}", i) for i in ids) and len(set(ids)) == 60
    assert all(1 <= len(x["roles"]) <= 6 and len(set(x["roles"])) == len(x["roles"]) for x in a)
    assert any("emailAddress" not in x for x in a) and any("emailAddress" in x for x in a)
    assert any(re.fullmatch(r"[a-z-]+-(dev|prod|staging|qa|test|sandbox|perf|dr|audit|uat|demo|log-archive)", n)
               for n in names)
    roles = {r for x in a for r in x["roles"]}
    assert {"AdministratorAccess", "ReadOnlyAccess"} <= roles
    small = start_emulator("--accounts", "2").org()["accounts"]
    assert len(small) == 2 and "Zürich" not in [x["accountName"] for x in small]
    three = start_emulator("--accounts", "3").org()["accounts"]
    assert [x["accountName"] for x in three].count("Zürich") == 1


def test_org_file_and_runtime_replacement(start_emulator, tmp_path):
    org = {"accounts": [
        {"accountId": "012345678901", "accountName": "acme-dev", "emailAddress": "dev@acme.example",
         "roles": ["AdministratorAccess", "ReadOnly"]},
        {"accountId": "210987654321", "roles": ["Billing"]},
    ]}
    f = tmp_path / "org.json"
    f.write_text(json.dumps(org))
    emu = start_emulator("--org", str(f))
    assert emu.org() == org
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    accts = sso.list_accounts(accessToken=tok["accessToken"])["accountList"]
    assert accts == [{"accountId": "012345678901", "accountName": "acme-dev", "emailAddress": "dev@acme.example"},
                     {"accountId": "210987654321"}]
    new = {"accounts": [{"accountId": "111111111111", "accountName": "Zürich", "roles": ["X"]}]}
    assert emu.set_org(new) == {"accounts": 1}
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"] == [
        {"accountId": "111111111111", "accountName": "Zürich"}]
    for bad in ({"accounts": [{"accountId": "12", "roles": []}]},
                {"accounts": [{"accountId": "111111111111", "roles": ["a"]}] * 2},
                {"nope": 1}):
        with pytest.raises(EmulatorError):
            emu.set_org(bad)
    assert emu.org() == new
    status, _, _ = emu.http("POST", "/_emulator/org", "not json")
    assert status == 400


# ---------------------------------------------------------------------------------------------
# throttling, latency, failure modes


def _raw_list(emu, token, timeout=10):
    return emu.http("GET", "/assignment/accounts?max_result=1", headers={"x-amz-sso_bearer_token": token},
                    timeout=timeout)


def test_throttling_429_at_configured_rate(start_emulator):
    emu = start_emulator("--throttle-rps", "10")
    oidc, sso = clients(emu)
    emu.advance_clock(1.1)  # full bucket
    _, _, tok = device_login(emu, oidc)  # 3 calls
    emu.advance_clock(1.1)
    emu.clear_requests()
    t0 = time.monotonic()
    results = []
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        while time.monotonic() - t0 < 2.0:
            results.extend(pool.map(lambda _: _raw_list(emu, tok["accessToken"])[0], range(8)))
    elapsed = time.monotonic() - t0
    ok = results.count(200)
    limited = results.count(429)
    assert set(results) <= {200, 429}
    assert limited > 0
    # burst 10 + 10/s
    assert 10 + 10 * (elapsed - 0.3) <= ok <= 10 + 10 * elapsed + 2, (ok, elapsed)
    status, headers, body = _raw_list(emu, tok["accessToken"])
    while status != 429:
        status, headers, body = _raw_list(emu, tok["accessToken"])
    assert headers["x-amzn-errortype"].startswith("TooManyRequestsException:")
    assert json.loads(body)["__type"] == "com.amazonaws.switchboard.portal#TooManyRequestsException"
    # botocore sees the modeled error
    with pytest.raises(ClientError) as ei:
        for _ in range(50):
            sso.list_accounts(accessToken=tok["accessToken"])
    assert error_of(ei)[:2] == ("TooManyRequestsException", 429)
    # admin endpoints are never throttled
    for _ in range(30):
        emu.requests()
    assert emu.requests()[-1]["status"] == 429 or emu.requests()[-1]["status"] == 200


def test_latency_is_per_request_not_serialised(start_emulator):
    emu = start_emulator("--latency-ms", "300")
    oidc, _ = clients(emu)
    _, _, tok = device_login(emu, oidc)

    def timed(_):
        t = time.monotonic()
        status = _raw_list(emu, tok["accessToken"])[0]
        return status, time.monotonic() - t

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        res = list(pool.map(timed, range(10)))
    total = time.monotonic() - t0
    assert all(s == 200 and d >= 0.3 for s, d in res)
    assert total < 1.5, total  # 10 x 300 ms would be 3 s if serialised
    # admin calls are not delayed
    t = time.monotonic()
    emu.requests()
    assert time.monotonic() - t < 0.25


def test_failure_html500(start_emulator):
    emu = start_emulator("--failure", "html500", "--failure-ops", "ListAccounts")
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)  # OIDC unaffected
    status, headers, body = _raw_list(emu, tok["accessToken"])
    assert status == 500 and headers["content-type"].startswith("text/html")
    assert body.lstrip().startswith(b"<") and b"{" not in body
    with pytest.raises(ClientError) as ei:
        sso.list_accounts(accessToken=tok["accessToken"])
    assert ei.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    acct = emu.org()["accounts"][0]
    assert sso.list_account_roles(accessToken=tok["accessToken"], accountId=acct["accountId"])["roleList"]
    emu.set_failure("none")
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"]


def test_failure_truncated(start_emulator):
    emu = start_emulator()
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    emu.set_failure("truncated", ["ListAccounts"])
    status, headers, body = emu.http("GET", "/assignment/accounts", headers={"x-amz-sso_bearer_token": tok["accessToken"]})
    assert status == 200
    assert int(headers["content-length"]) == len(body) > 0
    assert body.startswith(b'{"accountList":[')
    with pytest.raises(ValueError):
        json.loads(body)
    emu.set_failure("truncated")  # all operations
    status, _, body = emu.http("POST", "/client/register", json.dumps({"clientName": "a", "clientType": "public"}),
                               {"Content-Type": "application/json"})
    assert status == 200
    with pytest.raises(ValueError):
        json.loads(body)


def test_failure_empty(start_emulator):
    emu = start_emulator("--failure", "empty", "--failure-ops", "GetRoleCredentials,ListAccountRoles")
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    acct = emu.org()["accounts"][0]
    status, headers, body = emu.http("GET", f"/federation/credentials?role_name={acct['roles'][0]}&account_id={acct['accountId']}",
                                     headers={"x-amz-sso_bearer_token": tok["accessToken"]})
    assert (status, body, headers["content-length"]) == (200, b"", "0")
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"]


def test_failure_hang_and_shutdown_while_hanging(start_emulator):
    emu = start_emulator()
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    emu.set_failure("hang", ["ListAccounts"])
    t = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout)):
        _raw_list(emu, tok["accessToken"], timeout=1.0)
    assert 0.9 <= time.monotonic() - t < 3
    slow = botocore.session.get_session().create_client(
        "sso", region_name="us-east-1", endpoint_url=emu.url,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}, read_timeout=1, connect_timeout=1))
    with pytest.raises(ReadTimeoutError):
        slow.list_accounts(accessToken=tok["accessToken"])
    hung = [r for r in emu.requests("ListAccounts") if r["status"] == 0]
    assert len(hung) == 2
    # other operations still answer
    acct = emu.org()["accounts"][0]
    assert sso.list_account_roles(accessToken=tok["accessToken"], accountId=acct["accountId"])["roleList"]
    # a request is hanging right now; SIGTERM still stops the emulator promptly
    th = threading.Thread(target=lambda: _try(lambda: _raw_list(emu, tok["accessToken"], timeout=30)))
    th.start()
    deadline = time.monotonic() + 10
    while len([r for r in emu.requests("ListAccounts") if r["status"] == 0]) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len([r for r in emu.requests("ListAccounts") if r["status"] == 0]) == 3
    t = time.monotonic()
    assert emu.stop(timeout=8) == 0
    assert time.monotonic() - t < 6
    th.join(10)


def _try(f):
    try:
        f()
    except Exception:
        pass


# ---------------------------------------------------------------------------------------------
# request log


def test_request_log_records_everything_without_secrets(start_emulator, tmp_path):
    log = tmp_path / "req.jsonl"
    emu = start_emulator("--request-log", str(log), "--verbose")
    oidc, sso = clients(emu)
    reg, auth, tok = device_login(emu, oidc)
    acct = emu.org()["accounts"][0]
    creds = sso.get_role_credentials(accessToken=tok["accessToken"], accountId=acct["accountId"],
                                     roleName=acct["roles"][0])["roleCredentials"]
    sso.list_accounts(accessToken=tok["accessToken"], maxResults=3)
    reqs = emu.requests()
    ops = [r["operation"] for r in reqs]
    assert ops == ["RegisterClient", "StartDeviceAuthorization", "CreateToken", "GetRoleCredentials", "ListAccounts"]
    for r in reqs:
        assert set(r) >= {"method", "path", "query", "status", "operation", "timestamp"}
        assert abs(r["timestamp"] - time.time() * 1000) < 60_000
    assert reqs[-1]["query"] == {"max_result": "3"}
    assert reqs[3]["query"] == {"role_name": acct["roles"][0], "account_id": acct["accountId"]}
    # federation secrets in the query are redacted
    emu.http("GET", "/federation?Action=getSigninToken&Session=" + urllib.parse.quote(json.dumps(
        {"sessionId": creds["accessKeyId"], "sessionKey": creds["secretAccessKey"],
         "sessionToken": creds["sessionToken"]})))
    assert emu.requests()[-1]["query"]["Session"] == "REDACTED"
    everything = json.dumps(emu.requests()) + log.read_text() + emu.stderr() + "\n".join(emu.stdout_lines)
    for secret in (reg["clientSecret"], auth["deviceCode"], tok["accessToken"], tok["refreshToken"],
                   creds["secretAccessKey"], creds["sessionToken"]):
        assert secret not in everything
    assert len(log.read_text().splitlines()) == len(emu.requests())
    assert "ListAccounts" in emu.stderr()  # --verbose
    emu.clear_requests()
    assert emu.requests() == []


# ---------------------------------------------------------------------------------------------
# federation


def test_federation_round_trip_post_and_get(emu):
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    acct = emu.org()["accounts"][1]
    rc = sso.get_role_credentials(accessToken=tok["accessToken"], accountId=acct["accountId"],
                                  roleName=acct["roles"][-1])["roleCredentials"]
    session = json.dumps({"sessionId": rc["accessKeyId"], "sessionKey": rc["secretAccessKey"],
                          "sessionToken": rc["sessionToken"]})
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    # form POST (aws-sso-util style)
    status, headers, body = emu.http("POST", "/federation", urllib.parse.urlencode(
        {"Action": "getSigninToken", "Session": session, "SessionDuration": "3600"}), form)
    assert status == 200 and headers["content-type"].startswith("application/json")
    tok1 = json.loads(body)["SigninToken"]
    # GET (granted style, + for spaces)
    status, _, body = emu.http("GET", "/federation?" + urllib.parse.urlencode(
        {"Action": "getSigninToken", "Session": session}))
    assert status == 200
    tok2 = json.loads(body)["SigninToken"]
    dest = "https://console.aws.amazon.com/?region=eu-west-1"
    for t in (tok1, tok2):
        status, headers, body = emu.http("GET", "/federation?" + urllib.parse.urlencode(
            {"Action": "login", "Issuer": START_URL, "Destination": dest, "SigninToken": t}))
        page = body.decode()
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert f"signed in as {acct['accountId']}/{acct['roles'][-1]}" in page
        assert "console.aws.amazon.com" in page
    # wrong secret, bad duration, bad token
    bad = json.dumps({"sessionId": rc["accessKeyId"], "sessionKey": "x", "sessionToken": rc["sessionToken"]})
    assert emu.http("POST", "/federation", urllib.parse.urlencode(
        {"Action": "getSigninToken", "Session": bad}), form)[0] == 400
    assert emu.http("POST", "/federation", urllib.parse.urlencode(
        {"Action": "getSigninToken", "Session": session, "SessionDuration": "60"}), form)[0] == 400
    assert emu.http("GET", "/federation?Action=login&SigninToken=nope")[0] == 400


# ---------------------------------------------------------------------------------------------
# botocore's SSO credential provider, end to end


CRED_SNIPPET = textwrap.dedent("""
    import json, botocore.session
    s = botocore.session.Session(profile="dev")
    c = s.get_credentials().get_frozen_credentials()
    print(json.dumps({"ak": c.access_key, "sk": c.secret_key, "token": c.token}))
""")


def _sandbox(tmp_path, emu, account, role, token_doc):
    home = tmp_path / "home"
    (home / ".aws" / "sso" / "cache").mkdir(parents=True)
    (home / ".aws" / "config").write_text(textwrap.dedent(f"""
        [profile dev]
        sso_session = my-sso
        sso_account_id = {account}
        sso_role_name = {role}
        region = eu-west-1

        [sso-session my-sso]
        sso_start_url = {START_URL}
        sso_region = us-east-1
        sso_registration_scopes = sso:account:access
        """))
    cache = home / ".aws" / "sso" / "cache" / (hashlib.sha1(b"my-sso").hexdigest() + ".json")
    cache.write_text(json.dumps(token_doc))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=str(home), AWS_ENDPOINT_URL_SSO=emu.url, AWS_ENDPOINT_URL_SSO_OIDC=emu.url,
               AWS_EC2_METADATA_DISABLED="true")
    return env, cache


def _iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def test_botocore_sso_credential_provider(emu, tmp_path):
    oidc, _ = clients(emu)
    reg, _, tok = device_login(emu, oidc)
    acct = next(a for a in emu.org()["accounts"] if a["accountName"] == "Zürich")
    token_doc = {"startUrl": START_URL, "region": "us-east-1", "accessToken": tok["accessToken"],
                 "expiresAt": _iso(time.time() + 3600), "clientId": reg["clientId"],
                 "clientSecret": reg["clientSecret"], "registrationExpiresAt": _iso(reg["clientSecretExpiresAt"]),
                 "refreshToken": tok["refreshToken"]}
    env, _ = _sandbox(tmp_path, emu, acct["accountId"], acct["roles"][0], token_doc)
    emu.clear_requests()
    p = subprocess.run([sys.executable, "-c", CRED_SNIPPET], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    creds = json.loads(p.stdout)
    assert creds["ak"].startswith("ASIA") and creds["sk"] and creds["token"]
    calls = emu.requests()
    assert [c["operation"] for c in calls] == ["GetRoleCredentials"]
    assert calls[0]["query"] == {"role_name": acct["roles"][0], "account_id": acct["accountId"]}


def test_botocore_refreshes_through_emulator_then_logout(emu, tmp_path):
    oidc, sso = clients(emu)
    reg, _, tok = device_login(emu, oidc)
    acct = emu.org()["accounts"][0]
    token_doc = {"startUrl": START_URL, "region": "us-east-1", "accessToken": tok["accessToken"],
                 "expiresAt": _iso(time.time() + 300),  # inside the 15-minute refresh window
                 "clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
                 "registrationExpiresAt": _iso(reg["clientSecretExpiresAt"]), "refreshToken": tok["refreshToken"]}
    env, cache = _sandbox(tmp_path, emu, acct["accountId"], acct["roles"][0], token_doc)
    emu.clear_requests()
    p = subprocess.run([sys.executable, "-c", CRED_SNIPPET], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    ops = [c["operation"] for c in emu.requests()]
    assert ops == ["CreateToken", "GetRoleCredentials"]
    new = json.loads(cache.read_text())
    assert new["accessToken"] != tok["accessToken"] and new["refreshToken"] != tok["refreshToken"]
    assert sso.list_accounts(accessToken=new["accessToken"])["accountList"]
    # logout ends the session: botocore can no longer get credentials with that token
    sso.logout(accessToken=new["accessToken"])
    env2, _ = _sandbox(tmp_path / "again", emu, acct["accountId"], acct["roles"][0],
                       dict(new, expiresAt=_iso(time.time() + 3600)))
    p = subprocess.run([sys.executable, "-c", CRED_SNIPPET], env=env2, capture_output=True, text=True, timeout=60)
    assert p.returncode != 0
    assert "UnauthorizedSSOTokenError" in p.stderr or "expired" in p.stderr.lower()


def test_pkce_browser_round_trip_with_delayed_auto_approve(start_emulator):
    """As CLI v2 does it: a loopback callback listener, the browser follows the redirect."""
    import http.server
    emu = start_emulator("--auto-approve-after", "1")
    oidc, sso = clients(emu)
    reg = register_pkce(oidc)
    verifier, challenge = pkce_pair()
    got = {}

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            got.update(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *a):
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), Callback)
    threading.Thread(target=srv.handle_request, daemon=True).start()
    redirect = f"http://127.0.0.1:{srv.server_port}/oauth/callback"
    t = time.monotonic()
    with urllib.request.urlopen(emu.url + authorize_path(reg, redirect, challenge, "st"), timeout=10) as r:
        assert r.read() == b"ok"  # the "browser" ended on our callback
    assert time.monotonic() - t >= 1.0
    srv.server_close()
    assert got["state"] == "st"
    tok = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                            grantType="authorization_code", code=got["code"], redirectUri=redirect,
                            codeVerifier=verifier)
    assert sso.list_accounts(accessToken=tok["accessToken"])["accountList"]


def test_oidc_calls_are_throttled_too(start_emulator):
    emu = start_emulator("--throttle-rps", "2")
    oidc, _ = clients(emu)
    codes = []
    for _ in range(6):
        try:
            register(oidc)
            codes.append(200)
        except ClientError as e:
            codes.append(e.response["ResponseMetadata"]["HTTPStatusCode"])
            assert e.response["Error"]["Code"] == "TooManyRequestsException"
            assert e.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"].startswith(
                "TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/")
    assert codes.count(429) >= 3 and codes[:2] == [200, 200]
    # the admin endpoints and pages are not
    for _ in range(10):
        assert emu.http("GET", "/device")[0] == 200


def test_sigint_stops_cleanly(emu_bin):
    e = Emulator(emu_bin)
    e.start()
    e.proc.send_signal(signal.SIGINT)
    assert e.proc.wait(timeout=10) == 0
    e.stop()


def test_expect_100_continue_is_answered(emu):
    """libcurl sends `Expect: 100-continue` for bodies over 1 KiB and waits for the interim answer."""
    body = json.dumps({"clientName": "botocore-client-" + "x" * 200, "clientType": "public",
                       "scopes": ["sso:account:access"] * 60}).encode()
    assert len(body) > 1024
    with socket.create_connection(("127.0.0.1", emu.port), timeout=0.5) as s:
        s.sendall(b"POST /client/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Expect: 100-continue\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        interim = s.recv(100)  # times out (fails) if the server waits for the body
        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n")
        s.settimeout(5)
        s.sendall(body)
        resp = b""
        while b"\r\n\r\n" not in resp or not resp.rstrip().endswith(b"}"):
            resp += s.recv(65536)
    assert resp.startswith(b"HTTP/1.1 200 OK")
    assert b'"clientId"' in resp


def test_large_org_under_concurrency(start_emulator):
    """2,000 accounts, every role list fetched over 32 keep-alive connections: all correct, no errors."""
    import http.client
    emu = start_emulator("--accounts", "2000", "--seed", "11")
    oidc, sso = clients(emu)
    _, _, tok = device_login(emu, oidc)
    org = {a["accountId"]: a for a in emu.org()["accounts"]}
    _, accounts = all_accounts(sso, tok["accessToken"], PageSize=100)
    assert [a["accountId"] for a in accounts] == list(org)
    names = [a["accountName"] for a in accounts]
    assert names.count("Zürich") == 1 and len(set(names)) == 2000

    ids = list(org)
    chunks = [ids[i::32] for i in range(32)]

    def fetch(chunk):
        c = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=30)
        out = {}
        for acct in chunk:
            c.request("GET", f"/assignment/roles?account_id={acct}&max_result=100",
                      headers={"x-amz-sso_bearer_token": tok["accessToken"]})
            r = c.getresponse()
            assert r.status == 200
            out[acct] = [x["roleName"] for x in json.loads(r.read())["roleList"]]
        c.close()
        return out

    t = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(32) as pool:
        got = {}
        for part in pool.map(fetch, chunks):
            got.update(part)
    assert time.monotonic() - t < 60
    assert got == {k: v["roles"] for k, v in org.items()}
    assert sum(1 for r in emu.requests("ListAccountRoles") if r["status"] == 200) == 2000
