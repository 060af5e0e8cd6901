"""login --pkce: authorization code + PKCE against the emulator's authorize leg."""
import hashlib
import json
import os
import socket
import stat
import subprocess
import time

from conftest import run_botocore
from test_cli_sso import BOTOCORE_CREDS, cli, setup


def browser_script(tmp_path, tamper_state=False):
    """A stand-in browser: follows the authorize redirect back to the callback, like a real one."""
    p = tmp_path / "browser.sh"
    sed = "| sed 's/state=[^&]*/state=forged/'" if tamper_state else ""
    p.write_text(f"""#!/bin/bash
loc=$(curl -s -o /dev/null -w '%{{redirect_url}}' "$1")
loc=$(printf '%s' "$loc" {sed})
[ -n "$loc" ] && curl -s -o /dev/null "$loc"
exit 0
""")
    p.chmod(0o755)
    return str(p)


def test_pkce_login_is_used_by_botocore(tui_bin, sandbox, emulator_factory, tmp_path):
    emu = emulator_factory("--accounts", "3", "--auto-approve-after", "0")
    setup(sandbox, emu)
    sandbox.env["BROWSER"] = browser_script(tmp_path)
    p = cli(tui_bin, sandbox, "login", "--pkce", timeout=60)
    assert p.returncode == 0, p.stderr
    assert "code_challenge_method=S256" in p.stdout and "scopes=sso%3Aaccount%3Aaccess" in p.stdout
    tok = json.loads((sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")).read_text())
    assert tok["accessToken"] and tok["refreshToken"]
    for secret in (tok["accessToken"], tok["refreshToken"], tok["clientSecret"]):
        assert secret not in p.stdout + p.stderr
    # The registration cache entry is CLI v2's, with the PKCE grant types.
    key = hashlib.sha1(json.dumps({"tool": "botocore", "startUrl": "https://acme.awsapps.com/start", "region": "us-east-1",
                                   "scopes": ["sso:account:access"], "session_name": "acme"}, sort_keys=True).encode()).hexdigest()
    reg = json.loads((sandbox.cache_dir / f"{key}.json").read_text())
    assert reg["grantTypes"] == ["authorization_code", "refresh_token"]
    assert stat.S_IMODE((sandbox.cache_dir / f"{key}.json").stat().st_mode) == 0o600
    ops = [r["operation"] for r in emu.requests()]
    assert "StartDeviceAuthorization" not in ops
    emu.clear_requests()
    creds = run_botocore(sandbox, BOTOCORE_CREDS.format(profile="dev"))
    assert creds["ak"].startswith("ASIA")
    assert "CreateToken" not in [r["operation"] for r in emu.requests()]


def test_pkce_state_mismatch_is_refused(tui_bin, sandbox, emulator_factory, tmp_path):
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0")
    setup(sandbox, emu)
    sandbox.env["BROWSER"] = browser_script(tmp_path, tamper_state=True)
    p = cli(tui_bin, sandbox, "login", "--pkce", timeout=60)
    assert p.returncode == 1 and "state" in p.stderr, p.stderr
    assert not (sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")).exists()


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_pkce_fixed_port_listens_on_loopback_only_and_cancel_writes_nothing(tui_bin, sandbox, emulator_factory, tmp_path):
    emu = emulator_factory("--accounts", "2")
    setup(sandbox, emu)
    sandbox.env["BROWSER"] = "true"
    port = _free_port()
    proc = subprocess.Popen([tui_bin, "login", "--pkce", "--port", str(port)], env=sandbox.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            raise AssertionError("listener never came up")
        listening = subprocess.run(["cat", "/proc/net/tcp"], capture_output=True, text=True).stdout
        hexport = f"{port:04X}"
        rows = [l.split() for l in listening.splitlines()[1:] if l.split()[1].endswith(":" + hexport) and l.split()[3] == "0A"]
        assert rows and all(r[1].startswith("0100007F:") for r in rows), rows  # 127.0.0.1 only
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 130 and "cancelled" in err, (proc.returncode, err)
    assert not (sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")).exists()


def test_pkce_usage_errors(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2")
    setup(sandbox, emu)
    assert cli(tui_bin, sandbox, "login", "--port", "8080").returncode == 2
