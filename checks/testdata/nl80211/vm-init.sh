#!/bin/sh
# /init of the recording VM (see record.sh): records what nl80211 answers
# tsr in five states, from no Wi-Fi driver to a 5 GHz link, with
# mac80211_hwsim's simulated radios, hostapd as the access point "tsr-lab"
# and iw as the station. Results go to the serial console as a base64 tar
# between markers; the VM has no network device.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t debugfs debugfs /sys/kernel/debug
M=/lib/modules/$(uname -r)
out=/tmp/out
say() { echo "== $*"; }
load() { for m in "$@"; do insmod $M/$(cd $M && find kernel -name $m.ko) || say "insmod $m failed"; done; }

# record STATE [in]: the recorder, then tsr as a user runs it, then iw.
record() {
	state=$1
	shift
	mkdir -p $out/$state
	say "$state"
	"$@" env NL80211_OUT=$out/$state /nl80211rec -test.run TestRecordNL80211
	"$@" /tsr diagnose network --only wifi > $out/$state/tsr.txt 2>&1
	cat $out/$state/tsr.txt
	if "$@" iw dev | grep -q Interface; then
		{
			"$@" iw dev
			"$@" iw dev wlan1 link
			"$@" iw dev wlan1 station dump
			"$@" iw dev wlan1 scan dump
		} > $out/$state/iw.txt 2>&1
		cat $out/$state/iw.txt
	fi
}

# connect: joins tsr-lab and sends traffic over the link, so that the rate
# is one the rate control chose. Under emulation hostapd may answer later
# than mac80211's association timeout (3 tries of 200 ms): try again.
connect() {
	try=0
	while [ $try -lt 30 ] && ! sta iw dev wlan1 link | grep -q Connected; do
		try=$((try+1))
		sta iw dev wlan1 disconnect > /dev/null 2>&1
		sta iw dev wlan1 connect tsr-lab
		i=0; while [ $i -lt 5 ] && ! sta iw dev wlan1 link | grep -q Connected; do sleep 1; i=$((i+1)); done
	done
	say "connect attempts: $try"
	sta ping -c 40 -i 0.2 10.77.0.1 > $out/$1/ping.txt 2>&1
	tail -2 $out/$1/ping.txt
}

# 1. No Wi-Fi driver: no cfg80211, so no nl80211 family.
record no-wifi

# 2. The Wi-Fi stack loaded but no Wi-Fi device.
load rfkill cfg80211 libarc4 mac80211
record no-interface

load virtio_ring virtio
insmod $M/kernel/drivers/net/wireless/mac80211_hwsim.ko radios=2 || say "insmod mac80211_hwsim failed"
ip link set lo up
# The station's radio (phy1) goes to its own network namespace, as a
# laptop is a separate machine from its access point.
unshare -n sleep 100000 &
STA_NS=$!
sleep 1
iw phy phy1 set netns $STA_NS
sta() { nsenter -t $STA_NS -n "$@"; }
sta ip link set lo up
sta ip link set wlan1 up
sta ip addr add 10.77.0.2/24 dev wlan1
ip link set wlan0 up
ip addr add 10.77.0.1/24 dev wlan0
hostapd -B -P /tmp/hostapd.pid /hostapd.conf > $out/hostapd.txt 2>&1
sleep 2

# 3. A radio that sees tsr-lab in a scan but has not joined it.
mkdir -p $out/not-associated
sta iw dev wlan1 scan > $out/not-associated/scan.txt 2>&1
record not-associated sta

# 4. Connected to tsr-lab, 2.4 GHz channel 6 (hostapd.conf).
mkdir -p $out/associated
connect associated
record associated sta

# 5. Connected to tsr-lab on 5 GHz, channel 36 (hostapd-5ghz.conf, in the
# US regulatory domain, from wireless-regdb), both radios sending at 0 dBm:
# mac80211_hwsim reports a received signal of the sender's power - 50 dB.
kill $(cat /tmp/hostapd.pid)
sta iw dev wlan1 disconnect
iw reg set US
sleep 1
iw reg get
ip link set wlan0 down
hostapd -B -P /tmp/hostapd5.pid /hostapd-5ghz.conf > $out/hostapd-5ghz.txt 2>&1
sleep 2
cat $out/hostapd-5ghz.txt
iw dev wlan0 set txpower fixed 0 || say "cannot set the access point's power"
sta iw dev wlan1 set txpower fixed 0 || say "cannot set the station's power"
mkdir -p $out/associated-5ghz
connect associated-5ghz
record associated-5ghz sta

uname -a > $out/uname.txt
dmesg > $out/dmesg.txt
echo "== BEGIN RECORDING"
tar -C $out -czf - . | base64
echo "== END RECORDING"
poweroff -f
