"""The daily loop (issue 12): exec, shell switching (use / shell-init / awsp), auto-login,
completion of names. The real binary against the emulator; botocore and real shells judge."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import run_botocore

CONFIG = """\
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = acme
sso_account_id = {a0}
sso_role_name = {r0}
region = eu-west-1

[profile ops]
sso_session = acme
sso_account_id = {a1}
sso_role_name = {r1}
"""

# botocore, from the environment alone (no profile, no config file): which keys it got.
CHILD = r"""
import json, os, botocore.session
os.environ["AWS_CONFIG_FILE"] = "/nonexistent"
c = botocore.session.Session().get_credentials()
print(json.dumps({"ak": c.access_key, "method": c.method, "region": os.environ.get("AWS_REGION"),
                  "dregion": os.environ.get("AWS_DEFAULT_REGION"), "profile": os.environ.get("AWS_PROFILE"),
                  "dprofile": os.environ.get("AWS_DEFAULT_PROFILE"), "label": os.environ.get("AWS_SSO_TUI_PROFILE"),
                  "exp": os.environ.get("AWS_CREDENTIAL_EXPIRATION")}))
"""


def pairs(emu):
    accts = emu.org()["accounts"]
    return [(a["accountId"], a["roles"][0]) for a in accts]


def setup(sandbox, emu):
    p = pairs(emu)
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(a0=p[0][0], r0=p[0][1], a1=p[1][0], r1=p[1][1]))
    return p


def cli(tui_bin, sandbox, *args, timeout=60, input=None, env=None, **kw):
    return subprocess.run([tui_bin, *args], env=env or sandbox.env, capture_output=True, text=True,
                          timeout=timeout, input=input, **kw)


def login(tui_bin, sandbox):
    p = cli(tui_bin, sandbox, "login", "--session", "acme", "--no-browser")
    assert p.returncode == 0, p.stderr


def role_requests(emu):
    return [(r["query"].get("account_id"), r["query"].get("role_name")) for r in emu.requests("GetRoleCredentials")]


@pytest.fixture
def logged_in(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "6", "--auto-approve-after", "0")
    p = setup(sandbox, emu)
    login(tui_bin, sandbox)
    emu.clear_requests()
    return emu, p


# ---------------------------------------------------------------- exec

def test_exec_gives_botocore_the_profiles_role_from_the_environment_alone(tui_bin, sandbox, logged_in):
    emu, p = logged_in
    env = dict(sandbox.env, AWS_PROFILE="ops", AWS_DEFAULT_PROFILE="ops")
    r = cli(tui_bin, sandbox, "exec", "--profile", "dev", "--", sys.executable, "-c", CHILD, env=env)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["ak"].startswith("ASIA") and got["method"] == "env"
    assert got["region"] == got["dregion"] == "eu-west-1"
    assert got["profile"] is None and got["dprofile"] is None, "AWS_PROFILE would make SDKs look elsewhere"
    assert got["label"] == "dev" and got["exp"].endswith("+00:00")
    assert role_requests(emu) == [p[0]], "GetRoleCredentials for dev's (account, role)"
    # The shared AWS CLI v2 cache: a second run asks the portal nothing and gets the same keys.
    emu.clear_requests()
    again = json.loads(cli(tui_bin, sandbox, "exec", "--profile", "dev", "--", sys.executable, "-c", CHILD).stdout)
    assert again["ak"] == got["ak"] and role_requests(emu) == []
    # They are the ones in the AWS CLI v2 cache (what `aws` with this profile would use).
    cached = [json.loads(f.read_text())["Credentials"]["AccessKeyId"] for f in (sandbox.aws / "cli" / "cache").glob("*.json")]
    assert cached == [got["ak"]]


def test_exec_defaults_to_aws_profile_and_takes_account_and_role(tui_bin, sandbox, logged_in):
    emu, p = logged_in
    env = dict(sandbox.env, AWS_PROFILE="ops")
    got = json.loads(cli(tui_bin, sandbox, "exec", "--", sys.executable, "-c", CHILD, env=env).stdout)
    assert got["label"] == "ops" and got["region"] is None and got["profile"] is None
    assert role_requests(emu) == [p[1]]
    emu.clear_requests()
    acct, role = p[2]
    r = cli(tui_bin, sandbox, "exec", "--session", "acme", "--account", acct, "--role", role, "--region", "ap-south-1",
            "--", sys.executable, "-c", CHILD)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["label"] == f"{acct}/{role}" and got["region"] == got["dregion"] == "ap-south-1"
    assert role_requests(emu) == [(acct, role)]


def test_exec_exit_status_stdio_and_not_found(tui_bin, sandbox, logged_in):
    r = cli(tui_bin, sandbox, "exec", "--profile", "dev", "--", "sh", "-c", "exit 7")
    assert r.returncode == 7
    r = cli(tui_bin, sandbox, "exec", "--profile", "dev", "--", "sh", "-c", 'kill -TERM $$')
    assert r.returncode == -signal.SIGTERM, "killed by the signal itself (a shell shows 143)"
    r = subprocess.run(["sh", "-c", f"'{tui_bin}' exec --profile dev -- sh -c 'kill -INT $$'; echo $?"],
                       env=sandbox.env, capture_output=True, text=True)
    assert r.stdout.strip() == "130"
    r = cli(tui_bin, sandbox, "exec", "--profile", "dev", "--", "cat", input="piped in\n")
    assert r.returncode == 0 and r.stdout == "piped in\n"
    r = cli(tui_bin, sandbox, "exec", "--profile", "dev", "--", "sh", "-c", "echo to-stderr >&2")
    assert r.stderr == "to-stderr\n" and r.stdout == ""
    r = cli(tui_bin, sandbox, "exec", "--profile", "dev", "--", "no-such-command-xyz")
    assert r.returncode == 127 and "no-such-command-xyz: command not found" in r.stderr and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1
    r = cli(tui_bin, sandbox, "exec", "--profile", "dev")
    assert r.returncode == 2 and "needs a command" in r.stderr
    r = cli(tui_bin, sandbox, "exec", "--profile", "nope", "--", "true")
    assert r.returncode == 1 and "nope" in r.stderr


def test_exec_sigterm_reaches_the_command(tui_bin, sandbox, logged_in):
    prog = ("import signal, sys, time\n"
            "signal.signal(signal.SIGTERM, lambda *a: (print('got TERM', flush=True), sys.exit(5)))\n"
            "print('ready', flush=True)\n"
            "time.sleep(30)\n")
    proc = subprocess.Popen([tui_bin, "exec", "--profile", "dev", "--", sys.executable, "-c", prog],
                            env=sandbox.env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "ready\n"
    proc.send_signal(signal.SIGTERM)
    assert proc.stdout.readline() == "got TERM\n"
    assert proc.wait(timeout=10) == 5


def test_exec_does_not_leak_our_descriptors_but_keeps_the_callers(tui_bin, sandbox, logged_in, tmp_path):
    out = tmp_path / "fd3"
    r = subprocess.run(["sh", "-c", f"'{tui_bin}' exec --profile dev -- sh -c 'ls /proc/self/fd; echo via3 >&3' 3>'{out}'"],
                       env=sandbox.env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    fds = sorted(int(x) for x in r.stdout.split())
    assert out.read_text() == "via3\n"
    assert fds == [0, 1, 2, 3, 4] or fds == [0, 1, 2, 3], fds   # 4: ls's own directory handle


# ---------------------------------------------------------------- use / shell-init / awsp

SHELLS = {
    "bash": (["bash", "--norc", "--noprofile", "-i"], 'eval "$({bin} shell-init bash)"'),
    "zsh": (["zsh", "-f", "-i"], 'eval "$({bin} shell-init zsh)"'),
    "fish": (["fish", "--no-config", "-i"], "{bin} shell-init fish | source"),
}


def start_shell(tmux, sandbox, tui_bin, shell, width=100, height=30):
    argv, init = SHELLS[shell]
    env = dict(sandbox.env, PS1="$ ", SHELL=argv[0])
    tmux.start(argv, env, width=width, height=height, record_stty=False)
    tmux.type(init.format(bin=tui_bin) + "; echo INIT-DONE")
    tmux.send("Enter")
    tmux.wait_until(
        lambda s: any(l.strip() == "INIT-DONE" for l in s.splitlines()), "the init line to run")


def run_line(tmux, line, marker):
    tmux.type(line)
    tmux.send("Enter")
    return tmux.wait_until(lambda s: any(l.startswith(marker) for l in s.splitlines()), repr(marker))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_awsp_switches_clears_and_completes_in_a_real_shell(tui_bin, sandbox, emulator, tmux, shell):
    setup(sandbox, emulator)
    start_shell(tmux, sandbox, tui_bin, shell)
    run_line(tmux, ("set -gx AWS_ACCESS_KEY_ID stale" if shell == "fish" else "export AWS_ACCESS_KEY_ID=stale") + "; echo SET1", "SET1")
    s = run_line(tmux, 'awsp dev; echo "A=[$AWS_PROFILE] R=[$AWS_REGION] D=[$AWS_DEFAULT_REGION] K=[$AWS_ACCESS_KEY_ID]"', "A=[")
    assert "A=[dev] R=[eu-west-1] D=[eu-west-1] K=[]" in s
    s = run_line(tmux, 'awsp ops; echo "B=[$AWS_PROFILE] R=[$AWS_REGION]"', "B=[")
    assert "B=[ops] R=[]" in s, "the region awsp set for dev goes with it"
    s = run_line(tmux, 'awsp -; echo "C=[$AWS_PROFILE]"', "C=[")
    assert "C=[]" in s
    s = run_line(tmux, 'awsp opz; echo "E=[$AWS_PROFILE]"', "E=[")
    assert "profile opz not found" in s and "closest: ops" in s and "E=[]" in s
    # A region the user set is not removed by awsp -.
    run_line(tmux, ("set -gx AWS_REGION sa-east-1" if shell == "fish" else "export AWS_REGION=sa-east-1") + "; echo SET2", "SET2")
    s = run_line(tmux, 'awsp ops; awsp -; echo "F=[$AWS_REGION]"', "F=[")
    assert "F=[sa-east-1]" in s
    # Tab after `awsp ` lists the profile names.
    tmux.send("C-l")
    tmux.type("awsp ")
    tmux.send("Tab")
    if shell == "bash":
        tmux.send("Tab")
    s = tmux.wait_until(lambda s: "dev" in s.replace("awsp ", "") and "ops" in s.split("awsp ", 1)[-1], "completions")
    tmux.type("o")
    tmux.send("Tab")
    tmux.wait_for("awsp ops")
    tmux.send("C-u")


# ---------------------------------------------------------------- auto-login

def expire_login(sandbox, emu):
    """The cached token expired and its refresh token refused: a login is needed."""
    import hashlib
    path = sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")
    tok = json.loads(path.read_text())
    tok["expiresAt"] = "2020-01-01T00:00:00Z"
    path.write_text(json.dumps(tok))
    emu.expire_tokens(refresh=True)


@pytest.fixture
def expired(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "6", "--auto-approve-after", "0")
    p = setup(sandbox, emu)
    login(tui_bin, sandbox)
    # From now on approvals are by hand (the test approves what is shown on the terminal).
    emu.stop()
    emu2 = emulator_factory("--accounts", "6")
    sandbox.point_at(emu2.url)
    expire_login(sandbox, emu2)
    del sandbox.env["AWS_SSO_TUI_NO_LOGIN"]
    return emu2, p


def approve_shown_code(tmux, emu):
    auth = emu.wait_for_authorization(timeout=20)
    tmux.wait_for(auth["userCode"])
    emu.approve(auth["userCode"])
    return auth["userCode"]


def test_export_credentials_logs_in_on_the_terminal_then_prints_to_stdout(tui_bin, sandbox, expired, tmux, tmp_path):
    emu, p = expired
    out = tmp_path / "out.json"
    tmux.start(["sh", "-c", f"'{tui_bin}' export-credentials --profile dev > '{out}'"], sandbox.env, width=120)
    tmux.wait_for("needs a login")
    code = approve_shown_code(tmux, emu)
    assert tmux.wait_exit(timeout=30) == 0
    text = out.read_text()
    creds = json.loads(text)
    assert creds["Version"] == 1 and creds["AccessKeyId"].startswith("ASIA")
    assert code not in text and "http" not in text, "only the result goes to stdout"
    assert (p[0][0], p[0][1]) in role_requests(emu)


def test_credential_process_profile_used_by_botocore_logs_in_on_the_terminal(tui_bin, sandbox, expired, tmux, tmp_path):
    emu, p = expired
    with open(sandbox.config_path, "a") as f:
        f.write(f"\n[profile dev-process]\ncredential_process = {tui_bin} credential-process --profile dev\n")
    out = tmp_path / "ak"
    prog = ("import botocore.session\n"
            "c = botocore.session.Session(profile='dev-process').get_credentials().get_frozen_credentials()\n"
            f"open({str(out)!r}, 'w').write(c.access_key)\n")
    tmux.start([sys.executable, "-c", prog], sandbox.env, width=120)
    approve_shown_code(tmux, emu)
    assert tmux.wait_exit(timeout=30) == 0, tmux.screen()
    assert out.read_text().startswith("ASIA")


def test_without_a_terminal_or_with_no_login_it_exits_3_and_prints_nothing(tui_bin, sandbox, expired, tmux, tmp_path):
    emu, p = expired
    for cmd in (["export-credentials", "--profile", "dev"], ["credential-process", "--profile", "dev"],
                ["exec", "--profile", "dev", "--", "true"], ["accounts"], ["roles"], ["populate", "--dry-run"],
                ["console", "--profile", "dev", "--print"]):
        r = subprocess.run([tui_bin, *cmd], env=sandbox.env, capture_output=True, text=True, timeout=30,
                           start_new_session=True, stdin=subprocess.DEVNULL)
        assert r.returncode == 3, (cmd, r.stderr)
        assert r.stdout == "" and "run: aws-sso-tui login --session acme" in r.stderr, cmd
    r = cli(tui_bin, sandbox, "credential-process", "--profile", "dev", env=dict(sandbox.env, AWS_SSO_TUI_NO_LOGIN="1"),
            start_new_session=True)
    assert r.returncode == 3 and r.stdout == ""
    assert emu.authorizations() == [], "no login was started"
    # In a terminal, --no-login does the same.
    tmux.start(["sh", "-c", f"'{tui_bin}' export-credentials --profile dev --no-login > '{tmp_path}/o'"],
               sandbox.env, width=120)
    assert tmux.wait_exit(timeout=30) == 3
    assert (tmp_path / "o").read_text() == "" and "login" in tmux.screen()
    assert emu.authorizations() == []


# ---------------------------------------------------------------- completion of names

COMPLETION_INIT = {
    "bash": 'source <(aws-sso-tui completion bash)',
    "zsh": 'autoload -Uz compinit && compinit -u; source <(aws-sso-tui completion zsh)',
    "fish": "aws-sso-tui completion fish | source",
}


def complete_line(tmux, shell, text, expect, tabs=None):
    """Type `text`, press Tab (twice in bash), wait until every string in `expect` shows after it."""
    tmux.send("C-l")
    tmux.type(text)
    tmux.send("Tab")
    if shell == "bash" and (tabs or 2) > 1:
        tmux.send("Tab")
    s = tmux.wait_until(lambda s: all(e in s for e in expect), f"completions {expect} for {text!r}")
    tmux.send("C-u")
    if shell == "fish":
        tmux.send("Escape")
    tmux.wait_until(lambda s: text not in s, "the line to clear")
    return s


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_profile_session_and_format_names_complete_from_the_config(tui_bin, sandbox, emulator, tmux, tmp_path, shell):
    setup(sandbox, emulator)
    other = tmp_path / "other-config"
    other.write_text("[sso-session elsewhere]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n"
                     "[profile far-away]\nsso_session = elsewhere\nsso_account_id = 111111111111\nsso_role_name = R\n")
    argv, _ = SHELLS[shell]
    env = dict(sandbox.env, PS1="$ ", PATH=f"{os.path.dirname(tui_bin)}:{sandbox.env['PATH']}")
    tmux.start(argv, env, width=250, height=30, record_stty=False)
    tmux.type(COMPLETION_INIT[shell] + "; echo INIT-DONE")
    tmux.send("Enter")
    tmux.wait_until(lambda s: any(l.strip() == "INIT-DONE" for l in s.splitlines()), "the completion script to load")
    complete_line(tmux, shell, "aws-sso-tui export-credentials --profile ", ["dev", "ops"])
    complete_line(tmux, shell, "aws-sso-tui exec --profile d", ["--profile dev"], tabs=1)
    complete_line(tmux, shell, "aws-sso-tui accounts --session ", ["--session acme"], tabs=1)
    complete_line(tmux, shell, "aws-sso-tui export-credentials --format ", ["env-no-export", "powershell", "windows-cmd"])
    # Read at completion time, from the config the command line names.
    complete_line(tmux, shell, f"aws-sso-tui roles --config {other} --session ", ["--session elsewhere"], tabs=1)
    with open(sandbox.config_path, "a") as f:
        f.write("\n[profile added-later]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = R\n")
    complete_line(tmux, shell, "aws-sso-tui console --profile add", ["--profile added-later"], tabs=1)


# ---------------------------------------------------------------- global options, CLI text (issue 11)

def test_global_options_before_the_subcommand_as_in_the_aws_cli_and_git(tui_bin, sandbox, logged_in, tmp_path):
    other = tmp_path / "other"
    other.write_text("[profile far-away]\nregion = eu-west-3\n")
    for args in (["--config", str(other), "profiles", "list"], [f"--config={other}", "profiles"],
                 ["profiles", "list", "--config", str(other)], ["--config", str(other), "profiles", "list", "--json"]):
        r = cli(tui_bin, sandbox, *args)
        assert r.returncode == 0 and "far-away" in r.stdout and "dev" not in r.stdout, (args, r.stderr)
    r = cli(tui_bin, sandbox, "--config", str(other), "use", "far-away", "--shell", "fish")
    assert r.returncode == 0 and "set -gx AWS_REGION 'eu-west-3'" in r.stdout
    # exec's command keeps its own --config.
    r = cli(tui_bin, sandbox, "--config", str(sandbox.config_path), "exec", "--profile", "dev", "--", "echo", "--config", "x")
    assert r.returncode == 0 and r.stdout == "--config x\n", r.stderr


def test_cli_text_version_defaults_and_populate_session(tui_bin, sandbox, logged_in):
    assert cli(tui_bin, sandbox, "--version").returncode == 0
    assert "--version" in cli(tui_bin, sandbox, "--help").stdout
    for sub in ("login", "exec", "roles", "populate", "export-credentials"):
        h = cli(tui_bin, sandbox, sub, "--help").stdout
        assert "--version" not in h, sub
        assert "(default 16). (default: 16)" not in h and h.count("(default: 16)") <= 1, sub
    r = cli(tui_bin, sandbox, "populate", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "populate acme:" in r.stderr, r.stderr
    r = cli(tui_bin, sandbox, "export-credentials", "--profile", "dve")
    assert r.returncode == 1 and "profile dve not found" in r.stderr and "closest: dev" in r.stderr


# ---------------------------------------------------------------- the picker (awsp)

BETA = """
[sso-session beta]
sso_start_url = https://beta.awsapps.com/start
sso_region = eu-north-1

