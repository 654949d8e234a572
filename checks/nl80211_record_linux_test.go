//go:build nl80211record

package checks

// The recorder of testdata/nl80211: built into a test binary with
//
//	CGO_ENABLED=0 go test -c -tags nl80211record -o nl80211rec ./checks
//
// and run where a real kernel has Wi-Fi (internal/nl80211rec/record.sh runs
// it in a VM with mac80211_hwsim) as
//
//	NL80211_OUT=DIR ./nl80211rec -test.run TestRecordNL80211 -test.v
//
// It makes readWifiLinksOn ask the kernel through a raw netlink socket and
// saves each request and the bytes of each answer exactly as received.

import (
	"encoding/binary"
	"encoding/json"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

type nlRecorder struct {
	fd     int
	dir    string
	n      int
	answer string // the file the current answer goes to
}

func (r *nlRecorder) Send(m netlink.Message) error {
	b, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	r.n++
	req := nlRequestFile(r.dir, r.n, m)
	r.answer = strings.TrimSuffix(req, ".request") + ".answer"
	if err := os.WriteFile(req, b, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(r.answer, nil, 0o644); err != nil {
		return err
	}
	return unix.Sendto(r.fd, b, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
}

func (r *nlRecorder) SendMessages(ms []netlink.Message) error {
	for _, m := range ms {
		if err := r.Send(m); err != nil {
			return err
		}
	}
	return nil
}

// Receive reads one datagram, appends it verbatim to the answer's file and
// splits it into messages as netlink.Conn's own socket does.
func (r *nlRecorder) Receive() ([]netlink.Message, error) {
	n, _, err := unix.Recvfrom(r.fd, nil, unix.MSG_PEEK|unix.MSG_TRUNC)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	if n, _, err = unix.Recvfrom(r.fd, buf, 0); err != nil {
		return nil, err
	}
	buf = buf[:n]
	f, err := os.OpenFile(r.answer, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(buf); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	var msgs []netlink.Message
	for len(buf) >= unix.NLMSG_HDRLEN {
		l := min((int(binary.NativeEndian.Uint32(buf))+3)&^3, len(buf))
		var m netlink.Message
		if err := m.UnmarshalBinary(buf[:l]); err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
		buf = buf[l:]
	}
	return msgs, nil
}

func (r *nlRecorder) ReceiveIter() iter.Seq2[netlink.Message, error] {
	return func(yield func(netlink.Message, error) bool) {
		msgs, err := r.Receive()
		if err != nil {
			yield(netlink.Message{}, err)
			return
		}
		for _, m := range msgs {
			if !yield(m, nil) {
				return
			}
		}
	}
}

func (r *nlRecorder) Close() error { return unix.Close(r.fd) }

func TestRecordNL80211(t *testing.T) {
	dir := os.Getenv("NL80211_OUT")
	if dir == "" {
		t.Skip("NL80211_OUT is not set")
	}
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_GENERIC)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		t.Fatal(err)
	}
	// The options production sets (readWifiLinks), best effort as there.
	_ = unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1)
	_ = unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, 1)
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	rec := &nlRecorder{fd: fd, dir: dir}
	c := genetlink.NewConn(netlink.NewConn(rec, sa.(*unix.SockaddrNetlink).Pid))
	defer c.Close()
	links, err := readWifiLinksOn(c)
	var read []map[string]any
	for _, l := range links {
		read = append(read, map[string]any{"interface": l.ifi, "bss": l.bss, "station": l.station, "observed": wifiFacts(l)})
	}
	b, _ := json.MarshalIndent(map[string]any{"links": read, "error": errString(err)}, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "read.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", b)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
