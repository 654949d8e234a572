package checks

import (
	"net/url"
	"testing"
)

func TestEnvProxy(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	site, plain := mustURL(t, "https://www.example.com/x"), mustURL(t, "http://www.example.com/")
	for _, c := range []struct {
		name   string
		getenv func(string) string
		target *url.URL
		proxy  string // "" direct
		source string
		decide bool
	}{
		{"nothing set", env(), site, "", "", false},
		{"upper case", env("HTTPS_PROXY", "http://p:3128"), site, "http://p:3128", "HTTPS_PROXY", true},
		{"lower case", env("https_proxy", "p:3128"), site, "http://p:3128", "https_proxy", true},
		{"upper case first", env("HTTPS_PROXY", "http://a:1", "https_proxy", "http://b:2"), site, "http://a:1", "HTTPS_PROXY", true},
		{"http URL takes HTTP_PROXY", env("HTTPS_PROXY", "http://a:1", "HTTP_PROXY", "http://b:2"), plain, "http://b:2", "HTTP_PROXY", true},
		{"https URL ignores HTTP_PROXY", env("HTTP_PROXY", "http://b:2"), site, "", "", false},
		{"NO_PROXY domain", env("HTTPS_PROXY", "http://a:1", "NO_PROXY", "intranet.test, example.com"), site, "", "NO_PROXY", true},
		{"NO_PROXY leading dot", env("HTTPS_PROXY", "http://a:1", "no_proxy", ".example.com"), site, "", "NO_PROXY", true},
		{"NO_PROXY other domain", env("HTTPS_PROXY", "http://a:1", "NO_PROXY", "ample.com"), site, "http://a:1", "HTTPS_PROXY", true},
		{"NO_PROXY star", env("HTTPS_PROXY", "http://a:1", "NO_PROXY", "*"), site, "", "NO_PROXY", true},
		{"NO_PROXY CIDR", env("HTTPS_PROXY", "http://a:1", "NO_PROXY", "10.0.0.0/8"), mustURL(t, "https://10.1.2.3/"), "", "NO_PROXY", true},
		{"NO_PROXY other port", env("HTTPS_PROXY", "http://a:1", "NO_PROXY", "example.com:8443"), site, "http://a:1", "HTTPS_PROXY", true},
		{"loopback never", env("HTTPS_PROXY", "http://a:1"), mustURL(t, "https://127.0.0.1/"), "", "NO_PROXY", true},
	} {
		s, decided, err := envProxy(c.target, c.getenv)
		got := ""
		if s.URL != nil {
			got = s.URL.String()
		}
		if err != nil || got != c.proxy || s.Source != c.source || decided != c.decide {
			t.Errorf("%s: proxy %q from %q (decided %v, %v); want %q from %q (%v)", c.name, got, s.Source, decided, err, c.proxy, c.source, c.decide)
		}
	}
	_, _, err := envProxy(site, env("HTTPS_PROXY", "ftp://bob:hunter2@p:21"))
	if err == nil || err.Error() != `HTTPS_PROXY="ftp://xxxxx@p:21" is not a proxy address such as http://proxy.example.com:3128` {
		t.Errorf("bad proxy: %v", err)
	}
}

func TestWinProxyFor(t *testing.T) {
	site, plain := mustURL(t, "https://www.example.com/"), mustURL(t, "http://intranet/")
	for _, c := range []struct {
		server, bypass string
		target         *url.URL
		proxy          string
		bypassed       bool
	}{
		{"proxy.corp:8080", "", site, "http://proxy.corp:8080", false},
		{"http=h:80;https=s:443", "", site, "http://s:443", false},
		{"http=h:80;https=s:443", "", plain, "http://h:80", false},
		{"http=h:80", "", site, "", false},
		{"socks=s:1080", "", site, "socks5://s:1080", false},
		{"proxy.corp:8080", "<local>", plain, "", true},
		{"proxy.corp:8080", "<local>", site, "http://proxy.corp:8080", false},
		{"proxy.corp:8080", "*.EXAMPLE.com;10.*", site, "", true},
	} {
		u, bypassed, err := winProxyFor(c.target, c.server, c.bypass)
		got := ""
		if u != nil {
			got = u.String()
		}
		if err != nil || got != c.proxy || bypassed != c.bypassed {
			t.Errorf("%q bypass %q for %s: %q, %v, %v; want %q, %v", c.server, c.bypass, c.target, got, bypassed, err, c.proxy, c.bypassed)
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
