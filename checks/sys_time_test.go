package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// sntpServer answers NTP queries on 127.0.0.1 with its clock shifted by
// offset, at the given stratum; answer false makes it listen and say
// nothing. It returns its host:port.
func sntpServer(t *testing.T, offset time.Duration, stratum byte, answer bool) string {
	t.Helper()
	pc := testutil.ListenUDP(t)
	testutil.AnswerUDP(pc, func(request []byte) []byte {
		if !answer {
			return nil
		}
		now := time.Now().Add(offset)
		return testutil.NTPReply(request, stratum, now, now)
	})
	return pc.LocalAddr().String()
}

func TestTimeOffsets(t *testing.T) {
	for _, tc := range []struct {
		shift     time.Duration
		want      Status
		direction string
	}{
		{10 * time.Minute, "fail", "behind"}, // the server is ahead: this clock is behind
		{-10 * time.Minute, "fail", "ahead of"},
		{3 * time.Second, "pass", "behind"},
		{30 * time.Second, "warn", "behind"},
	} {
		server := sntpServer(t, tc.shift, 2, true)
		start := time.Now()
		o := run(t, "sys.time", map[string]any{"server": server, "timeout": "2s"})
		got := status(t, "sys.time", o)
		took := time.Since(start)
		if got != tc.want {
			t.Errorf("shift %s: status %s, want %s (%s)", tc.shift, got, tc.want, o.Message)
		}
		// The round trip is part of the call, and the server read its clock
		// within it: the offset is off by at most half the round trip.
		rtt, _ := o.Observed["rtt"].(time.Duration)
		if rtt <= 0 || rtt > took {
			t.Errorf("shift %s: rtt %v, want more than 0 and at most the %s the check took", tc.shift, o.Observed["rtt"], took)
		}
		offset, _ := o.Observed["offset"].(time.Duration)
		if diff := (offset - tc.shift.Abs()).Abs(); diff > rtt/2+time.Millisecond {
			t.Errorf("shift %s: offset %s, more than half the round trip (%s) from the shift", tc.shift, offset, rtt)
		}
		wantObserved(t, o, map[string]any{"server": server, "stratum": int64(2)})
		if want := " " + tc.direction + " " + server + " (stratum 2,"; !strings.Contains(o.Message, want) {
			t.Errorf("message %q lacks %q", o.Message, want)
		}
	}
}

func TestTimeNoAnswerFailsWithTimeout(t *testing.T) {
	server := sntpServer(t, 0, 2, false)
	var got Status
	o := testutil.Returns(t, "sys.time of a server that never answers, with a 300ms timeout", func() (o Outcome) {
		o = run(t, "sys.time", map[string]any{"server": server, "timeout": "300ms"})
		got = status(t, "sys.time", o)
		return o
	})
	if got != "fail" || o.ErrorKind != "timeout" || !strings.Contains(o.Fix, "could not be reached") {
		t.Errorf("status %s, error_kind %q, fix %q, want fail/timeout and a fix about reaching the server (%s)", got, o.ErrorKind, o.Fix, o.Message)
	}
}

func TestTimeKissOfDeathFails(t *testing.T) {
	server := sntpServer(t, 0, 0, true) // stratum 0: "stop asking me"
	o := run(t, "sys.time", map[string]any{"server": server, "timeout": "2s"})
	got := status(t, "sys.time", o)
	if got != "fail" || o.ErrorKind != "bad_answer" {
		t.Errorf("status %s, error_kind %q (%s)", got, o.ErrorKind, o.Message)
	}
	if _, ok := o.Observed["offset"]; ok {
		t.Error("offset observed from an answer that cannot be trusted")
	}
}
