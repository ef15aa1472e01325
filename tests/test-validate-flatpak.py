#!/usr/bin/python3
# tests/test-validate-flatpak.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-aux/validate-flatpak must pass the tree's manifests and fail each way a
# manifest can go wrong: every case below copies flatpak/ to a scratch
# directory, breaks one thing and expects the validator to say so. Output is
# TAP.
#
# Usage: test-validate-flatpak.py SOURCE_ROOT SCHEMA
import json
import os
import shutil
import subprocess
import sys
import tempfile

root, schema = sys.argv[1], sys.argv[2]
validator = os.path.join(root, "build-aux", "validate-flatpak")
FLATHUB = "io.github.smtpprobe.SmtpProbe.json"
LOCAL = "io.github.smtpprobe.SmtpProbe.local.json"
CARES = os.path.join("modules", "c-ares.json")
TODAY = "2026-12-06"


def app_source(m):
    return next(mod for mod in m["modules"] if isinstance(mod, dict))["sources"][0]


def cares_source(m):
    return m["sources"][0]


# name, file to change, change, what the validator must print
CASES = [
    ("a dir source in the Flathub manifest", FLATHUB,
     lambda m: app_source(m).clear() or app_source(m).update(type="dir", path=".."),
     "Flathub rejects dir sources"),
    ("the GNOME 49 runtime, ended in the autumn of 2026", FLATHUB,
     lambda m: m.update({"runtime-version": "49"}), "end-of-life since"),
    ("a runtime the table does not know", FLATHUB,
     lambda m: m.update({"runtime-version": "52"}), "is not in the table"),
    ("a git source with a short commit", FLATHUB,
     lambda m: app_source(m).update(commit="15d54d31"), "is not a full 40-digit hash"),
    ("a git source without a tag", FLATHUB,
     lambda m: app_source(m).pop("tag"), "no tag"),
    ("a git source on a branch", FLATHUB,
     lambda m: app_source(m).update(branch="main"), "a branch moves"),
    ("our repository written another way", FLATHUB,
     lambda m: app_source(m).update(url="https://github.com/smtpprobe/smtp-probe.git"),
     "write our repository as"),
    ("a commit that is not in this repository", FLATHUB,
     lambda m: app_source(m).update(commit="0123456789abcdef0123456789abcdef01234567"),
     "is not in this repository"),
    ("a file system permission", FLATHUB,
     lambda m: m["finish-args"].append("--filesystem=home"), "more than the app needs"),
    ("X11 always, not as a fallback", FLATHUB,
     lambda m: m.update({"finish-args": [a.replace("fallback-x11", "x11")
                                         for a in m["finish-args"]]}),
     "--socket=x11 is more than"),
    ("a manifest-wide cleanup of the man pages", FLATHUB,
     lambda m: m["cleanup"].append("/share/man"), "deletes the app's own /share/man"),
    ("an archive over http", CARES,
     lambda m: cares_source(m).update(url=cares_source(m)["url"].replace("https:", "http:")),
     "is not https"),
    ("an archive with a short sha256", CARES,
     lambda m: cares_source(m).update(sha256="c222b6d6"), "is not 64 lowercase"),
    ("an archive without a sha256", CARES,
     lambda m: cares_source(m).pop("sha256"), "no sha256"),
    ("c-ares with no x-checker-data", CARES,
     lambda m: cares_source(m).pop("x-checker-data"), "no x-checker-data"),
    ("c-ares built with its tests", CARES,
     lambda m: m.update({"config-opts": [o.replace("TESTS=OFF", "TESTS=ON")
                                         for o in m["config-opts"]]}),
     "is not built with -DCARES_BUILD_TESTS=OFF"),
    ("a schema error: finish-args as a string", FLATHUB,
     lambda m: m.update({"finish-args": "--share=network"}), "is not of type 'array'"),
    ("a local manifest that drifted from the Flathub one", LOCAL,
     lambda m: m.update({"sdk-extensions": ["org.freedesktop.Sdk.Extension.rust-stable"]}),
     "differ in more than the app's source"),
]


def run(flatpak_dir, *extra):
    r = subprocess.run([sys.executable, validator, "--today", TODAY, "--source-root", root,
                        *extra, flatpak_dir, schema],
                       capture_output=True, text=True, check=False)
    return r.returncode, r.stdout + r.stderr


def copy():
    scratch = tempfile.mkdtemp(prefix="validate-flatpak-")
    dest = os.path.join(scratch, "flatpak")
    shutil.copytree(os.path.join(root, "flatpak"), dest)
    # The local manifest's dir source names the tree the manifest is in.
    shutil.copy(os.path.join(root, "meson.build"), scratch)
    return scratch, dest


n = len(CASES) + 2
print(f"1..{n}")
failures = 0

status, out = run(os.path.join(root, "flatpak"))
ok = status == 0
failures += not ok
if not ok:
    print("\n".join("# " + line for line in out.splitlines()))
print(f"{'ok' if ok else 'not ok'} 1 /validate-flatpak/tree")

# The same manifests a year on: the runtime they name has ended by then.
status = subprocess.run([sys.executable, validator, "--today", "2027-12-06",
                         "--source-root", root, os.path.join(root, "flatpak"), schema],
                        capture_output=True, text=True, check=False).returncode
ok = status != 0
failures += not ok
print(f"{'ok' if ok else 'not ok'} 2 /validate-flatpak/runtime-ends")

in_git = subprocess.run(["git", "-C", root, "rev-parse", "--show-toplevel"],
                        capture_output=True, text=True, check=False)
in_git = (in_git.returncode == 0
          and os.path.realpath(in_git.stdout.strip()) == os.path.realpath(root))
NEEDS = {"a commit that is not in this repository": (in_git, "not a git checkout"),
         "a schema error: finish-args as a string": (os.path.exists(schema),
                                                     "the flatpak-builder schema is missing")}

for i, (name, file, change, expected) in enumerate(CASES, 3):
    can, why = NEEDS.get(name, (True, None))
    if not can:
        print(f"ok {i} /validate-flatpak/refuses/{name} # SKIP {why}")
        continue
    scratch, dest = copy()
    try:
        path = os.path.join(dest, file)
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
        change(manifest)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)
        status, out = run(dest)
    finally:
        shutil.rmtree(scratch)
    ok = status != 0 and expected in out
    failures += not ok
    if not ok:
        print(f"# expected a failure saying {expected!r}; got status {status}:")
        print("\n".join("#   " + line for line in out.splitlines()))
    print(f"{'ok' if ok else 'not ok'} {i} /validate-flatpak/refuses/{name}")

sys.exit(1 if failures else 0)
