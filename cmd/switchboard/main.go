// Command switchboard runs the Switchboard unified inbox: `switchboard serve` (the default) starts
// the server; `migrate`, `user` and `version` help operate it. All wiring lives in Main, which the
// end-to-end tests drive exactly as this function does.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	// Time zones are data the binary carries (about 450 KB), not the host's: business hours,
	// snooze times and reports' days then agree on every node, in a container without
	// /usr/share/zoneinfo too.
	_ "time/tzdata"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "switchboard:", err)
		os.Exit(1)
	}
}
