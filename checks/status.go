package checks

import "slices"

// Status is how a check ended, as every report writes it.
type Status string

// The statuses, the only place their names are written.
const (
	StatusPass  Status = "pass"
	StatusWarn  Status = "warn"
	StatusFail  Status = "fail"
	StatusError Status = "error"
	StatusSkip  Status = "skip"
)

// statusWords says what each status means, for the docs.
var statusWords = map[Status]string{
	StatusPass:  "every assertion held",
	StatusWarn:  "an assertion of `warn` did not hold, or the check passed only on a retry",
	StatusFail:  "an assertion of `expect` did not hold, or the probe failed (its `error_kind` says why)",
	StatusError: "the check could not look: a parameter wrong at run time, a missing privilege",
	StatusSkip:  "the check does not apply here, or a check it needs did not pass; the reason says which",
}

// Meaning says what the status means, for the docs.
func (s Status) Meaning() string { return statusWords[s] }

// Statuses lists every status from best to worst, skip last: it counts
// as nothing, neither good nor bad.
var Statuses = []Status{StatusPass, StatusWarn, StatusFail, StatusError, StatusSkip}

// Rank orders statuses for "the worst of", as Statuses lists them: skip
// (or a status tsr does not know) 0, pass 1, warn 2, fail 3, error 4.
func (s Status) Rank() int {
	if s == StatusSkip {
		return 0
	}
	return slices.Index(Statuses, s) + 1 // -1 + 1 for an unknown one
}

// Failed says whether a check that ended so failed: fail or error, what
// can be a root cause and what keeps the checks that need it from running.
func (s Status) Failed() bool { return s == StatusFail || s == StatusError }

// Severity says how much a check's failure matters.
type Severity string

// The severities, the only place their names are written.
const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
)

// Severities lists the severities from worst; a check without one is
// SeverityDefault.
var Severities = []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow}

// SeverityDefault is the severity of a check that names none.
const SeverityDefault = SeverityMedium

// Rank orders severities from worst: critical 0, high 1, medium 2, low 3;
// a severity tsr does not know ranks after low.
func (s Severity) Rank() int {
	for i, known := range Severities {
		if s == known {
			return i
		}
	}
	return len(Severities)
}

// Tier says who can act on a check's fix.
type Tier int

// The tiers, the only place their numbers are written.
const (
	TierUser       Tier = 1
	TierTechnician Tier = 2
	TierEngineer   Tier = 3
)

// Tiers lists the tiers from the first line of support; a check that
// names none is TierUser.
var Tiers = []Tier{TierUser, TierTechnician, TierEngineer}

// Who says who acts at the tier, as a report says it to its reader.
func (t Tier) Who() string {
	switch t {
	case TierUser:
		return "you or the help desk"
	case TierTechnician:
		return "a technician"
	case TierEngineer:
		return "an engineer"
	}
	return ""
}

// Strings lists typed names (statuses, severities, error kinds) as the
// plain strings a message, a schema or a YAML key compares with.
func Strings[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}
