package playbooks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/lazyregexp"
	"gopkg.in/yaml.v3"
)

var (
	namePattern = lazyregexp.New(`^[a-z0-9][a-z0-9-]*$`)
	idPattern   = lazyregexp.New(`^[a-z0-9][a-z0-9_-]*$`)
	varPattern  = lazyregexp.New(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	yamlLine    = lazyregexp.New(`^yaml: line (\d+): (.*)$`)

	topKeys   = []string{"tsr", "name", "title", "description", "vars", "checks"}
	checkKeys = []string{"id", "uses", "title", "with", "expect", "warn", "severity", "fix", "tier", "timeout", "retries", "retry_delay", "needs", "when"}
	whenKeys  = []string{"os", "privileged"}
	knownOS   = []string{"linux", "darwin", "windows"}
)

// loader walks the YAML nodes of one file, collecting every problem.
type loader struct {
	file     string
	problems Problems
}

func (l *loader) add(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	l.problems = append(l.problems, Problem{File: l.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// Load reads one playbook. file names it in problems; source names it in
// reports. Every problem of the file is returned; the playbook is usable
// only when there are none.
func Load(file, source string, data []byte) (*Playbook, Problems) {
	sum := sha256.Sum256(data)
	pb := &Playbook{File: file, Source: source, SHA256: hex.EncodeToString(sum[:])}
	l := &loader{file: file}
	if line, col, b, bad := invalidUTF8(data); bad {
		l.problems = append(l.problems, Problem{File: file, Line: line, Column: col,
			Message: fmt.Sprintf("invalid UTF-8 (byte 0x%02x): save the playbook as UTF-8", b)})
		return nil, l.problems
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		if err.Error() == "EOF" {
			msg = "the file is empty: a playbook starts with `tsr: 1`"
		}
		line, col, msg := yamlPlace(data, line, msg)
		l.problems = append(l.problems, Problem{File: file, Line: line, Column: col, Message: "YAML: " + msg})
		return nil, l.problems
	}
	var extra yaml.Node
	if dec.Decode(&extra) == nil {
		l.problems = append(l.problems, Problem{File: file, Line: max(extra.Line, 1), Column: 1,
			Message: "a second YAML document (after ---): a playbook is one document; put other playbooks in files of their own"})
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	l.playbook(pb, root)
	// Values and references are checked even when the structure has
	// problems: a user fixes them all in one go.
	l.problems = append(l.problems, pb.validate(true)...)
	l.problems.Sort()
	if len(l.problems) > 0 {
		return nil, l.problems.redacted(pb)
	}
	return pb, nil
}

// invalidUTF8 finds the first byte that is not UTF-8, at its line and
// column (YAML's own error names no place).
func invalidUTF8(data []byte) (line, col int, b byte, bad bool) {
	if utf8.Valid(data) {
		return 0, 0, 0, false
	}
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col, data[i], true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col, 0, false
}

// mapping returns the key/value pairs of a mapping node, reporting
// duplicate keys and keys outside allowed (with a suggestion).
func (l *loader) mapping(n *yaml.Node, what string, allowed []string) [][2]*yaml.Node {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		l.add(n, "%s must be a map of keys to values", what)
		return nil
	}
	seen := map[string]*yaml.Node{}
	var pairs [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			l.add(k, "%s: %q is given twice (first at line %d)", what, k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		if k.Value == "<<" && k.Tag == "!!merge" {
			l.add(k, "%s: YAML merge keys (<<) are not supported; write the keys out", what)
			continue
		}
		if allowed != nil && !slices.Contains(allowed, k.Value) {
			l.add(k, "%s: unknown key %q%s", what, k.Value, checks.DidYouMean(k.Value, allowed))
			continue
		}
		pairs = append(pairs, [2]*yaml.Node{k, v})
	}
	return pairs
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func (l *loader) str(n *yaml.Node, what string) string {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		l.add(n, "%s must be a string", what)
		return ""
	}
	return n.Value
}

// text reads a title or a fix and parses its references; nil when it
// is empty (a check then takes its type's title, or has no advice).
func (l *loader) text(n *yaml.Node, what string) *Template {
	s := l.str(n, what)
	if s == "" {
		return nil
	}
	t, err := parseText(s)
	if err != nil {
		l.add(n, "%s: %v", what, err)
		return &Template{src: s, segs: []segment{{lit: s}}}
	}
	return t
}

func (l *loader) value(n *yaml.Node) any {
	var v any
	if err := resolveAlias(n).Decode(&v); err != nil {
		l.add(n, "%v", err)
	}
	return v
}

func (l *loader) playbook(pb *Playbook, root *yaml.Node) {
	pairs := l.mapping(root, "playbook", topKeys)
	if root.Kind != yaml.MappingNode {
		return
	}
	have := map[string]bool{}
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		have[k.Value] = true
		switch k.Value {
		case "tsr":
			if ver, err := strconv.Atoi(v.Value); err != nil || v.Kind != yaml.ScalarNode || ver != FormatVersion {
				l.add(v, "tsr: unsupported format version %q; this tsr reads version %d", v.Value, FormatVersion)
			}
		case "name":
			if pb.Name = l.str(v, "name"); pb.Name != "" && !namePattern.MatchString(pb.Name) {
				l.add(v, "name %q: use lower-case letters, digits and dashes, starting with a letter or digit", pb.Name)
			}
		case "title":
			pb.Title = l.str(v, "title")
		case "description":
			pb.Description = l.str(v, "description")
		case "vars":
			l.vars(pb, v)
		case "checks":
			l.checks(pb, v)
		}
	}
	for _, req := range []string{"tsr", "name", "checks"} {
		if !have[req] {
			l.add(root, "missing required key %q", req)
		}
	}
}

func (l *loader) vars(pb *Playbook, n *yaml.Node) {
	for _, kv := range l.mapping(n, "vars", nil) {
		k, v := kv[0], kv[1]
		if !varPattern.MatchString(k.Value) {
			l.add(k, "var name %q: use letters, digits, _ and -", k.Value)
			continue
		}
		val, err := varValue(l.value(v))
		if err != nil {
			l.add(v, "var %s: %v", k.Value, err)
			continue
		}
		pb.Vars = append(pb.Vars, &Var{Name: k.Value, Value: val})
	}
}

// varValue accepts the values a var can have: a scalar or a list of scalars.
func varValue(v any) (any, error) {
	switch x := v.(type) {
	case string, bool, float64:
		return x, nil
	case int:
		return int64(x), nil
	case []any:
		l, err := checks.KindList.Convert(x)
		if err != nil {
			return nil, fmt.Errorf("a list var holds plain values: %w", err)
		}
		return l, nil
	case nil:
		return "", nil
	}
	return nil, fmt.Errorf("a var is a plain value or a list of plain values")
}

func (l *loader) checks(pb *Playbook, n *yaml.Node) {
	n = resolveAlias(n)
	if n.Kind != yaml.SequenceNode {
		l.add(n, "checks must be a list of checks (each item starts with `- id:`)")
		return
	}
	if len(n.Content) == 0 {
		l.add(n, "checks is empty: a playbook needs at least one check")
	}
	ids := map[string]*yaml.Node{}
	for _, cn := range n.Content {
		c := l.check(cn)
		if c == nil {
			continue
		}
		if c.ID != "" {
			if first, dup := ids[c.ID]; dup {
				l.add(c.idNode, "duplicate check id %q (first at line %d)", c.ID, first.Line)
			} else {
				ids[c.ID] = c.idNode
			}
		}
		pb.Checks = append(pb.Checks, c)
	}
	l.graph(pb)
}

func (l *loader) check(n *yaml.Node) *Check {
	n = resolveAlias(n)
	c := &Check{node: n, Severity: checks.SeverityDefault, Tier: checks.TierUser, RetryDelay: DefaultRetryDelay, needsAt: map[string]*yaml.Node{}, textAt: map[string]*yaml.Node{}}
	pairs := l.mapping(n, "check", checkKeys)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	at := map[string][2]*yaml.Node{}
	for _, kv := range pairs {
		at[kv[0].Value] = kv
	}
	if kv, ok := at["id"]; ok {
		c.idNode = kv[1]
		if c.ID = l.str(kv[1], "id"); c.ID != "" && !idPattern.MatchString(c.ID) {
			l.add(kv[1], "check id %q: use lower-case letters, digits, _ and -, starting with a letter or digit", c.ID)
		}
	} else {
		l.add(n, "check: missing required key \"id\"")
	}
	if kv, ok := at["uses"]; ok {
		c.Uses = l.str(kv[1], "uses")
		if t, found := checks.Lookup(c.Uses); found {
			c.Type = t
		} else if c.Uses != "" {
			l.add(kv[1], "unknown check type %q%s (`tsr checks` lists them)", c.Uses, checks.DidYouMean(c.Uses, checks.Names()))
		}
	} else {
		l.add(n, "check %s: missing required key \"uses\"", c.ID)
	}
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "title":
			c.Title, c.textAt["title"] = l.text(v, "title"), v
		case "fix":
			l.fix(c, v)
		case "with":
			l.with(c, v)
		case "expect":
			c.Expect, c.expectOK = l.assertions(c, v, "expect"), true
		case "warn":
			c.Warn, c.warnOK = l.assertions(c, v, "warn"), true
		case "severity":
			if c.Severity = checks.Severity(l.str(v, "severity")); !slices.Contains(checks.Severities, c.Severity) {
				names := checks.Strings(checks.Severities)
				l.add(v, "severity %q: use one of %s%s", c.Severity, strings.Join(names, ", "), checks.DidYouMean(string(c.Severity), names))
			}
		case "tier":
			if t, err := strconv.Atoi(v.Value); err != nil || resolveAlias(v).Tag != "!!int" || !slices.Contains(checks.Tiers, checks.Tier(t)) {
				l.add(v, "tier %q: use %s", v.Value, tierChoices())
			} else {
				c.Tier = checks.Tier(t)
			}
		case "timeout":
			if d, err := checks.ParseDuration(v.Value); err != nil || d <= 0 {
				l.add(v, "timeout: bad duration %q: use a positive number with a unit, such as 500ms or 5s", v.Value)
			} else {
				c.Timeout = d
			}
		case "retries":
			if r, err := strconv.Atoi(v.Value); err != nil || resolveAlias(v).Tag != "!!int" || r < 0 || r > MaxRetries {
				l.add(v, "retries %q: use a whole number from 0 to %d (how many more times a failing check runs)", v.Value, MaxRetries)
			} else {
				c.Retries = r
			}
		case "retry_delay":
			if d, err := checks.ParseDuration(v.Value); err != nil || d < 0 {
				l.add(v, "retry_delay: bad duration %q: use a number with a unit, such as 200ms or 2s", v.Value)
			} else {
				c.RetryDelay = d
			}
		case "needs":
			l.needs(c, v)
		case "when":
			l.when(c, v)
		}
	}
	return c
}

// fix reads a plain fix, or a map of fixes keyed by an error kind of the
// check's type, fail, warn or default.
func (l *loader) fix(c *Check, n *yaml.Node) {
	c.Fix = map[string]*Template{}
	if resolveAlias(n).Kind != yaml.MappingNode {
		c.Fix[FixDefault], c.textAt["fix"] = l.text(n, "fix"), n
		return
	}
	keys := FixKeys(c.Type)
	pairs := l.mapping(n, "fix", nil)
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		if !slices.Contains(keys, k.Value) {
			what, see := "an error kind of "+c.Uses, " (`tsr checks "+c.Uses+"` lists them)"
			if c.Type == nil {
				what, see = "a known error kind", ""
			}
			l.add(k, "fix: %q is not %s, nor fail, warn or default%s%s", k.Value, what, checks.DidYouMean(k.Value, keys), see)
			continue
		}
		c.Fix[k.Value], c.textAt["fix."+k.Value] = l.text(v, "fix."+k.Value), v
	}
	if len(pairs) == 0 && len(resolveAlias(n).Content) == 0 {
		l.add(n, "fix: the map is empty; give advice under default, fail, warn or an error kind")
	}
}

func (l *loader) with(c *Check, n *yaml.Node) {
	c.With, c.withAt = map[string]any{}, map[string]*yaml.Node{}
	for _, kv := range l.mapping(n, "with", nil) {
		k, v := kv[0], kv[1]
		if c.Type != nil {
			if err := c.Type.NoSuchParam(k.Value); err != nil {
				l.add(k, "%v", err)
				continue
			}
		}
		c.withAt[k.Value] = v
		compiled, err := compile(l.value(v))
		if err != nil {
			l.add(v, "with.%s: %v", k.Value, err)
			continue
		}
		c.With[k.Value] = compiled
	}
}

func (l *loader) assertions(c *Check, n *yaml.Node, what string) []checks.Assertion {
	out := []checks.Assertion{}
	for _, kv := range l.mapping(n, what, nil) {
		k, v := kv[0], kv[1]
		if c.Type == nil {
			continue
		}
		f, ok := c.Type.Field(k.Value)
		if !ok {
			var names []string
			for _, f := range c.Type.AllFields() {
				names = append(names, f.Name)
			}
			l.add(k, "%s: %s observes no field %q%s", what, c.Uses, k.Value, checks.DidYouMean(k.Value, names))
			continue
		}
		raw := l.value(v)
		if written, err := compile(raw); err == nil {
			if r := refsIn(written); len(r) > 0 {
				l.add(v, "%s %s: %s: references are expanded in with, title and fix, not in %s; write the value itself", what, k.Value, r[0].text, what)
				continue
			}
		}
		m, err := checks.ParseMatcher(raw, f.Kind)
		if err != nil {
			l.add(v, "%s %s (%s): %s", what, k.Value, f.Kind, matcherProblem(v, err))
			continue
		}
		out = append(out, checks.Assertion{Field: k.Value, Kind: f.Kind, Matcher: m})
	}
	return out
}

func (l *loader) needs(c *Check, n *yaml.Node) {
	n = resolveAlias(n)
	items := n.Content
	if n.Kind == yaml.ScalarNode { // needs: link
		items = []*yaml.Node{n}
	} else if n.Kind != yaml.SequenceNode {
		l.add(n, "needs must be a list of check ids")
		return
	}
	for _, it := range items {
		id := l.str(it, "needs")
		if id == "" {
			continue
		}
		if _, dup := c.needsAt[id]; dup {
			l.add(it, "needs %q twice", id)
			continue
		}
		c.Needs = append(c.Needs, id)
		c.needsAt[id] = it
	}
}

func (l *loader) when(c *Check, n *yaml.Node) {
	for _, kv := range l.mapping(n, "when", whenKeys) {
		v := resolveAlias(kv[1])
		if kv[0].Value == "privileged" {
			if b, err := checks.KindBool.Convert(l.value(v)); err != nil || b != true {
				l.add(v, "when.privileged: write true, or leave it out")
			} else {
				c.Privileged = true
			}
			continue
		}
		items := v.Content
		if v.Kind == yaml.ScalarNode {
			items = []*yaml.Node{v}
		}
		for _, it := range items {
			os := l.str(it, "when.os")
			if !slices.Contains(knownOS, os) {
				l.add(it, "when.os: unknown OS %q: use linux, darwin or windows%s", os, checks.DidYouMean(os, knownOS))
				continue
			}
			c.OS = append(c.OS, os)
		}
	}
}

// graph checks that needs name checks of this playbook and form no cycle.
func (l *loader) graph(pb *Playbook) {
	var ids []string
	for _, c := range pb.Checks {
		ids = append(ids, c.ID)
	}
	for _, c := range pb.Checks {
		for _, id := range c.Needs {
			switch {
			case id == c.ID:
				l.add(c.needsAt[id], "check %s needs itself", c.ID)
			case pb.Check(id) == nil:
				l.add(c.needsAt[id], "check %s needs %q, which is not a check of this playbook%s", c.ID, id, checks.DidYouMean(id, ids))
			}
		}
	}
	// Depth-first search; each cycle is reported once, at the need that closes it.
	state := map[string]int{} // 0 new, 1 on the path, 2 done
	var path []string
	var visit func(c *Check)
	visit = func(c *Check) {
		state[c.ID] = 1
		path = append(path, c.ID)
		for _, id := range c.Needs {
			next := pb.Check(id)
			if next == nil || id == c.ID {
				continue
			}
			switch state[id] {
			case 1:
				i := slices.Index(path, id)
				cycle := append(append([]string{}, path[i:]...), id)
				l.add(c.needsAt[id], "needs form a cycle: %s", strings.Join(cycle, " -> "))
			case 0:
				visit(next)
			}
		}
		path = path[:len(path)-1]
		state[c.ID] = 2
	}
	for _, c := range pb.Checks {
		if state[c.ID] == 0 {
			visit(c)
		}
	}
}

// yamlPlace finds where a YAML syntax error really is, for the two the
// parser places badly: a tab in the indentation (it names a line before)
// and a quote never closed (it names the end of the file). Others keep
// the parser's line, at column 1.
func yamlPlace(data []byte, line int, msg string) (int, int, string) {
	lines := strings.Split(string(data), "\n")
	switch {
	case strings.Contains(msg, "tab character"):
		for i := max(line-1, 0); i < len(lines); i++ {
			indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " \t"))]
			if tab := strings.IndexByte(indent, '\t'); tab >= 0 {
				return i + 1, tab + 1, "a tab indents this line; YAML indents with spaces only"
			}
		}
	case strings.Contains(msg, "end of stream"), strings.Contains(msg, "did not find expected"):
		for i, text := range lines {
			if col, quote := unclosedQuote(text); col > 0 {
				return i + 1, col, fmt.Sprintf("the value quoted with %c here is never closed: add the closing %c", quote, quote)
			}
		}
	}
	return line, 1, msg
}

