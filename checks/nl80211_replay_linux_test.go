package checks

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

// A recording of nl80211 (testdata/nl80211/STATE, see its README) is what
// one run of readWifiLinksOn asked a real kernel and what the kernel
// answered: for each request N, N-NAME.request holds the netlink message
// tsr sent and N-NAME.answer the bytes recvfrom(2) returned, verbatim
// (nlmsghdr-framed messages, netlink(7)).
type nlExchange struct {
	name            string
	request, answer []byte
}

// nlRequestFile names the file of request n, after what it asks.
func nlRequestFile(dir string, n int, m netlink.Message) string {
	name := fmt.Sprintf("type%d", m.Header.Type)
	if m.Header.Type == 0x10 { // GENL_ID_CTRL
		name = "ctrl-getfamily"
	} else if len(m.Data) > 0 {
		name = map[uint8]string{5: "get-interface", 17: "get-station", 32: "get-scan"}[m.Data[0]]
	}
	return filepath.Join(dir, fmt.Sprintf("%02d-%s.request", n, name))
}

func loadNL80211(t *testing.T, state string) []nlExchange {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "nl80211", state, "*.request"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recording in testdata/nl80211/%s: %v", state, err)
	}
	sort.Strings(files)
	var out []nlExchange
	for _, f := range files {
		req, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ans, err := os.ReadFile(strings.TrimSuffix(f, ".request") + ".answer")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, nlExchange{name: filepath.Base(f), request: req, answer: ans})
	}
	return out
}

// nlReplay is a netlink socket that answers as the recorded kernel did,
// provided tsr asks exactly what was recorded (byte for byte, but for the
// sequence number and port id, which differ in every run).
type nlReplay struct {
	left    []nlExchange
	pending []netlink.Message
}

func (s *nlReplay) Send(m netlink.Message) error {
	got, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	if len(s.left) == 0 {
		return fmt.Errorf("tsr asked nl80211 more than was recorded: %x", got)
	}
	x := s.left[0]
	s.left = s.left[1:]
	if len(got) != len(x.request) || !bytes.Equal(got[:8], x.request[:8]) || !bytes.Equal(got[16:], x.request[16:]) {
		return fmt.Errorf("tsr asked nl80211 something else than recorded in %s:\n got %x\nwant %x", x.name, got, x.request)
	}
	s.pending = nil
	for b := x.answer; len(b) >= 16; {
		n := (int(binary.NativeEndian.Uint32(b)) + 3) &^ 3
		var a netlink.Message
		if err := a.UnmarshalBinary(b[:min(n, len(b))]); err != nil {
			return fmt.Errorf("%s: %w", x.name, err)
		}
		// The kernel addresses its answer to the asker, as it did when recorded.
		a.Header.Sequence, a.Header.PID = m.Header.Sequence, m.Header.PID
		s.pending = append(s.pending, a)
		b = b[min(n, len(b)):]
	}
	return nil
}

func (s *nlReplay) SendMessages(ms []netlink.Message) error {
	for _, m := range ms {
		if err := s.Send(m); err != nil {
			return err
		}
	}
	return nil
}

func (s *nlReplay) Receive() ([]netlink.Message, error) {
	msgs := s.pending
	s.pending = nil
	return msgs, nil
}

func (s *nlReplay) ReceiveIter() iter.Seq2[netlink.Message, error] {
	return func(yield func(netlink.Message, error) bool) {
		msgs, _ := s.Receive()
		for _, m := range msgs {
			if !yield(m, nil) {
				return
			}
		}
	}
}

func (s *nlReplay) Close() error { return nil }

// replayNL80211 makes net.wifi read the recording of state through the
// production code, and checks at the end of the test that it asked for
// every recorded answer.
func replayNL80211(t *testing.T, state string) {
	t.Helper()
	sock := &nlReplay{left: loadNL80211(t, state)}
	setVar(t, &wifiLinks, func() ([]wifiLink, error) {
		sock.left = loadNL80211(t, state)
		return readWifiLinksOn(genetlink.NewConn(netlink.NewConn(sock, 4242)))
	})
	t.Cleanup(func() {
		if len(sock.left) > 0 {
			t.Errorf("tsr did not ask what the recording of %s holds from %s on", state, sock.left[0].name)
		}
	})
}
