package report

import "testing"

// TestRedactingAgainNeverLowersTheLevel: a saved report redacted again
// records the level that hides more, its own or the new one, so a pii
// report redacted at secrets still says pii.
func TestRedactingAgainNeverLowersTheLevel(t *testing.T) {
	for _, c := range []struct{ was, again, want Redaction }{
		{RedactNone, RedactSecrets, RedactSecrets},
		{RedactSecrets, RedactPII, RedactPII},
		{RedactPII, RedactSecrets, RedactPII},
		{RedactSecrets, RedactSecrets, RedactSecrets},
	} {
		r := fixture()
		r.Run.Redaction = c.was
		redactReport(r, c.again, nil)
		if r.Run.Redaction != c.want {
			t.Errorf("a %s report redacted at %s says %s, want %s", c.was, c.again, r.Run.Redaction, c.want)
		}
	}
}
