package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/tsrhq/tsr/internal/lazyregexp"
)

// Finding is one thing a report or bundle tells about the person or the
// machine, and where it stands, so the user can decide before it leaves.
type Finding struct {
	Kind  string   `json:"kind"` // host name, user name, address, MAC, Wi-Fi network, serial, domain, e-mail
	Value string   `json:"value"`
	Note  string   `json:"note,omitempty"` // "private", "public", ...
	Where []string `json:"where"`          // JSON paths in a report, file:line in other files
}

// findingKinds orders a review: who, then which machine, then where it is.
var findingKinds = []string{"user name", "e-mail", "host name", "serial", "MAC", "Wi-Fi network", "address", "domain"}

var (
	reviewEmail  = lazyregexp.New(`\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b`)
	reviewDomain = lazyregexp.New(`\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b`)
	// reviewUser finds a user name in a home folder (after a domain
	// folder such as /home/CORP/jdoe) or in id's "uid=1001(jdoe)".
	reviewUser = lazyregexp.New(`(?:/home/(?:[A-Z0-9-]+/)?|/Users/|\\Users\\|uid=\d+\()([A-Za-z0-9._-]+)`)
	// checkTypeFamilies are first labels of check type names (dns.resolve), not domains.
	checkTypeFamilies = map[string]bool{"net": true, "dns": true, "hw": true, "sys": true}
	// fileSuffixes are endings that make a word look like a domain but name a file.
	fileSuffixes = map[string]bool{"json": true, "yaml": true, "yml": true, "md": true, "html": true, "txt": true, "conf": true,
		"zip": true, "log": true, "go": true, "pem": true, "xml": true, "prom": true, "exe": true, "dll": true, "sh": true, "service": true,
		"socket": true, "py": true, "js": true, "css": true, "png": true, "local": false}
)

// Review lists what files tell about the person and the machine. A JSON
// report is read as data (where = its JSON path); other files as text
// (where = file:line).
func Review(files []EvidenceFile) []Finding {
	rv := reviewer{found: map[string]*Finding{}}
	for _, f := range files {
		if f.Path == "report.html" || f.Path == "report.md" {
			continue // renderings of report.json, which is read as data; their markup is no one's data
		}
		var doc any
		if strings.HasSuffix(f.Path, ".json") && json.Unmarshal(f.Data, &doc) == nil {
			rv.known(doc)
			rv.walk(f.Path, "", doc)
			continue
		}
		for i, line := range strings.Split(string(f.Data), "\n") {
			rv.scan(fmt.Sprintf("%s:%d", f.Path, i+1), line)
		}
	}
	return rv.list()
}

type reviewer struct {
	found map[string]*Finding
	words []Finding // known values: the host name, serials, Wi-Fi names
}

func (rv *reviewer) add(kind, value, note, where string) {
	key := kind + "\x00" + value
	f := rv.found[key]
	if f == nil {
		f = &Finding{Kind: kind, Value: value, Note: note}
		rv.found[key] = f
	}
	if len(f.Where) == 0 || f.Where[len(f.Where)-1] != where {
		f.Where = append(f.Where, where)
	}
}

// known learns the values a report names outright: its host name, the
// inventory's serials, Wi-Fi network names.
func (rv *reviewer) known(doc any) {
	m, _ := doc.(map[string]any)
	if host, _ := m["host"].(map[string]any); host != nil {
		if name, _ := host["hostname"].(string); name != "" && !isPlaceholder(name) {
			rv.words = append(rv.words, Finding{Kind: "host name", Value: name})
		}
	}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		case string:
			k := strings.ToLower(key)
			switch {
			case x == "" || isPlaceholder(x) || strings.EqualFold(x, "unknown"):
			case strings.Contains(k, "serial") || k == "uuid":
				rv.words = append(rv.words, Finding{Kind: "serial", Value: x})
			case k == "ssid":
				rv.words = append(rv.words, Finding{Kind: "Wi-Fi network", Value: x})
			}
		}
	}
	walk("", doc)
}

