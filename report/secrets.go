package report

import (
	"strings"

	"github.com/tsrhq/tsr/internal/lazyregexp"
)

// The secret formats tsr recognises in any text, wherever it comes from:
// command output, file content, HTTP bodies and headers, URLs, messages.
// Each is one regular expression whose value group is what gets hidden;
// the corpus in redact_test.go holds an example of every one.

// secretKey is a key or header name whose value is a credential. "auth"
// counts only as a whole part of the name (x-auth-token, auth=), so that
// "author" does not.
const secretKey = `(?:[A-Za-z0-9_.-]*?(?i:token|secret|passw(?:or)?d|passwd|passphrase|pwd|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credentials?|signature|cookie|subscription[-_]?key|session(?:[-_]?(?:id|key|token))?)[A-Za-z0-9_.-]*` +
	`|[A-Za-z0-9_.-]*?(?i:auth(?:orization|entication)?)(?:[-_.][A-Za-z0-9_.-]*)?)`

var (
	// secretName is a variable or parameter name whose value is a secret.
	// Narrower than secretKey: XDG_SESSION_TYPE=wayland is no secret.
	secretName = lazyregexp.New(`(?i)token|secret|passw(or)?d|passwd|passphrase|pwd|api[-_]?key|apikey|access[-_]?key|auth|credential|private[-_]?key|cookie`)

	// key: value, "key": "value", key = multi word value, Authorization:
	// Bearer value: a quoted value runs to its quote, an unquoted one to
	// the end of the line (passphrases have spaces).
	keySpaced = lazyregexp.New(`\b(` + secretKey + `)(["']?)(\s*[:=][ \t]+|[ \t]+=[ \t]*)` +
		`(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|((?i:basic|bearer|token|negotiate|ntlm)[ \t]+)([^\s"',;]+)|((?i:digest|aws4-hmac-sha256)[ \t]+)?([^\s"'][^\r\n]*))`)
	// key=value, key:value, "key":"value": an unquoted value glued to its
	// key runs to the next separator, so the next pair is read too.
	keyGlued = lazyregexp.New(`\b(` + secretKey + `)(["']?)([:=])` +
		`(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|()([^\s"'&;,<>(){}]+))`)
	// <password>value</password>, <apiKey>value</apiKey>
	xmlElement = lazyregexp.New(`<(` + secretKey + `)(\s[^<>]*)?>([^<]+)</`)
	// ?key=..., &sig=...: names that are secrets only in a query string.
	queryParam = lazyregexp.New(`(?i)([?&;](?:key|sig|code|pass|p|k|pw|x-amz-[a-z-]+)=)([^&#\s"'<>]+)`)
	// scheme://user:password@ and scheme://TOKEN@ (a token as the user).
	urlUserInfo = lazyregexp.New(`\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^/\s:@?#]*)(?::([^/\s@?#]*))?@`)
	// PEM private keys: the markers stay, the body goes.
	pemKey = lazyregexp.New(`(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)((?s:.*?))(-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)`)
	// Tokens recognisable by their own form, wherever they stand.
	tokenForms = lazyregexp.New(`\b(?:` +
		`(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}` + // AWS access key ids
		`|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*` + // JWTs
		`|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}` + // GitHub
		`|glpat-[A-Za-z0-9_-]{20,}` + // GitLab
		`|xox[abprs]-[A-Za-z0-9-]{10,}` + // Slack
		`|AIza[0-9A-Za-z_-]{35}` + // Google API keys
		`|[rs]k_live_[0-9A-Za-z]{16,}` + // Stripe
		`)`)
)

// SecretName says whether a key or variable name is one whose values are secrets.
func SecretName(name string) bool { return secretName.MatchString(name) }

// commonWords are values that secret-named keys often hold and that are
// no secret: hiding them would blank out ordinary words everywhere.
var commonWords = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "null": true, "nil": true,
	"none": true, "enabled": true, "disabled": true, "required": true, "optional": true, "set": true,
	"unset": true, "empty": true, "missing": true, "invalid": true, "expired": true, "ok": true,
	"redacted": true, "hidden": true, "secret": true, "password": true, "token": true, "default": true,
	"basic": true, "bearer": true, "digest": true, "negotiate": true, "ntlm": true, "undefined": true,
	"unknown": true, "changed": true, "sample": true, "example": true, "n/a": true,
}

// minLearned is the shortest value hidden wherever it appears once it has
// been seen as a secret: shorter ones would shred ordinary words.
const minLearned = 6

// LooksSecret says whether a value held by a secret-named variable is
// worth hiding wherever it appears: long enough, not a common word, not a
// path (SSH_AUTH_SOCK=/tmp/...).
func LooksSecret(v string) bool {
	v = strings.TrimSpace(v)
	return len(v) >= minLearned && !commonWords[strings.ToLower(v)] && !strings.ContainsAny(v[:1], "/~.") && !isNumberLike(v)
}

// isNumberLike: 1.5, 30s, 100ms are settings, not secrets; a long run of
// digits (a PIN, an account number) may be one.
func isNumberLike(v string) bool {
	digits := 0
	for _, c := range v {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == 's' || c == 'm' || c == 'h':
		default:
			return false
		}
	}
	return digits < minLearned && digits < len(v)
}

