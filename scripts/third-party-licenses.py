#!/usr/bin/env python3
"""Writes the licence notices of every crate built into nianbao's binary.

    scripts/third-party-licenses.py TARGET > THIRD-PARTY-LICENSES.txt

TARGET is the target triple the binary is built for (the crates a platform
does not use are left out, as cargo leaves them out of the build). The
crates are those `Cargo.lock` resolves for the `nianbao` package's normal
dependencies, followed through their own normal dependencies: build
scripts' and tests' dependencies are not in the binary. Each crate is
named with its version and licence expression, followed by the licence
files it ships (LICENSE*, COPYING*, NOTICE*, ...).

A crate that ships no licence file gets the standard text of its licence:
MIT from our own LICENSE with the crate's authors as the copyright holders,
any other licence from another crate in the list that ships that licence
alone. A crate whose licence text cannot be found that way stops the
script with its name: a new dependency never ships without its notice.
"""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cargo_graph import reachable  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTICE_FILE = re.compile(r"^(licen[cs]e|copying|notice|unlicense|copyright)", re.I)


def metadata(target):
    out = subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target],
        cwd=ROOT,
    )
    return json.loads(out)


def in_binary(meta):
    """The registry packages the binary is built from, sorted by name."""
    root = next(p["id"] for p in meta["packages"] if p["name"] == "nianbao" and p["source"] is None)
    reached = reachable(meta, [root], (None,))
    # Our own workspace crates (no source) are under our LICENSE.
    found = [p for p in reached if p["source"] is not None]
    return sorted(found, key=lambda p: (p["name"], p["version"]))


def notice_files(package):
    folder = os.path.dirname(package["manifest_path"])
    names = sorted(f for f in os.listdir(folder) if NOTICE_FILE.match(f))
    if package.get("license_file"):
        names.append(package["license_file"])
    paths = []
    for name in dict.fromkeys(names):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            paths.append(path)
    return paths


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().strip("\n")


def spdx_ids(expression):
    return [t for t in re.split(r"[\s()/]+", expression or "") if t and t not in ("AND", "OR", "WITH")]


def standard_text(spdx, package, packages):
    """The text of licence `spdx` for a crate that ships none."""
    if spdx == "MIT":
        own = read(os.path.join(ROOT, "LICENSE")).splitlines()
        authors = ", ".join(package.get("authors") or []) or f"the {package['name']} authors"
        body = [line for line in own if not line.startswith("Copyright")]
        return "\n".join([body[0], "", f"Copyright (c) {authors}"] + body[1:])
    for other in packages:
        files = notice_files(other)
        if other["license"] == spdx and len(files) == 1:
            return read(files[0])
    return None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: third-party-licenses.py TARGET-TRIPLE")
    target = sys.argv[1]
    packages = in_binary(metadata(target))
    # Many crates ship the same text (the Apache licence, word for word):
    # each text is written once, and every crate names the texts it ships.
    texts, keys = [], {}

    def text_number(text):
        key = " ".join(text.split())
        if key not in keys:
            keys[key] = len(texts) + 1
            texts.append((text, []))
        return keys[key]

    rule = "=" * 78
    listing, missing = [], []
    for p in packages:
        shipped = [(os.path.basename(f), read(f)) for f in notice_files(p)]
        if not shipped:
            for spdx in spdx_ids(p["license"]):
                text = standard_text(spdx, p, packages)
                if text is None:
                    missing.append(f"{p['name']} {p['version']} ({spdx})")
                else:
                    shipped.append((f"{spdx} (standard text; the crate ships no licence file)", text))
        refs = []
        for name, text in shipped:
            n = text_number(text)
            texts[n - 1][1].append(f"{p['name']} {p['version']}")
            refs.append(f"{name}: text {n}")
        source = f"  {p['repository']}" if p.get("repository") else ""
        listing.append(f"{p['name']} {p['version']}  licence: {p['license']}{source}")
        listing += [f"    {r}" for r in refs]
    out = [
        "nianbao: third-party licence notices",
        "",
        f"The nianbao binary for {target} is built from the following {len(packages)} crates",
        "besides its own (under nianbao's LICENSE). Each is listed with its licence and",
        "the notices it ships; the texts follow, each once, numbered.",
        "",
    ]
    out += listing
    for n, (text, users) in enumerate(texts, 1):
        out += ["", rule, f"text {n}, shipped by: " + ", ".join(users), rule, "", text]
    if missing:
        sys.exit("third-party-licenses: no licence text for " + "; ".join(missing))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
