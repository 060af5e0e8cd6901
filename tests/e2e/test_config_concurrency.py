"""Saving under contention: two processes adding profiles at the same time lose nothing, and a
kill -9 in the middle of a save loop never leaves a partial or unparsable config file."""
import os
import random
import signal
import subprocess
import sys
import time

import botocore.configloader

SESSION = "[sso-session s]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n"


def add_cmd(tui_bin, name):
    return [tui_bin, "profiles", "add", name, "--session", "s", "--account", "123456789012", "--role", "R",
            "--region", "us-east-1"]


def test_two_processes_saving_at_once_lose_nothing(tui_bin, sandbox):
    sandbox.write_config("# keep me\n" + SESSION)
    n = 25
    # Each worker is a Python loop running our binary n times; both run at once.
    script = ("import subprocess, sys\n"
              "for i in range(int(sys.argv[2])):\n"
              "    subprocess.run([sys.argv[1], 'profiles', 'add', f'{sys.argv[3]}-{i}', '--session', 's',"
              " '--account', '123456789012', '--role', 'R'], check=True, capture_output=True)\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, tui_bin, str(n), w], env=sandbox.env)
             for w in ("a", "b")]
    for p in procs:
        assert p.wait(timeout=120) == 0
    cfg = botocore.configloader.load_config(str(sandbox.config_path))
    names = set(cfg["profiles"])
    expected = {f"{w}-{i}" for w in ("a", "b") for i in range(n)}
    assert expected <= names, sorted(expected - names)
    assert sandbox.config_path.read_text().startswith("# keep me\n[sso-session s]\n")


def test_kill_9_during_saves_never_leaves_a_partial_file(tui_bin, sandbox):
    # A big file makes each save take long enough to be interrupted in the middle.
    big = "".join(f"[profile filler-{i}]\nregion = us-east-1\n# {'x' * 200}\n" for i in range(800))
    sandbox.write_config(SESSION + big)
    rnd = random.Random(1234)
    # Time one uninterrupted save, so the kills land before, during and after saves whatever
    # the machine's speed.
    t0 = time.monotonic()
    subprocess.run(add_cmd(tui_bin, "warmup"), env=sandbox.env, check=True, capture_output=True)
    save_time = time.monotonic() - t0
    confirmed = {"warmup"}
    killed = 0
    for i in range(25):
        name = f"k-{i}"
        p = subprocess.Popen(add_cmd(tui_bin, name), env=sandbox.env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.0, 1.5 * save_time))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            killed += 1
        rc = p.wait()
        if rc == 0:
            confirmed.add(name)
        # Whatever happened, the file is complete and botocore reads it.
        cfg = botocore.configloader.load_config(str(sandbox.config_path))
        assert "filler-799" in cfg["profiles"]
        assert confirmed <= set(cfg["profiles"])
        # The backup, if any, is complete too.
        bak = sandbox.aws / "config.bak"
        if bak.exists():
            assert "filler-799" in botocore.configloader.load_config(str(bak))["profiles"]
    assert killed > 0 and len(confirmed) > 1, (killed, confirmed)
    # The next save cleans up temporary files a killed writer left behind.
    p = subprocess.run(add_cmd(tui_bin, "final"), env=sandbox.env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert sorted(f.name for f in sandbox.aws.iterdir()) == ["config", "config.bak", "config.lock"]
