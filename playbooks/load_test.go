package playbooks

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T, src string) (*Playbook, Problems) {
	t.Helper()
	return Load("pb.yaml", "pb.yaml", []byte(src))
}

func mustLoad(t *testing.T, src string) *Playbook {
	t.Helper()
	pb, problems := load(t, src)
	if len(problems) > 0 {
		t.Fatalf("unexpected problems:\n%v", problems)
	}
	return pb
}

// TestSpecExamplesValidate loads every YAML example of the playbook spec.
func TestSpecExamplesValidate(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	spec, err := os.ReadFile("../../shared/spec/playbook.md")
	if err == nil {
		blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(spec), -1)
		if len(blocks) == 0 {
			t.Fatal("playbook.md has no yaml example: the extraction is broken")
		}
		for i, b := range blocks {
			src := b[1]
			if !regexp.MustCompile(`(?m)^tsr:`).MatchString(src) {
				// A fragment of a check (Round 2's fix map, keyed by
				// net.ping's error kinds): validated inside a ping check.
				// Its lines are indented as the list item it sits in.
				indent := src[:len(src)-len(strings.TrimLeft(src, " "))]
				body := regexp.MustCompile(`(?m)^`+indent).ReplaceAllString(strings.TrimRight(src, " \n"), "    ")
				src = "tsr: 1\nname: fragment\nchecks:\n  - id: gateway\n    uses: net.ping\n    with: { host: 192.0.2.1 }\n" + body + "\n"
			}
			if _, problems := Load("playbook.md#"+string(rune('1'+i)), "spec", []byte(src)); len(problems) > 0 {
				t.Errorf("spec example %d does not validate:\n%v", i+1, problems)
			}
		}
	} else {
		t.Logf("no spec beside the repository (%v); checking testdata only", err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/valid playbooks")
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if _, problems := Load(f, f, data); len(problems) > 0 {
			t.Errorf("%s does not validate:\n%v", f, problems)
		}
	}
}

// TestEveryMistakeReportedAtItsPlace feeds a playbook holding one of each
// kind of mistake that playbook.md lists and expects them all, in one run,
// each at its line and column.
func TestEveryMistakeReportedAtItsPlace(t *testing.T) {
	data, err := os.ReadFile("testdata/mistakes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, problems := Load("mistakes.yaml", "mistakes.yaml", data)
	want := []string{
		`mistakes.yaml:1:6: tsr: unsupported format version "2"`,
		`mistakes.yaml:2:7: name "Bad Name"`,
		`mistakes.yaml:4:1: playbook: unknown key "colour"`,
		`mistakes.yaml:8:5: check bad_id!: missing required key "uses"`,
		`mistakes.yaml:8:9: check id "bad_id!"`,
		`mistakes.yaml:9:5: check: unknown key "uses_"; did you mean "uses"?`,
		`mistakes.yaml:11:11: unknown check type "test.prob"; did you mean "test.probe"?`,
		`mistakes.yaml:12:9: duplicate check id "a" (first at line 10)`,
		`mistakes.yaml:15:7: test.probe has no parameter "sleeep"; did you mean "sleep"?`,
		`mistakes.yaml:16:14: with.sleep: bad duration "forever"`,
		`mistakes.yaml:17:15: with.result: "maybe" is not one of pass, fail, error, skip`,
		`mistakes.yaml:18:14: with.count: want a whole number`,
		`mistakes.yaml:20:7: expect: test.probe observes no field "okay"; did you mean "ok"?`,
		`mistakes.yaml:21:14: expect slept (duration): "< 5 apples": bad duration`,
		`mistakes.yaml:22:11: expect ok (bool): "> 3": a bool field can only be compared with == or !=`,
		`mistakes.yaml:24:13: warn used (percent): "< lots%": bad percentage`,
		`mistakes.yaml:25:14: warn value (string): {matches: "("}: bad regular expression "(": missing closing )`,
		`mistakes.yaml:26:15: severity "urgent"`,
		`mistakes.yaml:27:11: tier "5": use 1 (you or the help desk), 2 (a technician) or 3 (an engineer)`,
		`mistakes.yaml:28:14: timeout: bad duration "soon"`,
		`mistakes.yaml:29:13: check a needs "nope", which is not a check of this playbook`,
		`mistakes.yaml:30:5: check c (sys.file): missing required parameter "path"`,
		`mistakes.yaml:35:13: needs form a cycle: c -> d -> c`,
		`mistakes.yaml:37:14: with.value: ${vars.sitee}: this playbook has no var "sitee"; did you mean "site"?`,
		`mistakes.yaml:42:14: with.value: ${checks.a.ok}: check e can only refer to checks it needs; add a to its needs`,
		`mistakes.yaml:43:14: with.items: ${checks.d.nope}: test.probe observes no field "nope"`,
		`mistakes.yaml:44:14: with.count: ${host.cpu}: unknown host fact "cpu"`,
		`mistakes.yaml:47:40: with.interval: 1ms is too short: use 10ms or more`,
		`mistakes.yaml:49:7: fix: "filterd" is not an error kind of net.ping, nor fail, warn or default; did you mean "filtered"? (` + "`tsr checks net.ping`" + ` lists them)`,
		`mistakes.yaml:50:16: fix.default: ${vars.nope}: this playbook has no var "nope"`,
	}
	got := problems.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem %q", w)
		}
	}
	if len(problems) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(problems), len(want), got)
	}
}

