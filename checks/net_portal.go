package checks

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.portal",
			Title: "No captive portal is in the way",
			Doc: "Fetches a plain-HTTP probe address that answers a known way (204 No Content, or a known body), as phones and laptops do to detect hotel and guest networks. " +
				"A redirect or any other page means a captive portal intercepts web traffic until someone signs in. " +
				"It goes through the proxy in effect, and directly when that proxy does not answer.",
			Params: []Param{
				{Name: "url", Kind: KindString, Default: "http://connectivitycheck.gstatic.com/generate_204", Check: HTTPURL, Doc: "the probe address; plain http://, since a portal cannot intercept HTTPS without a certificate error"},
				{Name: "expect_status", Kind: KindInt, Default: 204, Check: Between(100, 599), Doc: "the status the probe answers when nothing intercepts it"},
				{Name: "expect_body", Kind: KindString, Doc: `the body the probe answers instead (with any 2xx status), e.g. "success" for http://detectportal.firefox.com/success.txt; compared without surrounding blanks`},
				{Name: "proxy", Kind: KindString, Default: "auto", Enum: []string{"auto", "direct"}, Doc: "auto: through the proxy in effect, as a browser would; direct: never through a proxy"},
				{Name: "timeout", Kind: KindDuration, Default: "5s", Doc: "how long the request may take"},
			},
			Fields: []Field{
				{Name: "captive", Kind: KindBool, Doc: "something other than the probe answered (a redirect or a page): a captive portal"},
				{Name: "status", Kind: KindInt, Doc: "the status of the answer"},
				{Name: "redirect", Kind: KindString, Doc: "where the portal sends the browser (its Location); empty without a redirect"},
				{Name: "latency", Kind: KindDuration, Doc: "time until the answer's headers arrived"},
			},
			Expect:     Assertions{"captive": false},
			ErrorKinds: join(dialKinds, tlsKinds), // an https:// probe's certificate
			Timeout:    5 * time.Second,
			Example:    "url: http://detectportal.firefox.com/success.txt\nexpect_body: success",
			Support:    Portable,
			Run:        runPortal,
		}
	})
}

func runPortal(ctx context.Context, _ *Env, p Params) Outcome {
	probe, _ := url.Parse(p.String("url")) // HTTPURL let only a URL through
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	setting, err := proxyChoice(p.String("proxy"), probe)
	if err != nil {
		setting = proxySetting{} // a broken proxy setting is net.proxy's to report
	}
	note := ""
	resp, latency, err := portalGet(ctx, probe, setting.URL)
	var op *net.OpError
	if setting.URL != nil && errors.As(err, &op) && op.Op == "proxyconnect" {
		// A portal blocks the proxy too: ask directly, as a browser's
		// portal detection does.
		note = " (the proxy " + setting.URL.Redacted() + " did not answer; asked directly)"
		resp, latency, err = portalGet(ctx, probe, nil)
	} else if setting.URL != nil {
		note = " (through the proxy " + setting.URL.Redacted() + ")"
	}
	if err != nil {
		// A portal answers, so that people can sign in: no answer at all
		// is no portal. What is wrong instead, the next checks tell.
		kind, words := httpProblem(err)
		o := Outcome{Observed: map[string]any{"captive": false}, ErrorKind: kind,
			Message: "No captive portal answered: GET " + probe.String() + " got no answer (" + words + ")" + note}
		return o
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, httpBodyLimit))
	obs := map[string]any{"status": int64(resp.StatusCode), "latency": latency, "redirect": "", "captive": false}
	want := p.String("expect_body")
	switch {
	case want == "" && int64(resp.StatusCode) == p.Int("expect_status"),
		want != "" && resp.StatusCode/100 == 2 && strings.TrimSpace(string(body)) == strings.TrimSpace(want):
		return Outcome{Observed: obs, Message: "No captive portal: " + probe.String() + " answered " + resp.Status +
			" as it should, in " + FormatDuration(latency) + note}
	}
	obs["captive"] = true
	if loc, err := resp.Location(); err == nil {
		obs["redirect"] = loc.String()
		return Outcome{Observed: obs, Message: "A captive portal intercepts web traffic: " + probe.String() + " was redirected (" +
			strconv.Itoa(resp.StatusCode) + ") to " + loc.String() + note + ". Sign in there (or accept its terms) to get online"}
	}
	expected := "status " + strconv.FormatInt(p.Int("expect_status"), 10)
	if want != "" {
		expected = "the body " + strconv.Quote(strings.TrimSpace(want))
	}
	return Outcome{Observed: obs, Message: "A captive portal or filter intercepts web traffic: " + probe.String() + " answered " +
		resp.Status + " with a page of its own instead of " + expected + note + ". Open a web page in a browser and sign in if asked"}
}

// portalGet fetches probe once, through proxy when one is given, without
// following redirects (where they lead is the finding).
func portalGet(ctx context.Context, probe, proxy *url.URL) (*http.Response, time.Duration, error) {
	transport := &http.Transport{
		Proxy:             func(*http.Request) (*url.URL, error) { return proxy, nil },
		DisableKeepAlives: true,
	}
	client := &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, probe.String(), nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Cache-Control", "no-cache") // a cached 204 would hide the portal
	start := time.Now()
	resp, err := client.Do(req)
	return resp, time.Since(start), err
}
