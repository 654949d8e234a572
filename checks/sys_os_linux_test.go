package checks

import (
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestOSUptimeAndVirtualizationFromRecordedTree(t *testing.T) {
	useHostRoot(t, testutil.WriteTree(t, map[string]string{
		"proc/uptime":                   "3600.50 7000.00\n",
		"sys/class/dmi/id/sys_vendor":   "QEMU\n",
		"sys/class/dmi/id/product_name": "Standard PC (Q35 + ICH9, 2009)\n",
	}))
	o := run(t, "sys.os", nil)
	wantObserved(t, o, map[string]any{"uptime": 3600*time.Second + 500*time.Millisecond, "virtualization": "kvm"})

	useHostRoot(t, recorded("laptop")) // bare metal: no hypervisor flag, no DMI hint
	o = run(t, "sys.os", nil)
	wantObserved(t, o, map[string]any{"virtualization": ""})
	if _, ok := o.Observed["uptime"]; ok {
		t.Error("uptime observed without /proc/uptime")
	}
}
