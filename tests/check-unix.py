#!/usr/bin/python3
# tests/check-unix.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The programs as Unix citizens (issue 14), as TAP, one group per meson test:
#
#   check-unix.py version GUI VERSION
#       "smtp-probe --version" prints the version, with no display and no
#       D-Bus;
#   check-unix.py man PAGE PROGRAM
#       every long option PROGRAM's help lists has an entry in the man page,
#       every entry is an option the help lists, and groff -man -ww finds
#       nothing to warn about.
import os
import re
import shutil
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


def help_options(program, option="--help"):
    """The long options that PROGRAM's help lists, without the dashes."""
    out = run([program, option]).stdout
    return set(re.findall(r"^\s+(?:-\S, )?--([a-z0-9][a-z0-9-]*)", out, re.M))


def differences(what, expected, found):
    for name in sorted(expected - found):
        yield f"{what}: --{name} is missing"
    for name in sorted(found - expected):
        yield f"{what}: --{name} is not an option of the program"


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
def check_man(page, program):
    name = os.path.basename(page)
    text = open(page, encoding="utf-8").read()
    # The entries of OPTIONS: the tag line after each .TP.
    options = re.search(r"^\.SH OPTIONS\n(.*?)^\.SH ", text, re.M | re.S)
    entries = set()
    if options:
        for tag in re.findall(r"^\.TP\n(.*)$", options.group(1), re.M):
            entries |= set(re.findall(r"\\-\\-([a-z0-9](?:[a-z0-9]|\\-)*)", tag))
    entries = {e.replace("\\-", "-") for e in entries}
    listed = help_options(program, "--help-all")
    problems = list(differences(name, listed, entries))
    if not listed:
        problems.append(f"{program} --help-all lists no options")
    check(f"/sp/man/{name}/options", problems)

    groff = shutil.which("groff")
    if groff is None:
        skip(f"/sp/man/{name}/lint", "groff is not installed (Debian: groff-base)")
    else:
        problems = []
        # As typeset for print, and as man(1) formats it for an 80-column terminal.
        for options in ([], ["-Tutf8", "-rLL=78n", "-rLT=78n"]):
            lint = run([groff, "-man", "-ww", "-z", *options, page])
            problems += lint.stderr.splitlines()
            if lint.returncode != 0:
                problems.append(f"groff {' '.join(options)} exited with {lint.returncode}")
        check(f"/sp/man/{name}/lint", problems)


# ---------------------------------------------------------------------------
group, args = sys.argv[1], sys.argv[2:]
if group == "version":
    gui, version = args
    check_version("/sp/gui/version", [gui, "--version"], f"smtp-probe {version}\n",
                  env=no_session_env())
elif group == "man":
    check_man(*args)
else:
    sys.exit(f"unknown group {group}")
finish()
