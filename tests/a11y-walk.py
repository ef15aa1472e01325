#!/usr/bin/python3
# tests/a11y-walk.py: what a screen reader finds on every page (issue 12)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the real smtp-probe for one server (a closed loopback port, so the
# test ends at once with "could not connect"), goes through the wizard with
# the AT-SPI actions of its own Next button, opens the console, and on every
# page walks the controls a screen reader offers: each must have a name,
# said once, without a raw mnemonic underscore and without a class name.
# Prints TAP, on the descriptor named by TAP_FD when that is set: meson's
# test runs it with the session bus's own output sent to standard error, so
# that what the services the bus starts print (the accessibility registry
# says it is running) is not taken for TAP. Run with Debian's
# /usr/bin/python3 (pyatspi), inside dbus-run-session and an X server
# (xvfb-run).

import contextlib
import os
import re
import socket
import subprocess
import sys
import time

# The app keeps the test environment (fatal criticals included); this
# process does not, since pyatspi itself warns on some trees.
APP_ENV = dict(os.environ)
os.environ.pop("G_DEBUG", None)
# The accessibility bus and its registry are started by the session bus on
# first use: they must see this X server, not the one the session began with.
subprocess.run(["dbus-update-activation-environment", "DISPLAY", "XAUTHORITY"], check=False)

import pyatspi  # noqa: E402

CONTROLS = {
    "push button", "toggle button", "check box", "radio button", "combo box", "text",
    "password text", "spin button", "entry", "link", "list item", "menu item", "page tab",
}

results = []
TAP = os.fdopen(int(os.environ["TAP_FD"]), "w") if os.environ.get("TAP_FD") else sys.stdout


def say(line):
    print(line, file=TAP, flush=True)


def wait_for(predicate, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = predicate()
        except Exception:  # the tree changes under the walk
            value = None
        if value:
            return value
        time.sleep(0.1)
    return None


def descendants(node):
    try:
        children = list(node)
    except Exception:
        return
    for child in children:
        if child is None:
            continue
        yield child
        yield from descendants(child)


def find(node, role, name=None):
    for child in descendants(node):
        try:
            if child.getRoleName() == role and (name is None or child.name == name):
                return child
        except Exception:
            continue
    return None


def problems_of(name):
    found = []
    if not name or not name.strip():
        found.append("has no name")
        return found
    if re.search(r"(^|[\s(“\"])_[^\s_]", name) or re.search(r"[A-Za-z]_[A-Za-z]", name):
        found.append("has a raw underscore")
    if re.match(r"^(Gtk|Sp|Adw)[A-Z]\w+$", name):
        found.append("is a class name")
    words = name.split()
    half = len(words) // 2
    if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        found.append("says its name twice")
    return found


def check_page(frame, page_name, label):
    page = find(frame, "panel", page_name)
    header = find(frame, "push button", "Main Menu")
    roots = [page] if page is not None else []
    # The header bar's controls belong to every page.
    if header is not None:
        roots.append(header.parent.parent)
    bad = []
    seen = 0
    for root in roots:
        for node in descendants(root):
            try:
                role = node.getRoleName()
                name = node.name
            except Exception:
                continue
            if role not in CONTROLS:
                continue
            seen += 1
            for problem in problems_of(name):
                bad.append(f"{role} {name!r} {problem}")
    if page is None:
        bad.append(f"no page named {page_name!r}")
    ok = not bad and seen > 0
    results.append((ok, f"{label}: {seen} controls, each with one name a person would say"))
    for line in bad:
        say(f"# {label}: {line}")


def subtitle(frame):
    # The label under the window title in the header bar.
    title = find(frame, "label", "SMTP Probe")
    if title is None:
        return ""
    labels = [child for child in title.parent if child is not None]
    return labels[-1].name or "" if len(labels) > 1 else ""


def press(frame, name):
    button = wait_for(lambda: find(frame, "push button", name))
    if button is None:
        return False
    action = button.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == "click":
            return action.doAction(i)
    return action.doAction(0)


@contextlib.contextmanager
def running_app(app_path, env, *args):
    """The app started with @args, and its window on the accessibility bus (or None)."""
    process = subprocess.Popen([app_path, *args], env=env)
    try:
        # A generous bound, not a timing: on a loaded two-core machine the
        # registry can take more than 20 s to list a newly started app.
        app = wait_for(lambda: next((a for a in pyatspi.Registry.getDesktop(0)
                                     if a is not None and a.name == "smtp-probe"), None),
                       timeout=90.0)
        yield wait_for(lambda: find(app, "frame"), timeout=60.0) if app is not None else None
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    app_path = sys.argv[1]
    env = dict(APP_ENV)
    env["GSETTINGS_BACKEND"] = "memory"
    env["GDK_BACKEND"] = "x11"
    env.pop("GTK_A11Y", None)

    # A loopback port nobody listens on: the test is refused at once.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()

    with running_app(app_path, env, "--server", "127.0.0.1", "--port", str(port),
                     "--from", "helpdesk@example.org", "kate@example.org") as frame:
        if frame is None:
            say("1..1")
            say("not ok 1 - the app shows its window on the accessibility bus")
            return 1

        pages = [
            ("What to test", "Next"),
            ("Mail servers", "Next"),
            ("Message", "Start Test"),
            ("Session", "Result"),
            ("Result", None),
        ]
        for number, (title, next_name) in enumerate(pages, start=1):
            wanted = f"Step {number} of 5 · {title}"
            if not wait_for(lambda: subtitle(frame) == wanted):
                results.append((False, f"page {title}: reached (the header says "
                                       f"{subtitle(frame)!r})"))
                break
            if title == "Session":
                # The test is over once Result can be pressed.
                time.sleep(1.0)
            time.sleep(0.5)
            # What a collapsed section holds counts too.
            for expander in ("DNS queries", "Advanced"):
                node = find(find(frame, "panel", title) or frame, "push button", expander)
                if node is not None:
                    node.queryAction().doAction(0)
                    time.sleep(0.5)
            check_page(frame, title, f"page {number}, {title}")
            if next_name is not None and not press(frame, next_name):
                results.append((False, f"page {title}: {next_name} can be pressed"))
                break

    # The console, from the first page of a practice test.
    with running_app(app_path, env, "--practice", "accepted") as frame:
        if frame is not None and press(frame, "Type Commands Yourself…") and \
           wait_for(lambda: subtitle(frame).startswith("Console")):
            time.sleep(1.0)
            check_page(frame, "Console", "the console")
        else:
            results.append((False, "the console: opened from the first page (the header says "
                                   f"{subtitle(frame) if frame else None!r})"))

    say(f"1..{len(results)}")
    for number, (ok, text) in enumerate(results, start=1):
        say(f"{'ok' if ok else 'not ok'} {number} - {text}")
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
