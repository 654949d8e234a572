package checks

import (
	"context"
	"testing"
)

// pathModel answers probes as a path would: sizes up to mtu come back;
// larger ones get "fragmentation needed" naming mtu when the router
// says so, else they vanish. lossy drops the first probe of that size.
type pathModel struct {
	mtu, link int
	says      bool
	lossy     map[int]bool
	sizes     []int
}

func (m *pathModel) probe(_ context.Context, size int) (probeAnswer, int, error) {
	m.sizes = append(m.sizes, size)
	switch {
	case m.lossy[size]:
		delete(m.lossy, size)
		return probeLost, 0, nil
	case size > m.link:
		return probeTooBig, m.link, nil
	case size <= m.mtu:
		return probeReplied, 0, nil
	case m.says:
		return probeTooBig, m.mtu, nil
	}
	return probeLost, 0, nil
}

func (m *pathModel) Close() error { return nil }

func TestSearchPMTU(t *testing.T) {
	for _, c := range []struct {
		name      string
		path      pathModel
		want      int
		blackHole bool
		maxProbes int
	}{
		{"whole path takes the link", pathModel{mtu: 1500, link: 1500}, 1500, false, 2},
		{"router says 1280", pathModel{mtu: 1280, link: 1500, says: true}, 1280, false, 3},
		{"black hole over 1280", pathModel{mtu: 1280, link: 1500}, 1280, true, 30},
		{"black hole over 1472", pathModel{mtu: 1472, link: 1500}, 1472, true, 30},
		{"one lost probe is no black hole", pathModel{mtu: 1500, link: 1500, lossy: map[int]bool{1500: true}}, 1500, false, 3},
		{"nothing answers", pathModel{mtu: 0, link: 1500}, 0, false, 2},
	} {
		r, err := searchPMTU(context.Background(), &c.path, 576, 1500)
		if err != nil || r.pathMTU != c.want || r.blackHole != c.blackHole || r.probes > c.maxProbes {
			t.Errorf("%s: %+v, %v; want path MTU %d, black hole %v, at most %d probes (sent %v)",
				c.name, r, err, c.want, c.blackHole, c.maxProbes, c.path.sizes)
		}
	}
}