// TestFixKeysAreTheTypesErrorKinds: a fix map may key advice only by an
// error kind the check's type declares it can end with (or one every
// check can), so advice that could never be given is refused where it is
// written; every type declares its kinds, the hardware readers included.
func TestFixKeysAreTheTypesErrorKinds(t *testing.T) {
	_, problems := load(t, "tsr: 1\nname: x\nchecks:\n  - id: cpu\n    uses: hw.cpu\n    fix: {tls_expired: Renew it., nxdomain: Fix DNS., timeout: Wait., reference: Look.}\n")
	want := []string{
		`pb.yaml:6:11: fix: "tls_expired" is not an error kind of hw.cpu, nor fail, warn or default (` + "`tsr checks hw.cpu`" + ` lists them)`,
		`pb.yaml:6:35: fix: "nxdomain" is not an error kind of hw.cpu, nor fail, warn or default (` + "`tsr checks hw.cpu`" + ` lists them)`,
	}
	if got := problems.Error(); len(problems) != len(want) || !strings.Contains(got, want[0]) || !strings.Contains(got, want[1]) {
		t.Errorf("problems:\n%s\nwant exactly:\n%s", got, strings.Join(want, "\n"))
	}
	mustLoad(t, "tsr: 1\nname: x\nchecks:\n  - id: tls\n    uses: net.tls\n    with: {host: example.com}\n    fix: {tls_expired: Renew it.}\n")
	// A DNS server can be out of reach as any host can.
	mustLoad(t, "tsr: 1\nname: x\nchecks:\n  - id: dns\n    uses: dns.resolve\n    with: {name: example.com, server: 10.9.9.9}\n    fix: {no_route: Add a route., unreachable: Check the host., reset: Retry., notimp: Ask another server.}\n")
}

// A check of an unknown type still has its references judged, and each
// mistake in its with names the parameter, as with a known type.
func TestReferenceMistakesOfAnUnknownTypeNameTheParameter(t *testing.T) {
	_, problems := load(t, "tsr: 1\nname: x\nchecks:\n  - {id: a, uses: test.prob, with: {value: '${vars.nope}', count: '${bad}'}}\n")
	want := []string{
		`pb.yaml:4:19: unknown check type "test.prob"; did you mean "test.probe"?`,
		`pb.yaml:4:67: with.count: bad reference ${bad}: write ${vars.NAME}, ${host.FIELD} or ${checks.ID.FIELD} (with [N] for an element of a list)`,
		`pb.yaml:4:44: with.value: ${vars.nope}: this playbook has no var "nope"`,
	}
	if got := problems.Error(); len(problems) != len(want) || !strings.Contains(got, want[0]) || !strings.Contains(got, want[1]) || !strings.Contains(got, want[2]) {
		t.Errorf("problems:\n%s\nwant exactly:\n%s", got, strings.Join(want, "\n"))
	}
}

