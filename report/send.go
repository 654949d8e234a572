package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
)

// Intake is a help desk's endpoint that takes reports and bundles (POST).
type Intake struct {
	URL     *url.URL
	Headers http.Header // a token, for instance; never printed nor written
	Client  *http.Client
}

// ParseIntake checks an intake URL and its headers ("Name: value"). Plain
// http is refused but for this machine's loopback: a report tells a lot
// about a machine and must not cross a network in clear text.
func ParseIntake(raw string, headers []string) (*Intake, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%q is not an https:// URL of a help-desk intake", redactURL(raw))
	}
	if u.Scheme == "http" && !loopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%s: reports are sent over https only (plain http only to this machine's loopback, for testing)", u.Redacted())
	}
	in := &Intake{URL: u, Headers: http.Header{}}
	for _, h := range headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t") {
			return nil, fmt.Errorf("header %q: write it as 'Name: value'", redactHeader(h))
		}
		in.Headers.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return in, nil
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// redactURL hides a URL's password when it cannot be parsed as one.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	if at := strings.LastIndex(raw, "@"); at >= 0 {
		return "[hidden]@" + raw[at+1:]
	}
	return raw
}

// redactHeader keeps a header's name and hides its value.
func redactHeader(h string) string {
	if name, _, ok := strings.Cut(h, ":"); ok {
		return name + ": [hidden]"
	}
	return "[hidden]"
}

// Answer is what the intake said.
type Answer struct {
	Status int
	Ticket string // the "ticket" or "id" of a JSON answer
	Text   string // the answer's first line, for a person
}

// sendBodyMax bounds what is read of an intake's answer.
const sendBodyMax = 64 << 10

// Send POSTs a JSON report or a bundle to the intake, through the proxy
// in effect (the environment's, as a browser would). A 2xx answer is a
// delivery; anything else is an error that says what the desk answered.
func (in *Intake) Send(ctx context.Context, path string) (*Answer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	contentType := "application/json"
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		contentType = "application/zip"
	} else if err := Decode(bytes.NewReader(data), &Report{}); err != nil {
		return nil, fmt.Errorf("%s: only a JSON report (-o report.json) or a bundle (--bundle x.zip) can be sent: %w", path, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, in.URL.String(), bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("sending to %s: %w", in.URL.Redacted(), err)
	}
	req.Header = in.Headers.Clone()
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Tsr-Filename", filepath.Base(path))
	client := in.Client
	if client == nil {
		client = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{Proxy: http.ProxyFromEnvironment}}
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is named once, redacted, below
		}
		return nil, fmt.Errorf("could not reach %s: %w", in.URL.Redacted(), err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, sendBodyMax))
	a := &Answer{Status: resp.StatusCode, Text: answerText(resp.Status, body)}
	var fields map[string]any
	if json.Unmarshal(body, &fields) == nil {
		for _, key := range []string{"ticket", "id", "ticket_id"} {
			if v, ok := fields[key]; ok && v != nil {
				a.Ticket = cleanLine(fmt.Sprint(v))
				break
			}
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return a, fmt.Errorf("%s answered %s", in.URL.Redacted(), a.Text)
	}
	return a, nil
}

// answerText is the status and the first line of the body, cleaned: an
// intake's answer reaches the terminal, and must not drive it.
func answerText(status string, body []byte) string {
	line, _, _ := strings.Cut(strings.TrimSpace(string(body)), "\n")
	if line = cleanLine(line); line == "" {
		return cleanLine(status)
	}
	return cleanLine(status) + ": " + checks.Shorten(line, 200)
}

// cleanLine drops control characters (escape sequences among them).
func cleanLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// OutboxDir is where reports wait when they could not be sent:
// $XDG_STATE_HOME/tsr/outbox (~/.local/state/tsr/outbox), or
// %LOCALAPPDATA%\tsr\outbox on Windows.
func OutboxDir() (string, error) {
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "tsr", "outbox"), nil
		}
		return "", errors.New("LOCALAPPDATA is not set: no outbox")
	}
	if d := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "tsr", "outbox"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home folder for the outbox: %w", err)
	}
	return filepath.Join(home, ".local", "state", "tsr", "outbox"), nil
}

// KeepInOutbox copies a file that could not be sent into the outbox and
// returns where it waits.
func KeepInOutbox(path string) (string, error) {
	dir, err := OutboxDir()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil { // reports are personal: the user's alone
		return "", fmt.Errorf("cannot make the outbox %s: %w", dir, unwrapPath(err))
	}
	if filepath.Dir(path) == dir {
		return path, nil // already waiting there
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	dest := filepath.Join(dir, time.Now().UTC().Format("20060102-150405")+"-"+filepath.Base(path))
	if err := os.WriteFile(dest, data, 0o600); err != nil {
		return "", fmt.Errorf("cannot keep %s in the outbox %s: %w", path, dir, unwrapPath(err))
	}
	return dest, nil
}

// Outbox lists the files waiting to be sent, oldest first.
func Outbox() ([]string, error) {
	dir, err := OutboxDir()
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the outbox %s: %w", dir, unwrapPath(err))
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out) // names start with the time they were kept
	return out, nil
}
