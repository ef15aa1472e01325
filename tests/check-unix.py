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
#       nothing to warn about;
#   check-unix.py completion CLI BASH ZSH FISH
#       each completion file names every long option of CLI --help and no
#       other; the bash one completes options, values and files when its
#       function is called as bash calls it; the zsh and fish ones parse;
#       the fish one completes the same on its own command line.
import os
import re
import shutil
import subprocess
import sys
import tempfile

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
BASH_RUN = r"""
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_smtp_probe_cli
printf '%s\n' "${COMPREPLY[@]}"
"""

# A working directory to complete file names in.
FILES = ["a.html", "b.csv", "c.txt", "d.pem", "e.crt", "notes.md"]
DIRS = ["sub"]


def bash_cases(options, scenarios):
    """(words after the program, expected completions)"""
    return [
        (["--"], {"--" + o for o in options}),
        (["--ti"], {"--timeout"}),
        (["--tls", ""], {"off", "opportunistic", "required", "implicit"}),
        (["--tls", "=", "re"], {"required"}),
        (["--color", "="], {"auto", "always", "never"}),
        (["--notify", ""], {"success", "failure", "delay", "never"}),
        (["--notify", "success,d"], {"success,delay"}),
        (["--practice", ""], {"list"} | scenarios),
        (["--output", ""], {"a.html", "c.txt", "sub"}),
        (["-o", "", ], {"a.html", "c.txt", "sub"}),
        (["--batch", "x", "--output", ""], {"b.csv", "c.txt", "sub"}),
        (["--ca-file", "="], {"d.pem", "e.crt", "sub"}),
        (["--batch", ""], {"-"} | set(FILES) | set(DIRS)),
        (["--from", ""], set()),
        (["--server", "mx"], set()),
        (["kate@ex"], set()),
    ]


def fish_cases(options, scenarios):
    """(command line after the program, expected completions)"""
    return [
        ("--", {"--" + o for o in options}),
        ("--tls ", {"off", "opportunistic", "required", "implicit"}),
        ("--tls=re", {"--tls=required"}),
        ("--color ", {"auto", "always", "never"}),
        ("--practice ", {"list"} | scenarios),
        ("--output ", {"a.html", "c.txt", "sub/"}),
        ("--batch x --output=", {"--output=b.csv", "--output=c.txt", "--output=sub/"}),
        ("--ca-file ", {"d.pem", "e.crt", "sub/"}),
    ]


def compare(case, expected, found):
    if expected != found:
        yield (f"{case!r}: expected {sorted(expected)}, got {sorted(found)}")


def check_completion(cli, bash_file, zsh_file, fish_file):
    options = help_options(cli)
    if not options:
        check("/sp/completion/help", [f"{cli} --help lists no options"])
        return
    scenarios = {line.split("\t")[0] for line in run([cli, "--practice", "list"]).stdout.splitlines()}

    # Every long option, and nothing else that looks like one.
    named = {
        "bash": set(re.findall(r"(?<![\w-])--([a-z0-9][a-z0-9-]*)", open(bash_file).read())),
        "zsh": set(re.findall(r"(?<![\w-])--([a-z0-9][a-z0-9-]*)", open(zsh_file).read())),
        "fish": set(re.findall(r"^complete\b.*?\s-l ([a-z0-9][a-z0-9-]*)",
                               open(fish_file).read(), re.M)),
    }
    for shell, found in named.items():
        check(f"/sp/completion/{shell}/options", differences(shell, options, found))

    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.abspath(cli)) + os.pathsep + env.get("PATH", "")
    with tempfile.TemporaryDirectory(prefix="completion-") as work:
        for f in FILES:
            open(os.path.join(work, f), "w").close()
        for d in DIRS:
            os.mkdir(os.path.join(work, d))

        problems = []
        for words, expected in bash_cases(options, scenarios):
            out = run(["bash", "-c", BASH_RUN, "bash", os.path.abspath(bash_file),
                       "smtp-probe-cli", *words], env=env, cwd=work)
            if out.returncode != 0 or out.stderr:
                problems.append(f"{words!r}: exit {out.returncode}, {out.stderr.strip()}")
            problems += compare(words, expected, set(filter(None, out.stdout.split("\n"))))
        check("/sp/completion/bash/complete", problems)

        # Each shell reads its file without running it (-n).
        for shell, path in (("zsh", zsh_file), ("fish", fish_file)):
            if shutil.which(shell) is None:
                skip(f"/sp/completion/{shell}/parse", f"{shell} is not installed")
                continue
            out = run([shell, "-n", path])
            check(f"/sp/completion/{shell}/parse",
                  out.stderr.splitlines() + ([f"{shell} -n exited with {out.returncode}"]
                                             if out.returncode else []))

        fish = shutil.which("fish")
        if fish is None:
            skip("/sp/completion/fish/complete", "fish is not installed")
        else:
            problems = []
            for line, expected in fish_cases(options, scenarios):
                out = run([fish, "--no-config", "-c",
                           'source $argv[1]; complete -C"smtp-probe-cli $argv[2]"',
                           os.path.abspath(fish_file), line], env=env, cwd=work)
                if out.returncode != 0 or out.stderr:
                    problems.append(f"{line!r}: exit {out.returncode}, {out.stderr.strip()}")
                found = {l.split("\t")[0] for l in out.stdout.splitlines()}
                problems += compare(line, expected, found)
            check("/sp/completion/fish/complete", problems)


# ---------------------------------------------------------------------------
group, args = sys.argv[1], sys.argv[2:]
if group == "version":
    gui, version = args
    check_version("/sp/gui/version", [gui, "--version"], f"smtp-probe {version}\n",
                  env=no_session_env())
elif group == "man":
    check_man(*args)
elif group == "completion":
    check_completion(*args)
else:
    sys.exit(f"unknown group {group}")
finish()
