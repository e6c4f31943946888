#!/usr/bin/env python3
"""Keeps in a `cargo vendor` directory only what a Linux build needs.

    scripts/vendor-linux.py SOURCE-DIR

SOURCE-DIR is an unpacked source tree whose `vendor/` cargo vendor has
filled. `cargo vendor` copies the crates of every platform in Cargo.lock;
the Windows import libraries alone are a hundred megabytes. Cargo still
reads the manifest of every locked crate when it resolves, so a crate no
Linux target uses is not removed but emptied, as cargo-vendor-filterer
does: its Cargo.toml stays, its sources become one empty lib.rs, and its
.cargo-checksum.json keeps the package's checksum (which Cargo.lock names)
with no file sums (cargo checks only the files listed).

The Linux targets kept are those an agency's server may be (x86_64,
ARM64, LoongArch, RISC-V), and for them what `cargo build` compiles: the
normal and build dependencies. The tests' own dependencies (a pty, a
terminal emulator, the benchmark harness) are emptied too: the bundle is
for building the program; the tests run from a checkout.
"""

import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cargo_graph import reachable  # noqa: E402

TARGETS = [
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "loongarch64-unknown-linux-gnu",
    "riscv64gc-unknown-linux-gnu",
]


def needed(source):
    """The (name, version) of every package a Linux build of the workspace
    uses: its normal and build dependencies, followed through theirs."""
    args = ["cargo", "metadata", "--format-version", "1", "--locked", "--offline"]
    for t in TARGETS:
        args += ["--filter-platform", t]
    meta = json.loads(subprocess.check_output(args, cwd=source))
    reached = reachable(meta, meta["workspace_members"], (None, "build"))
    return {(p["name"], p["version"]) for p in reached}


def empty(crate):
    """Empties a vendored crate, keeping what cargo's resolver reads."""
    with open(os.path.join(crate, ".cargo-checksum.json"), encoding="utf-8") as f:
        package = json.load(f).get("package")
    for entry in os.listdir(crate):
        if entry in ("Cargo.toml", ".cargo-checksum.json"):
            continue
        path = os.path.join(crate, entry)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    os.makedirs(os.path.join(crate, "src"))
    with open(os.path.join(crate, "src", "lib.rs"), "w", encoding="utf-8") as f:
        f.write("// Emptied by scripts/vendor-linux.py: not used by any Linux build.\n")
    with open(os.path.join(crate, ".cargo-checksum.json"), "w", encoding="utf-8") as f:
        json.dump({"files": {}, "package": package}, f)


def manifest_id(crate):
    """(name, version) from a vendored crate's Cargo.toml."""
    name = version = None
    section = None
    with open(os.path.join(crate, "Cargo.toml"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                section = line
            elif section == "[package]" and "=" in line:
                key, value = (s.strip() for s in line.split("=", 1))
                if key in ("name", "version"):
                    value = value.strip('"')
                    if key == "name":
                        name = value
                    else:
                        version = value
    return name, version


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: vendor-linux.py SOURCE-DIR")
    source = sys.argv[1]
    vendor = os.path.join(source, "vendor")
    keep = needed(source)
    emptied = []
    for entry in sorted(os.listdir(vendor)):
        crate = os.path.join(vendor, entry)
        if manifest_id(crate) not in keep:
            empty(crate)
            emptied.append(entry)
    print(f"vendor-linux: {len(emptied)} of {len(os.listdir(vendor))} crates emptied (not in a Linux build)", file=sys.stderr)


if __name__ == "__main__":
    main()
