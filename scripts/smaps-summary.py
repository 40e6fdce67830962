#!/usr/bin/env python3
"""Where a process's resident memory is, from a copy of /proc/PID/smaps.

bench_startup keeps each side's smaps at its warm-up run's first frame with
TESSERA_BENCH_SMAPS_DIR=DIR (the app's probe and the peer window copy /proc/self/smaps when
TESSERA_STARTUP_PROBE_SMAPS=FILE asks). This prints, in KiB:

- the totals: Rss, Pss, anonymous and file-backed resident memory;
- the anonymous memory by kind: the main heap ([heap]), the main stack ([stack]), glibc's
  per-thread malloc arenas (the mappings inside a 64 MiB-aligned reservation of 64 MiB, as
  glibc makes them), thread stacks (a read-write mapping of 8 MiB right after a guard page,
  glibc's default), memfd mappings (Qt Quick's JavaScript heap) and the rest;
- the mapped files by resident size, largest first (libraries, fonts, caches), the top N.

Usage: scripts/smaps-summary.py FILE.smaps [--top N] [--compare OTHER.smaps]
With --compare, both files' figures side by side (this file first) and the files that only one
of the two maps. Linux only; reads nothing but the files given.
"""

import argparse
import collections
import re
import sys

HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) (\S+) (\S+) (\d+)\s*(.*)$")
ARENA = 64 * 1024 * 1024  # glibc's HEAP_MAX_SIZE on 64-bit
STACK = 8 * 1024 * 1024  # glibc's default thread stack (ulimit -s 8192)


def read(path):
    """The mappings of an smaps file: dicts with start, end, perms, name and the KiB fields."""
    maps = []
    current = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = HEADER.match(line)
            if m:
                current = {
                    "start": int(m.group(1), 16),
                    "end": int(m.group(2), 16),
                    "perms": m.group(3),
                    "inode": int(m.group(6)),
                    "name": m.group(7).strip(),
                }
                maps.append(current)
                continue
            key, _, value = line.partition(":")
            parts = value.split()
            if current is not None and len(parts) == 2 and parts[1] == "kB":
                current[key] = int(parts[0])
    return maps


def kind(mapping, maps, index):
    """What an anonymous mapping is: heap, stack, arena, thread stack or other."""
    name = mapping["name"]
    if name == "[heap]":
        return "heap"
    if name == "[stack]":
        return "stack"
    if name.startswith("/memfd:"):
        return "memfd"  # Qt Quick's JavaScript heap (JSGCHeap), shared memory
    if name.startswith("["):
        return "other"
    size = mapping["end"] - mapping["start"]
    # An arena: its mappings (read-write, then the reserved rest) start on a 64 MiB boundary
    # and together fill it.
    base = mapping["start"] - mapping["start"] % ARENA
    if mapping["start"] == base and size <= ARENA:
        return "arena"
    if mapping["start"] != base and index > 0:
        previous = maps[index - 1]
        if previous["end"] == mapping["start"] and previous["start"] % ARENA == 0 \
                and mapping["end"] - previous["start"] <= ARENA and not previous["name"]:
            return "arena"
    if "rw" in mapping["perms"] and size in (STACK, STACK - 4096) and index > 0:
        previous = maps[index - 1]
        if previous["end"] == mapping["start"] and previous["perms"].startswith("---"):
            return "thread stack"
    return "other"


def summary(maps):
    totals = collections.Counter()
    anon = collections.Counter()
    files = collections.Counter()
    for index, mapping in enumerate(maps):
        rss = mapping.get("Rss", 0)
        totals["Rss"] += rss
        totals["Pss"] += mapping.get("Pss", 0)
        name = mapping["name"]
        if mapping["inode"] and name.startswith("/") and not name.startswith("/memfd:"):
            totals["file"] += rss
            files[name] += rss
        else:
            totals["anon"] += rss
            anon[kind(mapping, maps, index)] += rss
    return totals, anon, files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("smaps")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--compare")
    args = parser.parse_args()
    first = summary(read(args.smaps))
    second = summary(read(args.compare)) if args.compare else None

    def row(label, a, b=None):
        if second is None:
            print(f"  {label:<60} {a:>8}")
        else:
            print(f"  {label:<60} {a:>8} {b:>8} {a - b:>+8}")

    print("totals (KiB)" + ("" if second is None else f": {args.smaps} | {args.compare} | diff"))
    for key in ("Rss", "Pss", "anon", "file"):
        row(key, first[0][key], second[0][key] if second else None)
    print("anonymous, by kind")
    for key in ("heap", "arena", "thread stack", "stack", "memfd", "other"):
        row(key, first[1][key], second[1][key] if second else None)
    print(f"mapped files, largest {args.top} resident")
    names = set(first[2]) | (set(second[2]) if second else set())
    ordered = sorted(names, key=lambda n: -max(first[2][n], second[2][n] if second else 0))
    for name in ordered[: args.top]:
        row(name[-60:], first[2][name], second[2][name] if second else None)
    if second:
        only = sorted(set(first[2]) - set(second[2]))
        print(f"files only in {args.smaps}: {len(only)}, {sum(first[2][n] for n in only)} KiB")
        for name in only:
            print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
