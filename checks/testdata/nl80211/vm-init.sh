#!/bin/sh
# /init of the recording VM (see record.sh): loads mac80211_hwsim, starts
# an open access point "tsr-lab" on one simulated radio, connects the other
# radio to it from a separate network namespace, and records what nl80211
# answers tsr in three states. Results go to the serial console as a
# base64 tar between markers; the VM has no network device.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
M=/lib/modules/$(uname -r)
out=/tmp/out
mkdir -p $out/no-wifi $out/not-associated $out/associated
say() { echo "== $*"; }

# 1. No Wi-Fi: no cfg80211 loaded, so no nl80211 family.
say no-wifi
env NL80211_OUT=$out/no-wifi /nl80211rec -test.run TestRecordNL80211
/tsr diagnose network --only wifi > $out/no-wifi/tsr.txt 2>&1
cat $out/no-wifi/*.txt

for m in rfkill cfg80211 libarc4 mac80211 virtio_ring virtio; do insmod $M/$(cd $M && find kernel -name $m.ko) || say "insmod $m failed"; done
insmod $M/kernel/drivers/net/wireless/mac80211_hwsim.ko radios=2 || say "insmod mac80211_hwsim failed"
ip link set lo up
iw dev

# The station's radio (phy1) goes to its own network namespace, as a
# laptop is a separate machine from its access point.
unshare -n sleep 100000 &
STA_NS=$!
sleep 1
iw phy phy1 set netns $STA_NS
sta() { nsenter -t $STA_NS -n "$@"; }
sta ip link set lo up
sta ip link set wlan1 up
ip link set wlan0 up
hostapd -B -P /tmp/hostapd.pid /hostapd.conf > $out/hostapd.txt 2>&1
ip addr add 10.77.0.1/24 dev wlan0
sleep 2
# The station sees tsr-lab in a scan but has not joined it.
sta iw dev wlan1 scan > $out/not-associated/scan.txt 2>&1

# 2. A radio present, an access point in range, not associated.
say not-associated
sta env NL80211_OUT=$out/not-associated /nl80211rec -test.run TestRecordNL80211
sta /tsr diagnose network --only wifi > $out/not-associated/tsr.txt 2>&1
sta iw dev > $out/not-associated/iw.txt 2>&1
sta iw dev wlan1 link >> $out/not-associated/iw.txt 2>&1
cat $out/not-associated/*.txt

# 3. Associated with the access point tsr-lab.
# Under emulation hostapd may answer later than mac80211's association
# timeout (3 tries of 200 ms): try again until the station is connected.
try=0
while [ $try -lt 30 ] && ! sta iw dev wlan1 link | grep -q Connected; do
	try=$((try+1))
	sta iw dev wlan1 disconnect > /dev/null 2>&1
	sta iw dev wlan1 connect tsr-lab
	i=0; while [ $i -lt 5 ] && ! sta iw dev wlan1 link | grep -q Connected; do sleep 1; i=$((i+1)); done
done
say "connect attempts: $try"
sta ip addr add 10.77.0.2/24 dev wlan1
sleep 1
sta ping -c 20 -i 0.2 10.77.0.1 > $out/associated/ping.txt 2>&1
say associated
sta env NL80211_OUT=$out/associated /nl80211rec -test.run TestRecordNL80211
sta /tsr diagnose network --only wifi > $out/associated/tsr.txt 2>&1
sta iw dev > $out/associated/iw.txt 2>&1
sta iw dev wlan1 link >> $out/associated/iw.txt 2>&1
sta iw dev wlan1 station dump >> $out/associated/iw.txt 2>&1
sta iw dev wlan1 scan dump >> $out/associated/iw.txt 2>&1
cat $out/associated/*.txt

uname -a > $out/uname.txt
dmesg > $out/dmesg.txt
echo "== BEGIN RECORDING"
tar -C $out -czf - . | base64
echo "== END RECORDING"
poweroff -f
