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
#       function is called as bash calls it; the zsh and fish ones parse,
#       and complete the same on a command line typed into each shell;
#   check-unix.py install BUILDDIR MESON PREFIX BINDIR DATADIR MANDIR LOCALEDIR
#                         APP_ID VERSION GUI LINGUAS_FILE
#       "meson install --no-rebuild --destdir" puts every file in its place,
#       and the installed CLI and app start from there.
#
# "meson install --no-rebuild" copies what the build made without starting
# ninja, so the install group runs beside the other tests.
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

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


def zsh_cases(options, scenarios):
    """(command line after the program, expected completions, without prefixes)"""
    return [
        ("--", {"--" + o for o in options}),
        ("--tls ", {"off", "opportunistic", "required", "implicit"}),
        ("--tls=re", {"required"}),
        ("--color=", {"auto", "always", "never"}),
        ("--notify=success,", {"failure", "delay", "never"}),
        ("--practice ", {"list"} | scenarios),
        ("--output ", {"a.html", "c.txt", "sub"}),
        ("-b x --output ", {"b.csv", "c.txt", "sub"}),
        ("--ca-file=", {"d.pem", "e.crt", "sub"}),
        ("--from ", set()),
    ]


# zsh completes only in its line editor, so this types each command line and
# a Tab into an interactive zsh on a pseudo-terminal (zpty) and records what
# the completion functions add (compadd). The markers are split in what is
# typed, so that the terminal's echo of it never looks like them.
ZSH_RUN = r"""
zmodload zsh/zpty
typeset -F SECONDS
local dir=$1 out chunk line
shift
zpty z zsh -f -i
zpty -w z "PS1=''; PS2=''; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits
  builtin compadd -A hits "$@"
  local hit; for hit in $hits; do print -r -- "<hi""t>$hit</hit>"; done
  builtin compadd "$@"
}'
zpty -w z 'zstyle ":completion:*" list-prompt ""; LISTMAX=100000; setopt nobeep'
wait_for () {
  local -F deadline=$(( SECONDS + 20 ))
  out=
  while [[ $out != *$1$'\r'* ]]; do
    if (( SECONDS > deadline )); then print -r -- "<timeout>"; zpty -d z; exit 1; fi
    zpty -r -t z chunk && out+=$chunk || sleep 0.05
  done
}
zpty -w z "print '<re''ady>'"
wait_for '<ready>'
for line in "$@"; do
  zpty -w -n z "smtp-probe-cli $line"$'\t'
  zpty -w z $'\C-e\C-u'"print '<e''nd>'"
  wait_for '<end>'
  print -r -- "<case>$line</case>"
  print -r -- ${(M)${(f)out}:#*<hit>*}
done
zpty -d z
"""


def compare(case, expected, found):
    if expected != found:
        yield (f"{case!r}: expected {sorted(expected)}, got {sorted(found)}")


