package playbooks

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// lateServer answers every request after delay: a slow service.
func lateServer(b *testing.B, delay time.Duration) string {
	testutil.NeedLoopback(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(srv.Close)
	return srv.URL
}

func probesPlaybook(b *testing.B, n int, url string) *Playbook {
	var sb strings.Builder
	sb.WriteString("tsr: 1\nname: bench\nchecks:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  - { id: web%d, uses: net.http, with: { url: %q, proxy: none } }\n", i, url)
	}
	pb, problems := Load("bench.yaml", "bench", []byte(sb.String()))
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	return pb
}

func benchmarkLateProbes(b *testing.B, n int) {
	pb := probesPlaybook(b, n, lateServer(b, 300*time.Millisecond))
	for b.Loop() {
		out, err := Run(context.Background(), []*Playbook{pb}, Options{Concurrency: 16 * 3})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range out.Results {
			if r.Status != "pass" {
				b.Fatalf("%s: %s %s", r.ID, r.Status, r.Message)
			}
		}
	}
}

// BenchmarkLateProbes1 and BenchmarkLateProbes40: 40 independent probes
// of a server that answers after 300 ms take about as long as one, since
// they run concurrently (the physical limit is the slowest chain: 300 ms).
func BenchmarkLateProbes1(b *testing.B)  { benchmarkLateProbes(b, 1) }
func BenchmarkLateProbes40(b *testing.B) { benchmarkLateProbes(b, 40) }

// BenchmarkLateProbes40Default uses the default concurrency
// (DefaultConcurrency): 40 probes in one wave, the time of one.
func BenchmarkLateProbes40Default(b *testing.B) {
	pb := probesPlaybook(b, 40, lateServer(b, 300*time.Millisecond))
	for b.Loop() {
		if _, err := Run(context.Background(), []*Playbook{pb}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunnerOverhead: the cost of scheduling, judging and recording
// one check whose probe does nothing.
func BenchmarkRunnerOverhead(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("tsr: 1\nname: bench\nchecks:\n")
	for i := range 100 {
		need := ""
		if i > 0 {
			need = fmt.Sprintf(", needs: [c%d]", i-1)
		}
		fmt.Fprintf(&sb, "  - { id: c%d, uses: test.probe%s }\n", i, need)
	}
	pb, problems := Load("bench.yaml", "bench", []byte(sb.String()))
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	for b.Loop() {
		if _, err := Run(context.Background(), []*Playbook{pb}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100, "ns/check")
}

// BenchmarkValidate: loading and validating a 40-check playbook.
func BenchmarkValidate(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("tsr: 1\nname: bench\nvars: { site: example.com }\nchecks:\n")
	for i := range 40 {
		fmt.Fprintf(&sb, "  - { id: web%d, uses: net.http, with: { url: \"https://${vars.site}/%d\" }, expect: { status: [200, 204] }, warn: { latency: \"< 300ms\" } }\n", i, i)
	}
	data := []byte(sb.String())
	for b.Loop() {
		if _, problems := Load("bench.yaml", "bench", data); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "playbooks/s")
}

// refChain is a chain of n checks, each needing the one before, whose
// titles each name ${checks.c0.hostname} refs times: the shape that made
// validation quadratic to cubic.
func refChain(n, refs int) []byte {
	var sb strings.Builder
	sb.WriteString("tsr: 1\nname: chain\nchecks:\n  - { id: c0, uses: sys.os }\n")
	title := strings.TrimSuffix(strings.Repeat("${checks.c0.hostname} ", refs), " ")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&sb, "  - { id: c%d, uses: sys.os, needs: [c%d], title: %q }\n", i, i-1, title)
	}
	return []byte(sb.String())
}

// plainChecks is n independent checks.
func plainChecks(n int) []byte {
	var sb strings.Builder
	sb.WriteString("tsr: 1\nname: many\nchecks:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  - { id: c%d, uses: sys.os }\n", i)
	}
	return []byte(sb.String())
}

func benchmarkLoad(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, problems := Load("bench.yaml", "bench", data); len(problems) > 0 {
			b.Fatal(problems[:1])
		}
	}
}

// BenchmarkValidateRefChain2000x20: 2,000 checks in a needs chain, each
// title naming ${checks.c0.…} 20 times (issue 18: 1,000 took 10-18 s).
func BenchmarkValidateRefChain2000x20(b *testing.B) { benchmarkLoad(b, refChain(2000, 20)) }

// BenchmarkValidatePlain100k: 100,000 independent checks (did not finish
// in 120 s with the linear look-up by id).
func BenchmarkValidatePlain100k(b *testing.B) { benchmarkLoad(b, plainChecks(100000)) }

// TestBigPlaybooksValidate: the benchmarks' playbooks are valid, and so is
// a 100,000-check needs chain (no recursion too deep for the stack).
func TestBigPlaybooksValidate(t *testing.T) {
	if testing.Short() {
		t.Skip("large playbooks")
	}
	var chain strings.Builder
	chain.WriteString("tsr: 1\nname: chain\nchecks:\n  - { id: c0, uses: sys.os }\n")
	for i := 1; i < 100000; i++ {
		fmt.Fprintf(&chain, "  - { id: c%d, uses: sys.os, needs: [c%d] }\n", i, i-1)
	}
	for name, data := range map[string][]byte{"refs": refChain(200, 20), "plain": plainChecks(1000), "chain": []byte(chain.String())} {
		if _, problems := Load("big.yaml", "big", data); len(problems) > 0 {
			t.Errorf("%s: %v", name, problems[:1])
		}
	}
}
