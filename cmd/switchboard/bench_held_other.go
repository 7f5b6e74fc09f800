//go:build !linux

package main

import "net/http"

// heldTransport is Go's own elsewhere: the blocking sockets of bench_held_linux.go are Linux's.
var heldTransport http.RoundTripper = http.DefaultTransport
