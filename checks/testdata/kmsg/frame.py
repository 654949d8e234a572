#!/usr/bin/env python3
"""Frames dmesg lines ("[  407.147725] message") as /dev/kmsg records
("priority,sequence,microseconds,flags;message"), the way the kernel hands
them to a reader of /dev/kmsg: a message's embedded newlines become \\x0a.
dmesg's default output drops the priority; it is written here as 3 (err)
for lines that report an error and 6 (info) for the rest: tsr does not read it.

usage: frame.py UPTIME_SECONDS < dmesg.txt  (writes dev/kmsg and proc/uptime)
"""
import os, re, sys

uptime = sys.argv[1]
records, seq = [], 1000
for line in sys.stdin.read().split("\n[")[0:]:
    line = line if line.startswith("[") else "[" + line
    m = re.match(r"\[\s*(\d+)\.(\d+)\] (.*)", line, re.S)
    if not m:
        continue
    usec = int(m.group(1)) * 1000000 + int(m.group(2).ljust(6, "0")[:6])
    msg = m.group(3).rstrip("\n").replace("\n", "\\x0a")
    pri = 3 if re.search(r"error|Error|exception|failed|Killed|above threshold", msg) else 6
    records.append(f"{pri},{seq},{usec},-;{msg}\n")
    seq += 1
os.makedirs("dev", exist_ok=True)
os.makedirs("proc", exist_ok=True)
open("dev/kmsg", "w").write("".join(records))
open("proc/uptime", "w").write(f"{uptime} {uptime}\n")
