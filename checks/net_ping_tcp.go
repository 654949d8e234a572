package checks

import (
	"context"
	"net"
	"strconv"
	"sync/atomic"
	"time"
)

// pingPorts are tried for TCP pings; the first that answers is kept.
var pingPorts = []int{443, 80}

// pingTCP times TCP handshakes, one every interval. A refusal counts as an
// answer: the host itself sent it.
func pingTCP(ctx context.Context, plan pingPlan) pingStats {
	var (
		st      pingStats
		settled atomic.Int64 // the port that answered first
	)
	paceEchoes(ctx, plan, &st, func() func(*pingStats) {
		port, rtt, err := tcpEcho(ctx, plan, int(settled.Load()))
		return func(st *pingStats) {
			if err != nil {
				st.errKind, st.err = ErrorKindOf(err), err
				return
			}
			settled.CompareAndSwap(0, int64(port))
			st.rtts = append(st.rtts, rtt)
		}
	})
	st.port = int(settled.Load())
	return st
}

// tcpEcho dials the port that answered before or, while none has, each of
// pingPorts in turn, starting the next when the one before is slow to
// answer. It returns the first port the host answered on.
func tcpEcho(ctx context.Context, plan pingPlan, port int) (int, time.Duration, error) {
	ports := pingPorts
	if port != 0 {
		ports = []int{port}
	}
	ctx, cancel := context.WithTimeout(ctx, plan.timeout)
	defer cancel() // also calls off the dials that have not started
	type answer struct {
		port int
		rtt  time.Duration
		err  error
	}
	answers := make(chan answer, len(ports))
	stagger := min(plan.timeout/4, 250*time.Millisecond)
	for i, p := range ports {
		go func() {
			select {
			case <-ctx.Done():
				answers <- answer{p, 0, ctx.Err()}
				return
			case <-time.After(time.Duration(i) * stagger):
			}
			start := time.Now()
			var d net.Dialer
			conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(plan.dst.String(), strconv.Itoa(p)))
			if conn != nil {
				conn.Close()
			}
			if ErrorKindOf(err) == ErrorKindRefused { // WSAECONNREFUSED on Windows
				err = nil
			}
			answers <- answer{p, time.Since(start), err}
		}()
	}
	var first error
	for range ports {
		a := <-answers
		if a.err == nil {
			return a.port, a.rtt, nil
		}
		if first == nil {
			first = a.err
		}
	}
	return 0, 0, first
}