// unclosedQuote finds a quoted value that starts on a line (after "key: ",
// "- ", "[", "{" or ",") and is not closed on it: its 1-based column and
// quote character, or 0. A line's comment is not looked at.
func unclosedQuote(text string) (int, byte) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '#' && (i == 0 || text[i-1] == ' ') {
			return 0, 0
		}
		if c != '"' && c != '\'' {
			continue
		}
		before := strings.TrimRight(text[:i], " ")
		if before != "" && !strings.HasSuffix(before, ":") && !strings.HasSuffix(before, "-") && !strings.ContainsAny(before[len(before)-1:], "[{,") {
			continue // a quote inside a plain value: it's a character
		}
		end := closingQuote(text[i+1:], c)
		if end < 0 {
			return i + 1, c
		}
		i += end + 1
	}
	return 0, 0
}

// closingQuote returns where quote closes s, or -1: ” is an escaped ' in
// single quotes, \" an escaped " in double quotes.
func closingQuote(s string, quote byte) int {
	for j := 0; j < len(s); j++ {
		switch {
		case quote == '"' && s[j] == '\\':
			j++
		case s[j] == quote && quote == '\'' && j+1 < len(s) && s[j+1] == '\'':
			j++
		case s[j] == quote:
			return j
		}
	}
	return -1
}

