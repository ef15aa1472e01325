#!/usr/bin/python3
# tests/test-store-listing.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What a software store shows of the app, checked where appstreamcli 0.16 does
# not look: the metainfo and the desktop file in the source tree. Output is TAP.
#
# Usage: test-store-listing.py SOURCE_ROOT PROJECT_VERSION
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

root, project_version = sys.argv[1], sys.argv[2]
APP_ID = "io.github.smtpprobe.SmtpProbe"
metainfo = os.path.join(root, "data", f"{APP_ID}.metainfo.xml.in")
desktop = os.path.join(root, "data", f"{APP_ID}.desktop.in")
component = ET.parse(metainfo).getroot()
results = []


def text_of(element):
    """An element's text with its markup and line breaks gone."""
    if element is None:
        return ""
    return " ".join(ET.tostring(element, encoding="unicode", method="text").split())


def check(name):
    def wrap(f):
        problems = []
        f(problems)
        results.append((name, problems))
        return f
    return wrap


@check("/store-listing/summary")
def _(problems):
    # Flathub's limit: a longer summary is cut off in the store's lists.
    summary = component.findtext("summary", "").strip()
    if not summary or len(summary) > 35:
        problems.append(f"summary {summary!r} is {len(summary)} characters; 35 at most")


@check("/store-listing/description-claims")
def _(problems):
    # By default the test sends a message; only the check-only option sends nothing.
    text = text_of(component.find("description"))
    for claim in ("without sending a message", "without delivering", "never sends"):
        if claim in text:
            problems.append(f"the description says {claim!r}, but a test sends a message "
                            "unless told to check only")
    if "nothing is sent" not in text and "sends nothing" not in text:
        problems.append("the description does not say how to test without sending")


@check("/store-listing/screenshots")
def _(problems):
    shots = component.findall("screenshots/screenshot")
    if not shots:
        problems.append("no screenshots (Flathub: appstream-missing-screenshots)")
    if sum(s.get("type") == "default" for s in shots) != 1:
        problems.append("not exactly one default screenshot")
    prefix = "https://raw.githubusercontent.com/smtpprobe/smtp-probe/"
    for s in shots:
        if not (s.findtext("caption") or "").strip():
            problems.append("a screenshot without a caption")
        image = s.find("image")
        url = (image.text or "").strip() if image is not None else ""
        m = re.match(re.escape(prefix) + r"([^/]+)/(data/screenshots/[^/]+\.png)$", url)
        if not m:
            problems.append(f"{url!r} is not a PNG in data/screenshots at a tag of {prefix}")
            continue
        path = os.path.join(root, m.group(2))
        try:
            with open(path, "rb") as f:
                head = f.read(24)
        except OSError:
            problems.append(f"{url}: {m.group(2)} is not in the tree")
            continue
        if head[:8] != b"\x89PNG\r\n\x1a\n":
            problems.append(f"{m.group(2)} is not a PNG")
            continue
        width, height = struct.unpack(">II", head[16:24])
        if (str(width), str(height)) != (image.get("width"), image.get("height")):
            problems.append(f"{m.group(2)} is {width}x{height}, the metainfo says "
                            f"{image.get('width')}x{image.get('height')}")
        if width < 1000 or width * 10 != height * 16:
            problems.append(f"{m.group(2)} is {width}x{height}, not a 16:10 window of "
                            "1000 px or more")


@check("/store-listing/developer")
def _(problems):
    dev = component.find("developer")
    if dev is None or dev.get("id") != "io.github.smtpprobe" or not dev.findtext("name"):
        problems.append("no <developer id=\"io.github.smtpprobe\"> with a name")


@check("/store-listing/releases")
def _(problems):
    releases = component.findall("releases/release")
    if not releases:
        problems.append("no releases")
        return
    newest = releases[0].get("version")
    if newest != project_version:
        problems.append(f"the newest release is {newest}, the project is {project_version}")
    dates = [r.get("date") for r in releases]
    if dates != sorted(dates, reverse=True):
        problems.append(f"releases are not newest first: {dates}")
    for r in releases:
        notes = r.find("description")
        if notes is None or len(notes.findall("ul/li")) < 2:
            problems.append(f"release {r.get('version')} has no list of what it brought")
        if "ready for" in text_of(notes):
            problems.append(f"release {r.get('version')} announces what it does not have")


@check("/store-listing/desktop-main-category")
def _(problems):
    # The main categories of the Desktop Menu Specification: an app in two of them shows
    # up twice in some menus.
    main = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics",
            "Network", "Office", "Science", "Settings", "System", "Utility"}
    with open(desktop, encoding="utf-8") as f:
        line = next((l for l in f if l.startswith("Categories=")), "Categories=")
    categories = [c for c in line.strip().split("=", 1)[1].split(";") if c]
    found = [c for c in categories if c in main]
    if len(found) != 1:
        problems.append(f"main categories {found}; exactly one is wanted")


print(f"1..{len(results)}")
failed = 0
for i, (name, problems) in enumerate(results, 1):
    for p in problems:
        print(f"# {p}")
    print(f"{'not ok' if problems else 'ok'} {i} {name}")
    failed += bool(problems)
sys.exit(1 if failed else 0)