def check_completion(cli, bash_file, zsh_file, fish_file):
    options = help_options(cli)
    if not options:
        check("/sp/completion/help", [f"{cli} --help lists no options"])
        return
    listed = run([cli, "--practice", "list"]).stdout
    scenarios = {line.split("\t")[0] for line in listed.splitlines()}

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

        zsh = shutil.which("zsh")
        if zsh is None:
            skip("/sp/completion/zsh/complete", "zsh is not installed")
        else:
            cases = zsh_cases(options, scenarios)
            out = run([zsh, "-f", "-c", ZSH_RUN, "zsh", os.path.dirname(os.path.abspath(zsh_file)),
                       *(line for line, _ in cases)], env=env, cwd=work)
            problems = [] if out.returncode == 0 else [f"exit {out.returncode}: {out.stderr}"]
            found = {}
            for case, hits in re.findall(r"<case>(.*?)</case>(.*?)(?=<case>|\Z)", out.stdout,
                                         re.S):
                found[case] = set(re.findall(r"<hit>(.*?)</hit>", hits))
            for line, expected in cases:
                if line not in found:
                    problems.append(f"{line!r}: no answer")
                else:
                    problems += compare(line, expected, found[line])
            check("/sp/completion/zsh/complete", problems)

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
def check_gui_starts(name, gui, destdir, datadir, app_id):
    """The installed app opens its window, on the X server of the test run."""
    if not os.environ.get("DISPLAY") or shutil.which("xdotool") is None:
        skip(name, "needs an X display (the gui suite's Xvfb) and xdotool")
        return
    schemas = os.path.join(destdir, datadir.lstrip("/"), "glib-2.0", "schemas")
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="schemas-") as compiled:
        # meson does not compile schemas into a DESTDIR; the app needs them compiled.
        out = run(["glib-compile-schemas", "--targetdir", compiled, schemas])
        if out.returncode != 0:
            check(name, [f"glib-compile-schemas: {out.stderr.strip()}"])
            return
        env.update(GSETTINGS_SCHEMA_DIR=compiled, GSETTINGS_BACKEND="memory",
                   GDK_BACKEND="x11", GSK_RENDERER="cairo",
                   XDG_DATA_DIRS=os.path.join(destdir, datadir.lstrip("/")) + os.pathsep +
                   os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share"),
                   # No bus: the app runs on its own instead of handing its options to
                   # another SMTP Probe that a GUI test may have on the session bus.
                   DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent/bus")
        app = subprocess.Popen([gui, "--practice", "accepted"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        problems = []
        window = None
        deadline = time.monotonic() + 30
        while window is None and app.poll() is None and time.monotonic() < deadline:
            out = run(["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)])
            if out.stdout.strip():
                window = out.stdout.split()[0]
            else:
                time.sleep(0.2)
        if window is None:
            problems.append("no window appeared within 30 seconds" if app.poll() is None
                            else f"the app exited with {app.returncode} before its window")
        else:
            title = run(["xdotool", "getwindowname", window]).stdout.strip()
            print(f"# window {window}: {title}")
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
        _, err = app.communicate(timeout=30)
        if err.strip():
            print("# " + err.strip().replace("\n", "\n# "))
        check(name, problems)


def check_install(builddir, meson, prefix, bindir, datadir, mandir, localedir, app_id,
                  version, gui, linguas):
    gui = gui == "true"
    with tempfile.TemporaryDirectory(prefix="install-") as destdir:
        out = run([meson, "install", "-C", builddir, "--no-rebuild", "--destdir", destdir])
        if out.returncode != 0:
            check("/sp/install/meson-install", [l for l in (out.stdout + out.stderr).splitlines()])
            return
        check("/sp/install/meson-install", [])

        def under(*parts):
            path = os.path.join(*parts)
            if not os.path.isabs(path):
                path = os.path.join(prefix, path)
            return os.path.join(destdir, path.lstrip("/"))

        expected = [
            under(bindir, "smtp-probe-cli"),
            under(mandir, "man1", "smtp-probe-cli.1"),
            under(datadir, "bash-completion", "completions", "smtp-probe-cli"),
            under(datadir, "zsh", "site-functions", "_smtp-probe-cli"),
            under(datadir, "fish", "vendor_completions.d", "smtp-probe-cli.fish"),
        ]
        # po/LINGUAS: the languages, separated by blanks, and "#" comments.
        languages = re.sub(r"#.*", "", open(linguas, encoding="utf-8").read()).split()
        expected += [under(localedir, lang, "LC_MESSAGES", "smtp-probe.mo")
                     for lang in languages]
        if gui:
            expected += [
                under(bindir, "smtp-probe"),
                under(mandir, "man1", "smtp-probe.1"),
                under(datadir, "applications", f"{app_id}.desktop"),
                under(datadir, "metainfo", f"{app_id}.metainfo.xml"),
                under(datadir, "glib-2.0", "schemas", f"{app_id}.gschema.xml"),
                under(datadir, "icons", "hicolor", "scalable", "apps", f"{app_id}.svg"),
                under(datadir, "icons", "hicolor", "symbolic", "apps", f"{app_id}-symbolic.svg"),
            ]
        problems = [f"not installed: {os.path.relpath(p, destdir)}"
                    for p in expected if not os.path.isfile(p)]
        problems += [f"not executable: {os.path.relpath(p, destdir)}"
                     for p in expected[:1] if os.path.isfile(p) and not os.access(p, os.X_OK)]
        # The man pages say which version they document.
        for page in (p for p in expected if p.endswith(".1") and os.path.isfile(p)):
            if f'"SMTP Probe {version}"' not in open(page, encoding="utf-8").read():
                problems.append(f"{os.path.basename(page)} does not name version {version}")
        check("/sp/install/files", problems)

        cli = under(bindir, "smtp-probe-cli")
        check_version("/sp/install/cli-version", [cli, "--version"], f"smtp-probe-cli {version}\n")
        # A whole test, on a simulated server on loopback, from the installed binary alone.
        out = run([cli, "--practice", "accepted", "--no-send", "--color=never"])
        check("/sp/install/cli-practice",
              [] if out.returncode == 0 and "250 2.1.5" in out.stdout else
              [f"exit {out.returncode}", *out.stdout.splitlines()[-5:], *out.stderr.splitlines()])
        if gui:
            check_version("/sp/install/gui-version", [under(bindir, "smtp-probe"), "--version"],
                          f"smtp-probe {version}\n", env=no_session_env())
            check_gui_starts("/sp/install/gui-starts", under(bindir, "smtp-probe"), destdir,
                             datadir if os.path.isabs(datadir) else os.path.join(prefix, datadir),
                             app_id)


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
elif group == "install":
    check_install(*args)
else:
    sys.exit(f"unknown group {group}")
finish()
