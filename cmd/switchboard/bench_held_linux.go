package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"sync"
	"syscall"
	"time"
)

// heldTransport dials the WebSocket connections the bench holds without reading them while it
// times a fan-out: blocking sockets that Go's poller never watches. A frame landing in one then
// wakes nothing in the bench, as a frame sent to a browser on another machine costs this one
// nothing beyond the send. On ordinary sockets every frame of the fan-out woke the bench's
// poller, and the bench took a fifth of the machine's two cores from the server it measured.
// (On loopback the sender still does the receiving side's TCP work, so the server is charged
// more than it would be with remote agents, not less.)
var heldTransport http.RoundTripper = &http.Transport{DialContext: dialHeld}

func dialHeld(ctx context.Context, network, addr string) (net.Conn, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil || network != "tcp" || !ap.Addr().Is4() {
		return nil, fmt.Errorf("held connections dial an IPv4 address, not %s %s", network, addr)
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	if err := syscall.Connect(fd, &syscall.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}); err != nil {
		syscall.Close(fd)
		return nil, os.NewSyscallError("connect", err)
	}
	_ = syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1)
	// A blocking descriptor makes a file outside the poller: its reads and writes block a thread.
	return &heldConn{fd: fd, f: os.NewFile(uintptr(fd), addr), remote: net.TCPAddrFromAddrPort(ap)}, nil
}

// heldConn is a connection on a blocking socket. It has no deadlines: the bench ends a read
// that waits too long by closing the connection, which shuts the socket down first, since a
// read blocked in the kernel outlives a mere close.
type heldConn struct {
	fd     int
	f      *os.File
	remote net.Addr
	once   sync.Once
	err    error
}

func (c *heldConn) Read(p []byte) (int, error)  { return c.f.Read(p) }
func (c *heldConn) Write(p []byte) (int, error) { return c.f.Write(p) }

func (c *heldConn) Close() error {
	c.once.Do(func() {
		_ = syscall.Shutdown(c.fd, syscall.SHUT_RDWR)
		c.err = c.f.Close()
	})
	return c.err
}

func (c *heldConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *heldConn) RemoteAddr() net.Addr             { return c.remote }
func (c *heldConn) SetDeadline(time.Time) error      { return nil }
func (c *heldConn) SetReadDeadline(time.Time) error  { return nil }
func (c *heldConn) SetWriteDeadline(time.Time) error { return nil }
