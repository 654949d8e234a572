#!/bin/sh
# Records /proc twice, a second apart, while three busy loops run.
set -e
out=$1
sh -c 'while :; do :; done' & a=$!
sh -c 'while :; do :; done' & b=$!
sh -c 'while :; do :; done' & c=$!
sleep 2
snap() {
  d=$out/$1/proc
  mkdir -p $d/pressure
  for f in stat loadavg meminfo vmstat; do cat /proc/$f > $d/$f; done
  for f in cpu memory; do cat /proc/pressure/$f > $d/pressure/$f; done
  for p in 1 $a $b $c $$; do mkdir -p $d/$p; cat /proc/$p/stat > $d/$p/stat; done
}
snap before
sleep 1
snap after
kill $a $b $c
echo "$a $b $c $$"