// Tabs and unclosed quotes are placed where they are, not where the
// parser gave up; a bad matcher is quoted as written.
func TestSyntaxMistakesAtTheirRealPlace(t *testing.T) {
	for src, want := range map[string]string{
		"tsr: 1\nname: x\nchecks:\n  - id: a\n\tuses: sys.os\n":                                                             "pb.yaml:5:1: YAML: a tab indents this line",
		"tsr: 1\nname: x\nchecks:\n  - id: a\n    uses: sys.os\n    title: \"OS\n    severity: low\n":                       "pb.yaml:6:12: YAML: the value quoted with \" here is never closed",
		"tsr: 1\nname: x\nchecks:\n  - id: a\n    uses: sys.os\n    title: 'it''s\n":                                        "pb.yaml:6:12: YAML: the value quoted with ' here is never closed",
		"tsr: 1\nname: x\nchecks:\n  - {id: a, uses: net.ping, with: {host: 192.0.2.1}, expect: {received: \"=> 1\"}}\n":    `got "=> 1"; did you mean >=?`,
		"tsr: 1\nname: x\nchecks:\n  - {id: a, uses: net.ping, with: {host: 192.0.2.1}, expect: {rtt_avg: {contain: 5}}}\n": `expect rtt_avg (duration): {contain: 5}: unknown matcher "contain"; did you mean "contains"?`,
	} {
		_, problems := load(t, src)
		if !strings.Contains(problems.Error(), want) {
			t.Errorf("%q:\n got %v\nwant %q", src, problems, want)
		}
	}
}

func TestYAMLSyntaxErrorHasLine(t *testing.T) {
	_, problems := load(t, "tsr: 1\nname: x\nchecks:\n  - id: a\n   uses: [\n")
	if len(problems) != 1 || problems[0].Line < 3 || !strings.HasPrefix(problems[0].Message, "YAML: ") {
		t.Fatalf("problems = %v", problems)
	}
}

func TestEmptyAndNonMapPlaybooks(t *testing.T) {
	for src, want := range map[string]string{
		"":                              "the file is empty",
		"- a\n- b\n":                    "playbook must be a map",
		"tsr: 1\nname: x\nchecks: []\n": "checks is empty",
		"tsr: 1\nchecks:\n  - {id: a, uses: test.probe}\n": `missing required key "name"`,
	} {
		_, problems := load(t, src)
		if !strings.Contains(problems.Error(), want) {
			t.Errorf("%q: problems %v, want %q", src, problems, want)
		}
	}
}

