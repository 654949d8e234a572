#!/bin/sh
# Records /proc/diskstats twice, a second apart, while dd writes to the
# system disk with direct I/O; and /sys/block's links, to tell disks from
# virtual devices.
set -e
out=$1
mkdir -p $out/before/proc $out/after/proc $out/before/sys/block
cp -P /sys/block/* $out/before/sys/block/
cp -a $out/before/sys $out/after/
for i in 1 2 3; do dd if=/dev/zero of=/var/tmp/tsr-record-io$i bs=4k count=100000 oflag=direct,dsync 2>/dev/null & dd="$dd $!"; done
sleep 1
cat /proc/diskstats > $out/before/proc/diskstats
sleep 1
cat /proc/diskstats > $out/after/proc/diskstats
kill $dd; wait 2>/dev/null || true
rm -f /var/tmp/tsr-record-io*
