#!/bin/sh
# Re-records the nl80211 answers in this directory from a real Linux
# kernel: Debian's kernel, booted in qemu (TCG, no KVM needed, no network
# device), with mac80211_hwsim's two simulated radios, hostapd and iw.
# Run from the repository's root as: sh checks/testdata/nl80211/record.sh
# It needs apt-get (Debian bookworm sources), qemu-system-x86 and Go; no
# root, no network access from the VM. See README.md for what it records.
set -eu
KERNEL=${KERNEL:-linux-image-6.1.0-57-amd64}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
cd "$work"

apt-get download "$KERNEL" hostapd iw busybox-static libnl-3-200 libnl-genl-3-200 libnl-route-3-200 libssl3 wireless-regdb
for d in *.deb; do dpkg-deb -x "$d" x; echo "$(dpkg-deb -f "$d" Package) $(dpkg-deb -f "$d" Version)"; done > packages.txt
kv=$(ls x/lib/modules)

# The VM's root: busybox, the Wi-Fi modules, hostapd and iw with their
# libraries, the recorder and tsr (both static Go binaries).
mkdir -p r/bin r/sbin r/usr/sbin r/lib64 r/lib/x86_64-linux-gnu r/proc r/sys r/dev r/tmp r/run r/var/run
cp x/bin/busybox r/bin/
for a in $(x/bin/busybox --list); do [ -e r/bin/$a ] || ln -s busybox r/bin/$a; done
for m in rfkill cfg80211 libarc4 mac80211 virtio virtio_ring mac80211_hwsim; do
	f=$(cd x/lib/modules/$kv && find kernel -name $m.ko)
	mkdir -p r/lib/modules/$kv/$(dirname $f)
	cp x/lib/modules/$kv/$f r/lib/modules/$kv/$f
done
cp x/usr/sbin/hostapd r/usr/sbin/
cp x/sbin/iw r/sbin/
LD_LIBRARY_PATH=$work/x/usr/lib/x86_64-linux-gnu:$work/x/lib/x86_64-linux-gnu ldd x/usr/sbin/hostapd x/sbin/iw |
	awk '$3 ~ /^\// {print $3}' | sort -u | while read -r lib; do cp -L "$lib" r/lib/x86_64-linux-gnu/; done
cp -L /lib64/ld-linux-x86-64.so.2 r/lib64/
dpkg-query -W libc6 >> packages.txt
cp "$here/vm-init.sh" r/init
chmod +x r/init
cp "$here/hostapd.conf" "$here/hostapd-5ghz.conf" r/
# Debian's regulatory database, signed with the key Debian's kernel trusts.
mkdir -p r/lib/firmware
cp x/lib/firmware/regulatory.db-debian r/lib/firmware/regulatory.db
cp x/lib/firmware/regulatory.db.p7s-debian r/lib/firmware/regulatory.db.p7s
(cd "$repo" && CGO_ENABLED=0 go test -c -tags nl80211record -o "$work/r/nl80211rec" ./checks)
(cd "$repo" && CGO_ENABLED=0 go build -o "$work/r/tsr" ./cmd/tsr)
(cd r && find . | "$work/x/bin/busybox" cpio -o -H newc | gzip -1) > initrd.gz

timeout 1200 qemu-system-x86_64 -m 1024 -smp 2 -accel tcg,thread=multi -nographic -nic none -no-reboot \
	-kernel x/boot/vmlinuz-$kv -initrd initrd.gz \
	-append "console=ttyS0 panic=-1 quiet" > console.log 2>&1 || true
tr -d '\r' < console.log > console.txt
sed -n '/^== BEGIN RECORDING/,/^== END RECORDING/p' console.txt | sed '1d;$d' | base64 -d > recording.tgz
for state in no-wifi no-interface not-associated associated associated-5ghz; do rm -rf "$here/$state"; done
tar -xzf recording.tgz -C "$here"
cp packages.txt "$here/packages.txt"
sed -n '1,/^== BEGIN RECORDING/p' console.txt > "$here/console.txt"
echo "recorded into $here"