func (rv *reviewer) walk(file, path string, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rv.walk(file, joinPath(path, k), x[k])
		}
	case []any:
		for i, e := range x {
			rv.walk(file, path+"["+elementName(e, i)+"]", e)
		}
	case string:
		rv.scan(file+": "+path, x)
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// elementName names a list element by its id when it has one
// (results[dns]), else by its index.
func elementName(e any, i int) string {
	if m, ok := e.(map[string]any); ok {
		for _, k := range []string{"id", "check"} {
			if id, ok := m[k].(string); ok && id != "" {
				return id
			}
		}
	}
	return strconv.Itoa(i)
}

// scan finds personal and machine data in one piece of text.
func (rv *reviewer) scan(where, s string) {
	for _, w := range rv.words {
		if containsWord(s, w.Value) {
			rv.add(w.Kind, w.Value, "", where)
		}
	}
	for _, m := range reviewUser.FindAllStringSubmatch(s, -1) {
		if !isPlaceholder(m[1]) {
			rv.add("user name", m[1], "", where)
		}
	}
	for _, e := range reviewEmail.FindAllString(s, -1) {
		rv.add("e-mail", e, "", where)
	}
	for _, mac := range macAddress.FindAllString(s, -1) {
		rv.add("MAC", strings.ToLower(mac), "", where)
	}
	for _, c := range ipCandidate.FindAllString(s, -1) {
		ip, err := netip.ParseAddr(c)
		if err != nil || ip.IsLoopback() || ip.IsUnspecified() {
			continue
		}
		note := "public"
		switch {
		case ip.IsPrivate() || cgnat.Contains(ip):
			note = "private"
		case ip.IsLinkLocalUnicast():
			note = "link-local"
		}
		rv.add("address", ip.String(), note, where)
	}
	for _, d := range reviewDomain.FindAllString(s, -1) {
		labels := strings.Split(d, ".")
		if fileSuffixes[strings.ToLower(labels[len(labels)-1])] || len(labels) == 2 && checkTypeFamilies[labels[0]] || reviewEmail.MatchString(s) && strings.Contains(s, "@"+d) {
			continue
		}
		rv.add("domain", strings.ToLower(d), "", where)
	}
}

func isPlaceholder(s string) bool { return placeholderForm.MatchString(s) && strings.HasPrefix(s, "[") }

// containsWord reports whether v stands in s as a whole word.
func containsWord(s, v string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], v)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !wordByte(s[j-1])
		after := j+len(v) == len(s) || !wordByte(s[j+len(v)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func (rv *reviewer) list() []Finding {
	rank := map[string]int{}
	for i, k := range findingKinds {
		rank[k] = i
	}
	out := make([]Finding, 0, len(rv.found))
	for _, f := range rv.found {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] < rank[b.Kind]
		}
		if len(a.Where) != len(b.Where) {
			return len(a.Where) > len(b.Where)
		}
		return a.Value < b.Value
	})
	return out
}

// reviewPlacesShown bounds the places listed per finding; the count says the rest.
const reviewPlacesShown = 3

// WriteReview prints findings for a person.
func WriteReview(w io.Writer, name, redaction string, findings []Finding) error {
	var b bytes.Buffer
	if len(findings) == 0 {
		fmt.Fprintf(&b, "%s tells nothing personal that tsr can recognise (redaction: %s).\n", name, redaction)
		_, err := w.Write(b.Bytes())
		return err
	}
	fmt.Fprintf(&b, "What %s tells about you and this machine (redaction: %s):\n\n", name, redaction)
	t := NewTable(&b)
	t.Header("what", "value", "where")
	for _, f := range findings {
		value := cleanLine(f.Value)
		if f.Note != "" {
			value += " (" + f.Note + ")"
		}
		where := strings.Join(f.Where[:min(len(f.Where), reviewPlacesShown)], ", ")
		if n := len(f.Where) - reviewPlacesShown; n > 0 {
			where += fmt.Sprintf(" and %d more", n)
		}
		if err := t.Append(f.Kind, value, cleanLine(where)); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	fmt.Fprintf(&b, "\nTo hide these before the file leaves: tsr report redact %s --redact pii [--hide VALUE]... -o OUT\n", name)
	_, err := w.Write(b.Bytes())
	return err
}