// matcherProblem says what is wrong with a matcher, quoting it as the user
// wrote it, with a hint for operators written backwards (=> for >=).
func matcherProblem(n *yaml.Node, err error) string {
	written := n.Value
	if n = resolveAlias(n); n.Kind != yaml.ScalarNode {
		flow := *n
		flow.Style = yaml.FlowStyle
		if b, merr := yaml.Marshal(&flow); merr == nil {
			written = strings.TrimSpace(string(b))
		}
	}
	msg := err.Error()
	if n.Kind == yaml.ScalarNode && !strings.Contains(msg, written) {
		msg = strconv.Quote(written) + ": " + msg
	} else if n.Kind != yaml.ScalarNode {
		msg = written + ": " + msg
	}
	for _, backwards := range [][2]string{{"=>", ">="}, {"=<", "<="}, {"=!", "!="}} {
		if strings.HasPrefix(strings.TrimSpace(n.Value), backwards[0]) {
			msg += fmt.Sprintf("; did you mean %s?", backwards[1])
		}
	}
	return msg
}

// tierChoices says the tiers a check may name, each with who acts at it:
// "1 (you or the help desk), 2 (a technician) or 3 (an engineer)".
func tierChoices() string {
	choices := make([]string, len(checks.Tiers))
	for i, t := range checks.Tiers {
		choices[i] = fmt.Sprintf("%d (%s)", t, t.Who())
	}
	return checks.OneOf(choices)
}
