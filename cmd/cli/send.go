package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/tsrhq/tsr/checks"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/report"
)

// sendFlags are the delivery flags of `tsr send` and `tsr diagnose --send`.
type sendFlags struct {
	to      string
	headers []string
}

func newSend(s Streams) *cobra.Command {
	var f sendFlags
	cmd := &cobra.Command{
		Use:   "send [FILE...] --to URL",
		Short: "Deliver reports or bundles to a help desk's intake; with no FILE, what waits in the outbox",
		Long: `Sends each FILE (a JSON report or a --bundle zip) to the help desk's
intake URL with an HTTP POST, through the proxy in effect, and prints what
the desk answered (its ticket id when it gives one). A file that cannot be
delivered waits in the outbox ($XDG_STATE_HOME/tsr/outbox, or
%LOCALAPPDATA%\tsr\outbox on Windows); "tsr send --to URL" with no FILE
delivers what waits there once the network is back. --send-header values
(a token) are sent, never printed or written.`,
		Example: `  tsr send report.json --to https://desk.example.com/intake --send-header 'Authorization: Bearer $TOKEN'
  tsr send --to https://desk.example.com/intake`,
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := f.intake()
			if err != nil {
				return err
			}
			fromOutbox := len(args) == 0
			if fromOutbox {
				if args, err = report.Outbox(); err != nil {
					return err
				}
				if len(args) == 0 {
					fmt.Fprintln(s.Out, "The outbox is empty: nothing waits to be sent.")
					return nil
				}
			}
			failed := 0
			for _, path := range args {
				if !deliver(cmd.Context(), s, s.Out, in, path, fromOutbox) {
					failed++
				}
			}
			if failed > 0 {
				return &exitError{code: ExitProblems}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&f.to, "to", "", "the help desk's intake URL (https)")
	cmd.Flags().StringArrayVar(&f.headers, "send-header", nil, "an HTTP header to send, 'Name: value' (repeatable); never printed")
	return cmd
}

// intake checks the flags; --to is required.
func (f sendFlags) intake() (*report.Intake, error) {
	if f.to == "" {
		return nil, usageError("--to: name the help desk's intake URL (https://...)")
	}
	in, err := report.ParseIntake(f.to, f.headers)
	if err != nil {
		return nil, usageError("%w", err)
	}
	// Through the proxy the user's browser uses: on Windows the system's
	// settings, not only the environment's.
	in.Client = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{Proxy: checks.ProxyFor}}
	return in, nil
}

// deliver sends one file and says what the desk answered. When sending
// fails the file waits in the outbox; one that came from the outbox is
// removed from it once delivered. It reports whether the file arrived.
// The answer goes to out: standard output for `tsr send`, standard error
// for diagnose, whose standard output is the report.
func deliver(ctx context.Context, s Streams, out io.Writer, in *report.Intake, path string, fromOutbox bool) bool {
	if ctx == nil {
		ctx = context.Background()
	}
	answer, err := in.Send(ctx, path)
	if err == nil {
		switch {
		case answer.Ticket != "":
			fmt.Fprintf(out, "Sent %s: the help desk opened ticket %s.\n", path, answer.Ticket)
		default:
			fmt.Fprintf(out, "Sent %s: the help desk answered %s.\n", path, answer.Text)
		}
		if fromOutbox {
			os.Remove(path)
		}
		return true
	}
	fmt.Fprintf(s.Err, "tsr: could not send %s: %v\n", path, err)
	kept, kerr := report.KeepInOutbox(path)
	if kerr != nil {
		fmt.Fprintf(s.Err, "tsr: and could not keep it for later: %v\n", kerr)
		return false
	}
	fmt.Fprintf(s.Err, "tsr: it waits in %s; once the network is back, \"tsr send --to %s\" delivers it.\n", kept, in.URL.Redacted())
	return false
}