func TestReferencesResolveAtValidation(t *testing.T) {
	pb := mustLoad(t, `
tsr: 1
name: refs
vars:
  site: intranet.example.com
  ports: [80, 443]
  literal: x
checks:
  - id: a
    uses: test.probe
    with: { value: "${vars.site}", items: "${vars.ports}" }
  - id: b
    uses: test.probe
    needs: [a]
    title: "Probe for ${vars.site} on ${host.os}"
    with: { value: "$${not.a.ref} ${checks.a.value}", count: "${checks.a.count}", items: ["${checks.a.items[1]}", "${vars.site}"] }
`)
	p, err := pb.Params(pb.Checks[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.String("value") != "intranet.example.com" || strings.Join(p.List("items"), ",") != "80,443" {
		t.Errorf("params of a = %v", p)
	}
	obs := Observed{"a": {"value": "v1", "count": int64(7), "items": []string{"x", "y"}}}
	p, err = pb.Params(pb.Checks[1], obs)
	if err != nil {
		t.Fatal(err)
	}
	if p.String("value") != "${not.a.ref} v1" || p.Int("count") != 7 || strings.Join(p.List("items"), ",") != "y,intranet.example.com" {
		t.Errorf("params of b = %v", p)
	}
	if _, err := pb.Params(pb.Checks[1], Observed{"a": {"items": []string{"x"}, "value": "", "count": int64(1)}}); err == nil || !strings.Contains(err.Error(), "${checks.a.items[1]}: the list has 1 element, so there is no [1]") {
		t.Errorf("out-of-range reference: err = %v", err)
	}
}

func TestListVarInsideStringIsAnError(t *testing.T) {
	_, problems := load(t, `
tsr: 1
name: x
vars: { rs: [a, b] }
checks:
  - { id: a, uses: test.probe, with: { value: "to ${vars.rs}" } }
`)
	if !strings.Contains(problems.Error(), "is a list and cannot be part of a longer string") {
		t.Errorf("problems = %v", problems)
	}
}

func TestSetVarsIsTypeAware(t *testing.T) {
	src := `
tsr: 1
name: x
vars: { site: a, resolvers: [r1], count: 3, strict: false }
checks:
  - { id: a, uses: test.probe, with: { value: "${vars.site}", items: "${vars.resolvers}", count: "${vars.count}" } }
`
	pb := mustLoad(t, src)
	if err := SetVars([]*Playbook{pb}, []string{"site=b.example", "resolvers=192.0.2.1, 192.0.2.2", "count=5", "strict=true"}); err != nil {
		t.Fatal(err)
	}
	p, err := pb.Params(pb.Checks[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.String("value") != "b.example" || strings.Join(p.List("items"), "|") != "192.0.2.1|192.0.2.2" || p.Int("count") != 5 || pb.Var("strict").Value != true {
		t.Errorf("after --set: %v strict=%v", p, pb.Var("strict").Value)
	}
	for set, want := range map[string]string{
		"count=many": "want a whole number",
		"sitee=x":    `did you mean "site"?`,
		"novalue":    "write NAME=VALUE",
		"strict=yes": "want true or false",
	} {
		pb := mustLoad(t, src)
		if err := SetVars([]*Playbook{pb}, []string{set}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--set %s: err = %v, want %q", set, err, want)
		}
	}
}

func TestBuiltinsValidate(t *testing.T) {
	names := BuiltinNames()
	if len(names) == 0 || names[0] == "" {
		t.Fatal("no built-in playbooks embedded")
	}
	for _, name := range names {
		pb, err := Open(name, nil)
		if err != nil {
			t.Errorf("built-in %s: %v", name, err)
			continue
		}
		if pb.Source != "builtin:"+name || pb.Name != name {
			t.Errorf("built-in %s: source %q name %q", name, pb.Source, pb.Name)
		}
		for _, v := range pb.Vars {
			if !slices.Contains(StandardVars, v.Name) {
				t.Errorf("built-in %s: var %q is not one of the standard %v: one command line must serve every built-in", name, v.Name, StandardVars)
			}
		}
	}
}

// A support team's one command line works for any built-in: standard vars
// a playbook has no use for are passed over, other unknown names are not.
func TestStandardVarsServeEveryBuiltin(t *testing.T) {
	sets := []string{"site=intranet.example", "ntp_server=ntp.example", "resolvers=192.0.2.53", "ping_host=192.0.2.1", "portal_url=http://192.0.2.2/"}
	for _, name := range BuiltinNames() {
		pb, err := Open(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := SetVars([]*Playbook{pb}, sets); err != nil {
			t.Errorf("built-in %s: %v", name, err)
		}
		if err := SetVars([]*Playbook{pb}, []string{"sitee=x"}); err == nil {
			t.Errorf("built-in %s: a misspelt var was accepted", name)
		}
	}
}

func TestMoreMistakesAtTheirPlace(t *testing.T) {
	for src, want := range map[string]string{
		"tsr: 1\nname: x\nchecks:\n  - {id: a, uses: sys.os}\n---\nfoo: bar\n":                                                                       "pb.yaml:5:1: a second YAML document",
		"tsr: 1\nname: x\nb: &b {uses: sys.os}\nchecks:\n  - {id: a, <<: *b}\n":                                                                      "pb.yaml:3:1: playbook: unknown key \"b\"",
		"tsr: 1\nname: x\nchecks:\n  - {id: a, <<: {uses: sys.os}}\n":                                                                                "YAML merge keys (<<) are not supported",
		"tsr: 1\nname: x\nvars: {h: x}\nchecks:\n  - {id: a, uses: sys.file, with: {path: /}, expect: {content: {contains: '${vars.h}'}}}\n":         "references are expanded in with, title and fix, not in expect",
		"tsr: 1\nname: x\nchecks:\n  - {id: a, uses: sys.fil, with: {path: '${vars.nope}'}}\n":                                                       `pb.yaml:4:41: with.path: ${vars.nope}: this playbook has no var "nope"`,
		"tsr: 1\nname: x\nchecks:\n  - id: a\n    uses: sys.os\n    title: '${vars.nope}'\n":                                                         "pb.yaml:6:12: title: ${vars.nope}",
		"tsr: 1\nname: x\nchecks:\n  - {id: a, uses: sys.os}\n  - {id: b, uses: sys.file, needs: [a], with: {path: '${checks.a.os[4000000000]}'}}\n": "is not an element",
	} {
		_, problems := load(t, src)
		if !strings.Contains(problems.Error(), want) {
			t.Errorf("%q:\n  problems %v\n  want %q", src, problems, want)
		}
	}
}

func TestSetMistakesNameTheFlag(t *testing.T) {
	pb := mustLoad(t, "tsr: 1\nname: x\nvars: {port: '443'}\nchecks:\n  - {id: a, uses: net.tcp, with: {host: h, port: '${vars.port}'}}\n")
	if err := SetVars([]*Playbook{pb}, []string{"port=http"}); err != nil {
		t.Fatal(err)
	}
	if problems := pb.Validate(); !strings.Contains(problems.Error(), "with.port: want a whole number, got \"http\" (the value comes from --set port)") {
		t.Errorf("problems = %v", problems)
	}
}

// A value its parameter's declaration refuses is a validation problem at
// the value's line and column: the probes hold no rules of their own, so
// this is the only place a value that cannot work is caught before a
// check runs (the runner refuses one from another check the same way).
func TestParameterValuesThatCannotWorkAreRefused(t *testing.T) {
	for _, c := range []struct{ uses, with, at, want string }{
		{"net.tcp", "{host: h, port: 99999}", "99999", "with.port: 99999 is out of range: use 1 to 65535"},
		{"net.ping", "{host: h, count: 1000}", "1000", "with.count: 1000 is out of range: use 1 to 100"},
		{"net.ping", "{host: h, count: 0}", "0", "with.count: 0 is out of range: use 1 to 100"},
		{"net.ping", "{host: h, interval: -1s}", "-1s", "with.interval: -1s: a duration here must be more than zero"},
		{"net.ping", "{host: h, interval: 1ms}", "1ms", "with.interval: 1ms is too short: use 10ms or more"},
		{"net.ping", "{host: h, timeout: 0s}", "0s", "with.timeout: 0s: a duration here must be more than zero"},
		{"net.listen", "{port: 70000}", "70000", "with.port: 70000 is out of range: use 1 to 65535"},
		{"net.listen", "{port: 22, address: nope}", "nope", `with.address: want an IP address, got "nope"`},
		{"dns.compare", "{name: n, servers: [system]}", "[system]", "with.servers: give at least 2, not 1"},
		{"dns.compare", "{name: n, servers: [system, dns.example]}", "[system", `with.servers: element 2: "dns.example": write system, an IP address or IP:port`},
		{"dns.compare", "{name: 'bad..name', servers: [system, 192.0.2.53]}", "'bad", `with.name: "bad..name" is not a valid DNS name`},
		{"dns.resolve", "{name: n, server: 'not an ip'}", "'not", `with.server: "not an ip": write system, an IP address or IP:port`},
		{"dns.resolve", "{name: n, server: '127.0.0.1:0'}", "'127", `with.server: "127.0.0.1:0": write system, an IP address or IP:port`},
		{"dns.resolve", "{name: 'bad..name'}", "'bad", `with.name: "bad..name" is not a valid DNS name`},
		{"dns.resolvers", "{name: 'bad..name'}", "'bad", `with.name: "bad..name" is not a valid DNS name`},
		{"dns.nxdomain", "{domain: 'bad..name'}", "'bad", `with.domain: "bad..name" cannot hold a made-up name: tsr-xxxxxxxxxxxx.bad..name is not a valid DNS name`},
		{"net.http", "{url: 'ftp://x'}", "'ftp", `with.url: "ftp://x" is not an http:// or https:// address`},
		{"net.http", "{url: 'https://x/', method: DELETE}", "DELETE", `with.method: "DELETE" is not one of GET, HEAD, OPTIONS`},
		{"net.http", "{url: 'https://x/', address: not-an-ip}", "not-an-ip", `with.address: "not-an-ip": write an IP address or IP:port`},
		{"net.http", "{url: 'https://x/', proxy: sometimes}", "sometimes", `with.proxy: "sometimes": write auto, direct, or a proxy URL such as http://proxy.example.com:3128`},
		{"net.ipconflict", "{address: nope}", "nope", `with.address: "nope": write auto or an IP address`},
		{"sys.command", "{run: []}", "[]", "with.run: names no program: give the program and its arguments, e.g. [uname, -a]"},
		{"sys.command", "{run: ['', -a]}", "[''", "with.run: names no program"},
		{"hw.disk", "{path: ''}", "''", "with.path: is empty: leave it out for the default, or give a value"},
	} {
		line := "  - {id: a, uses: " + c.uses + ", with: " + c.with + "}"
		_, problems := load(t, "tsr: 1\nname: x\nchecks:\n"+line+"\n")
		want := fmt.Sprintf("pb.yaml:4:%d: %s", strings.Index(line, c.at)+1, c.want)
		if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), want) {
			t.Errorf("%s with %s: problems %v, want one %q", c.uses, c.with, problems, want)
		}
	}
	// A value from another check's field is judged by what the field's
	// kind proves: a bool is never a port; text may be one, and waits
	// for the run.
	_, problems := load(t, "tsr: 1\nname: x\nchecks:\n  - {id: a, uses: test.probe}\n  - {id: b, uses: net.tcp, needs: [a], with: {host: h, port: '${checks.a.ok}'}}\n")
	if want := "pb.yaml:5:62: with.port: ${checks.a.ok} is true or false, and port wants a whole number"; len(problems) != 1 || problems[0].String() != want {
		t.Errorf("a bool for a port: problems %v, want %q", problems, want)
	}
	// The message says what is known, the field's kind, never the
	// stand-in value validation tried in its place (1s).
	for _, c := range []struct{ port, want string }{
		{"'${checks.a.connect_time}'", "pb.yaml:5:62: with.port: ${checks.a.connect_time} is a duration, and port wants a whole number"},
		{"'${checks.a.connect_time}0'", "pb.yaml:5:62: with.port: port wants a whole number, which text built from ${checks.a.connect_time} cannot be"},
	} {
		_, problems = load(t, "tsr: 1\nname: x\nchecks:\n  - {id: a, uses: net.tcp, with: {host: h, port: 80}}\n  - {id: b, uses: net.tcp, needs: [a], with: {host: h, port: "+c.port+"}}\n")
		if len(problems) != 1 || problems[0].String() != c.want {
			t.Errorf("port %s: problems %v, want %q", c.port, problems, c.want)
		}
	}
	mustLoad(t, "tsr: 1\nname: x\nchecks:\n  - {id: a, uses: net.tcp, with: {host: h, port: 80}}\n  - {id: b, uses: net.listen, needs: [a], with: {port: '${checks.a.error_kind}', address: '${checks.a.address}'}}\n")
	// An element of a list is text: it may hold a port, as a text field may.
	mustLoad(t, "tsr: 1\nname: x\nchecks:\n  - {id: a, uses: test.probe, with: {items: ['80']}}\n  - {id: b, uses: net.tcp, needs: [a], with: {host: h, port: '${checks.a.items[0]}'}}\n")
	// What the probes accept in other spellings validation accepts too.
	for _, c := range []struct{ uses, with string }{
		{"dns.resolve", "{name: n, server: SYSTEM}"},
		{"dns.compare", "{name: n, servers: [System, '192.0.2.53:5353']}"},
		{"net.http", "{url: 'https://x/', proxy: NONE}"},
		{"net.http", "{url: 'https://x/', proxy: 'socks5://127.0.0.1:1080', address: '[::1]:8443'}"},
		{"net.ipconflict", "{address: '2001:db8::1'}"},
		{"net.ping", "{host: h, interval: 10ms}"},
		{"net.listen", "{port: 22, address: '::1'}"},
	} {
		mustLoad(t, "tsr: 1\nname: x\nchecks:\n  - {id: a, uses: "+c.uses+", with: "+c.with+"}\n")
	}
	// A value from another check is checked when it is known, at run time.
	pb := mustLoad(t, "tsr: 1\nname: x\nchecks:\n  - {id: a, uses: test.probe, with: {count: 0}}\n  - {id: b, uses: net.tcp, needs: [a], with: {host: h, port: '${checks.a.count}'}}\n")
	if _, err := pb.Params(pb.Checks[1], Observed{"a": {"count": int64(0)}}); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("run-time check: err = %v", err)
	}
}

func TestRequiredValuesMustNotBeEmpty(t *testing.T) {
	_, problems := load(t, "tsr: 1\nname: x\nvars: {h: ''}\nchecks:\n  - {id: a, uses: net.tcp, with: {host: '${vars.h}', port: 80}}\n  - {id: b, uses: sys.file, with: {path: ''}}\n")
	if strings.Count(problems.Error(), "is empty") != 1 || !strings.Contains(problems.Error(), "with.path") {
		t.Errorf("problems = %v", problems)
	}
	// An empty var waits for --set: loading accepts it, validating the
	// vars as set (tsr validate, diagnose after --set) does not.
	src := "tsr: 1\nname: x\nvars: {h: ''}\nchecks:\n  - {id: a, uses: net.tcp, with: {host: '${vars.h}', port: 80}}\n"
	pb := mustLoad(t, src)
	if p := pb.Validate(); !strings.Contains(p.Error(), "is empty") || !strings.Contains(p.Error(), "--set h=VALUE") {
		t.Errorf("empty var not reported: %v", p)
	}
	pb = mustLoad(t, src)
	if err := SetVars([]*Playbook{pb}, []string{"h=db.example"}); err != nil {
		t.Fatal(err)
	}
	if p := pb.Validate(); len(p) > 0 {
		t.Errorf("a var with an empty default could not be supplied by --set: %v", p)
	}
}
