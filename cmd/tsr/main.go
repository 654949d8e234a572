// Command tsr runs troubleshooting playbooks and writes support-ready reports.
package main

import (
	"os"

	"github.com/tsrhq/tsr/cmd/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.System()))
}
