package main

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestPprofListen: SWITCHBOARD_PPROF_LISTEN serves Go's profiler on its own address, apart from
// the API, which does not serve it.
func TestPprofListen(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(),
		"SWITCHBOARD_LOG_LEVEL": "warn", "SWITCHBOARD_PPROF_LISTEN": addr})
	res, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile") {
		t.Errorf("profiler: %d %.200s", res.StatusCode, body)
	}
	res, err = http.Get(a.base + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(body), "goroutine profile") || strings.Contains(string(body), "Types of profiles") {
		t.Error("the API's address serves the profiler")
	}
}
