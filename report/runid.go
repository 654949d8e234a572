package report

import (
	"crypto/rand"
	"encoding/base32"
)

// runIDEncoding spells run ids in base32 without the letters people
// misread over the phone as digits (RFC 4648's alphabet has no 0, 1, 8, 9).
var runIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewRunID returns a short id for a run: 8 base32 characters (40 random
// bits), to read out to an agent and find the report that goes with it
// in a ticket, a bundle's manifest or an upload.
func NewRunID() string {
	b := make([]byte, 5)
	rand.Read(b) // never fails (crypto/rand)
	return runIDEncoding.EncodeToString(b)
}
