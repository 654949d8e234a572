package testutil

import (
	"encoding/binary"
	"time"
)

// ntpEpoch is 1900-01-01, where NTP timestamps start.
var ntpEpoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// NTPReply is an SNTP server's reply (RFC 4330) to request, or nil when
// request is too short to be one: 48 bytes, version 4, mode 4 (server),
// at the given stratum, synchronised a minute before received. received
// and sent are the server's clock when the request came and as the reply
// leaves; the client's transmit time is echoed as the originate time.
func NTPReply(request []byte, stratum byte, received, sent time.Time) []byte {
	if len(request) < 48 {
		return nil
	}
	out := make([]byte, 48)
	out[0] = 4<<3 | 4 // leap 0, version 4, mode 4 (server)
	out[1] = stratum
	out[2] = 6                                     // poll interval 2^6 s
	out[3] = 0xec                                  // precision 2^-20 s
	binary.BigEndian.PutUint32(out[8:], 1<<16/100) // root dispersion 10 ms
	copy(out[12:16], "TSR\x00")                    // reference ID
	binary.BigEndian.PutUint64(out[16:], ntpTime(received.Add(-time.Minute)))
	copy(out[24:32], request[40:48])
	binary.BigEndian.PutUint64(out[32:], ntpTime(received))
	binary.BigEndian.PutUint64(out[40:], ntpTime(sent))
	return out
}

// ntpTime is t as NTP's 32.32 fixed-point seconds since 1900.
func ntpTime(t time.Time) uint64 {
	d := t.Sub(ntpEpoch) // fits: the era ends in 2036
	sec := uint64(d / time.Second)
	frac := uint64(d%time.Second) << 32 / uint64(time.Second)
	return sec<<32 | frac
}
