#!/usr/bin/python3
# tests/check-unix.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The programs as Unix citizens (issue 14), as TAP, one group per meson test:
#
#   check-unix.py version GUI VERSION
#       "smtp-probe --version" prints the version, with no display and no
#       D-Bus.
import os
import subprocess
import sys

results = []


def check(name, problems):
    results.append((name, list(problems), None))


def skip(name, reason):
    results.append((name, [], reason))


def finish():
    print(f"1..{len(results)}")
    failed = False
    for i, (name, problems, reason) in enumerate(results, 1):
        for p in problems:
            print(f"# {p}")
        if reason is not None:
            print(f"ok {i} {name} # SKIP {reason}")
        else:
            print(f"{'not ok' if problems else 'ok'} {i} {name}")
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


def run(argv, env=None, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, **kwargs)


# ---------------------------------------------------------------------------
def no_session_env():
    """No display, no session bus: whatever would open a window fails."""
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
    return env


def check_version(name, argv, expected, env=None):
    out = run(argv, env=env)
    problems = []
    if out.returncode != 0:
        problems.append(f"{' '.join(argv)} exited with {out.returncode}: {out.stderr.strip()}")
    if out.stdout != expected:
        problems.append(f"printed {out.stdout!r}, not {expected!r}")
    if out.stderr:
        problems.append(f"stderr: {out.stderr.strip()}")
    check(name, problems)


# ---------------------------------------------------------------------------
group, args = sys.argv[1], sys.argv[2:]
if group == "version":
    gui, version = args
    check_version("/sp/gui/version", [gui, "--version"], f"smtp-probe {version}\n",
                  env=no_session_env())
else:
    sys.exit(f"unknown group {group}")
finish()