// hideSecrets replaces every recognised secret in s, learning each so
// that it is hidden wherever else it appears. keyValues false leaves out
// the key/value forms, for tsr's own messages ("with.password: is empty").
func (rd *Redactor) hideSecrets(s string, keyValues bool) string {
	if strings.Contains(s, "-----BEGIN ") {
		s = rd.hidePEMKeys(s)
	}
	if containsAny(s, tokenPrefixes) {
		s = tokenForms.ReplaceAllStringFunc(s, rd.hideValue)
	}
	if strings.Contains(s, "://") && strings.Contains(s, "@") {
		s = rd.hideURLUserInfo(s)
	}
	if strings.Contains(s, "</") {
		s = xmlElement.ReplaceAllStringFunc(s, func(m string) string {
			g := xmlElement.FindStringSubmatch(m)
			return "<" + g[1] + g[2] + ">" + rd.hideValue(g[3]) + "</"
		})
	}
	if strings.Contains(s, "=") && strings.ContainsAny(s, "?&;") {
		s = queryParam.ReplaceAllStringFunc(s, func(m string) string {
			g := queryParam.FindStringSubmatch(m)
			return g[1] + rd.hideValue(g[2])
		})
	}
	if !keyValues || !strings.ContainsAny(s, ":=") || !mayNameSecret(s) {
		return s
	}
	s = keySpaced.ReplaceAllStringFunc(s, func(m string) string { return rd.hideKeyValue(keySpaced, m) })
	return keyGlued.ReplaceAllStringFunc(s, func(m string) string { return rd.hideKeyValue(keyGlued, m) })
}

// Each pattern can match only text holding certain literals; hideSecrets
// looks for those first, because nearly every string of a report holds
// none, and strings.Contains costs far less than running a pattern (and
// compiling it on first use).
var (
	// tokenPrefixes begin every form tokenForms knows.
	tokenPrefixes = []string{"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA", "eyJ",
		"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "AIza", "k_live_"}
	// secretKeyWords are the words of secretKey, one of which every
	// secret key name holds, in lower case.
	secretKeyWords = []string{"token", "secret", "passw", "passphrase", "pwd", "api", "access", "private",
		"credential", "signature", "cookie", "subscription", "session", "auth"}
)

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// mayNameSecret says whether s may hold a secret key name. A pattern
// ignoring case also takes the two letters outside ASCII that fold to
// ASCII ones (long s for s, the Kelvin sign for k): strings.ToLower keeps
// the first, so where either stands, s may.
func mayNameSecret(s string) bool {
	return strings.ContainsAny(s, "\u017f\u212a") || containsAny(strings.ToLower(s), secretKeyWords)
}

// hidePEMKeys hides the bodies of PEM private keys, learning each line.
func (rd *Redactor) hidePEMKeys(s string) string {
	return pemKey.ReplaceAllStringFunc(s, func(m string) string {
		g := pemKey.FindStringSubmatch(m)
		for _, line := range strings.Fields(g[2]) {
			rd.learn(line)
		}
		if strings.TrimSpace(g[2]) == "" || rd.issued[strings.TrimSpace(g[2])] {
			return m
		}
		return g[1] + "\n" + rd.hideValue(strings.TrimSpace(g[2])) + "\n" + g[3]
	})
}

// hideURLUserInfo hides the password of scheme://user:password@, and a
// user part that is a token, with a password or without one
// (https://TOKEN:x-oauth-basic@).
func (rd *Redactor) hideURLUserInfo(s string) string {
	return urlUserInfo.ReplaceAllStringFunc(s, func(m string) string {
		g := urlUserInfo.FindStringSubmatch(m)
		user, pass := g[2], g[3]
		if tokenLike(user) {
			user = rd.hideValue(user)
		}
		if strings.Contains(m[len(g[1])+len(g[2]):], ":") {
			return g[1] + user + ":" + rd.hideValue(pass) + "@"
		}
		return g[1] + user + "@"
	})
}

// hideKeyValue hides the value of one key/value match: the key, the
// separator, quotes and an auth scheme stay readable.
func (rd *Redactor) hideKeyValue(re *lazyregexp.Regexp, m string) string {
	g := re.FindStringSubmatch(m)
	head := g[1] + g[2] + g[3]
	switch {
	case strings.HasPrefix(m[len(head):], `"`):
		return head + `"` + rd.hideValue(g[4]) + `"`
	case strings.HasPrefix(m[len(head):], `'`):
		return head + `'` + rd.hideValue(g[5]) + `'`
	}
	if re == keySpaced {
		if g[6] != "" { // a scheme whose credential is one token
			return head + g[6] + rd.hideValue(g[7])
		}
		value := strings.TrimRight(g[9], " \t")
		return head + g[8] + rd.hideValue(value) + g[9][len(value):]
	}
	return head + rd.hideValue(g[7])
}

// tokenLike says whether a URL's user part is a credential rather than a
// name: a known token form, or a long mix of letters and digits.
func tokenLike(user string) bool {
	if tokenForms.MatchString(user) {
		return true
	}
	letters, digits := false, false
	for _, c := range user {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		}
	}
	return len(user) >= 16 && letters && digits
}