[profile wh]
sso_session = beta
sso_account_id = 999999999901
sso_role_name = DataScientist
region = eu-north-1
"""


def with_second_session(sandbox):
    """A second session, not logged in, known from its cached account tree."""
    with open(sandbox.config_path, "a") as f:
        f.write(BETA)
    d = sandbox.home / ".cache" / "aws-sso-tui"
    d.mkdir(parents=True, exist_ok=True)
    import hashlib
    tree = {"accounts": [{"accountId": "999999999901", "accountName": "zeta-warehouse", "roles": ["AdministratorAccess", "DataScientist"]},
                         {"accountId": "999999999902", "accountName": "zeta-ledger", "roles": ["ReadOnlyAccess"]}],
            "savedAt": "2026-01-01T00:00:00Z", "session": "beta", "startUrl": "https://beta.awsapps.com/start", "version": 1}
    (d / f"accounts-{hashlib.sha1(b'beta').hexdigest()}.json").write_text(json.dumps(tree))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_awsp_picker_finds_a_role_of_the_second_session_and_switches(tui_bin, sandbox, logged_in, tmux, shell):
    emu, p = logged_in
    with_second_session(sandbox)
    start_shell(tmux, sandbox, tui_bin, shell, width=140, height=30)
    tmux.type("awsp")
    tmux.send("Enter")
    # Rows of both sessions: the live listing of acme and the cached tree of beta.
    tmux.wait_for("zeta-warehouse")
    tmux.wait_for(emu.org()["accounts"][0]["accountName"] or emu.org()["accounts"][0]["accountId"])
    tmux.type("data ware")           # two words, in the other order
    s = tmux.wait_until(lambda s: "2/" not in s and "beta" in s and "DataScientist" in s and "→ wh" in s, "the filtered row")
    tmux.send("Enter")
    tmux.wait_gone("Pick a role")
    s = run_line(tmux, 'echo "P=[$AWS_PROFILE] R=[$AWS_REGION]"', "P=[")
    assert "P=[wh] R=[eu-north-1]" in s
    # Esc leaves the shell as it was.
    tmux.send("C-l")
    tmux.type("awsp")
    tmux.send("Enter")
    tmux.wait_until(lambda s: "Pick a role" in s and "zeta-ledger" in s, "the picker")
    tmux.type("ledger")
    tmux.send("Escape")
    tmux.wait_gone("Pick a role")
    s = run_line(tmux, 'echo "Q=[$AWS_PROFILE]"', "Q=[")
    assert "Q=[wh]" in s


def test_picker_enter_on_a_role_without_profile_names_one_and_switches(tui_bin, sandbox, logged_in, tmux):
    emu, p = logged_in
    with_second_session(sandbox)
    start_shell(tmux, sandbox, tui_bin, "bash", width=140, height=30)
    tmux.type("awsp")
    tmux.send("Enter")
    tmux.wait_for("zeta-warehouse")
    tmux.type("ware admin")
    tmux.wait_until(lambda s: "(no profile)" in s and "AdministratorAccess" in s and "zeta-warehouse" in s, "the row")
    tmux.send("Enter")
    tmux.wait_for("New profile")
    tmux.wait_for("zeta-warehouse-administrator")
    tmux.send("Enter")
    tmux.wait_gone("Pick a role")
    s = run_line(tmux, 'echo "N=[$AWS_PROFILE] R=[$AWS_REGION]"', "N=[")
    assert "N=[zeta-warehouse-administrator] R=[eu-north-1]" in s
    text = sandbox.config_path.read_text()
    assert "[profile zeta-warehouse-administrator]\nsso_session = beta\nsso_account_id = 999999999901\n" \
           "sso_role_name = AdministratorAccess\nregion = eu-north-1\n" in text
    # Recently used first: the next awsp shows it at the top.
    tmux.send("C-l")
    tmux.type("awsp")
    tmux.send("Enter")
    s = tmux.wait_until(lambda s: "Pick a role" in s and "zeta-ledger" in s, "the picker")
    rows = [l for l in s.splitlines() if "→" in l or "(no profile)" in l]
    assert "zeta-warehouse-administrator" in rows[0], rows[:3]
    tmux.send("Escape")
