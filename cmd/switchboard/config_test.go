package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfig(t *testing.T) {
	t.Run("defaults need nothing", func(t *testing.T) {
		c, err := loadConfig(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != "127.0.0.1:8080" || c.DatabaseURL != filepath.Join("data", "switchboard.db") || c.JobLease != 5*time.Minute ||
			c.AwayAfter != 2*time.Minute || c.ReportsInterval != 2*time.Second || c.SecureCookies {
			t.Errorf("defaults %+v", c)
		}
	})
	t.Run("the environment wins over the file, and _FILE reads a secret", func(t *testing.T) {
		dir := t.TempDir()
		file := filepath.Join(dir, "switchboard.conf")
		os.WriteFile(file, []byte("# settings\nSWITCHBOARD_LISTEN=0.0.0.0:9000\nSWITCHBOARD_AWAY_AFTER=30s\n"), 0o600)
		key := filepath.Join(dir, "key")
		os.WriteFile(key, []byte("c2VjcmV0\n"), 0o600)
		c, err := loadConfig(env(map[string]string{"SWITCHBOARD_CONFIG": file, "SWITCHBOARD_AWAY_AFTER": "5m",
			"SWITCHBOARD_SECRET_KEY_FILE": key, "SWITCHBOARD_SECURE_COOKIES": "true"}))
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != "0.0.0.0:9000" || c.AwayAfter != 5*time.Minute || c.SecretKey != "c2VjcmV0" || !c.SecureCookies {
			t.Errorf("config %+v", c)
		}
	})
	t.Run("notifications: interval and push subject", func(t *testing.T) {
		c, err := loadConfig(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if c.NotifyInterval != time.Second {
			t.Errorf("notify interval %v, want 1s", c.NotifyInterval)
		}
		for _, tc := range []struct{ public, subject, want string }{
			{"", "", "mailto:notifications@localhost"},
			{"http://10.1.2.3:8080", "", "mailto:notifications@10.1.2.3"},
			{"https://help.example.com", "", "https://help.example.com"},
			{"https://help.example.com", "mailto:it@example.com", "mailto:it@example.com"},
		} {
			c, err := loadConfig(env(map[string]string{"SWITCHBOARD_PUBLIC_URL": tc.public, "SWITCHBOARD_PUSH_SUBJECT": tc.subject}))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.pushSubject(); got != tc.want {
				t.Errorf("public %q subject %q: push subject %q, want %q", tc.public, tc.subject, got, tc.want)
			}
		}
		for k, v := range map[string]string{"SWITCHBOARD_PUSH_SUBJECT": "it@example.com", "SWITCHBOARD_NOTIFY_INTERVAL": "1ms"} {
			if _, err := loadConfig(env(map[string]string{k: v})); err == nil || !strings.Contains(err.Error(), k) {
				t.Errorf("%s=%s: %v, want an error naming it", k, v, err)
			}
		}
	})
	t.Run("trusted proxies", func(t *testing.T) {
		c, err := loadConfig(env(map[string]string{"SWITCHBOARD_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.7 ,fd00::/8,"}))
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(c.TrustedProxies); got != "[10.0.0.0/8 192.0.2.7/32 fd00::/8]" {
			t.Errorf("trusted proxies %s", got)
		}
		if _, err := loadConfig(env(map[string]string{"SWITCHBOARD_TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"})); err == nil ||
			!strings.Contains(err.Error(), "proxy.local") {
			t.Errorf("a name among the trusted proxies: %v, want an error naming it", err)
		}
	})
	t.Run("private hosts are refused unless allowed", func(t *testing.T) {
		c, err := loadConfig(env(nil))
		if err != nil || c.Egress.CheckURL("http://10.0.0.7/") == nil {
			t.Errorf("by default a private address is allowed (%v)", err)
		}
		c, err = loadConfig(env(map[string]string{"SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "crm.internal, 10.0.0.0/8"}))
		if err != nil || c.Egress.CheckURL("http://10.0.0.7/") != nil || c.Egress.CheckURL("http://127.0.0.1/") == nil {
			t.Errorf("allowing 10.0.0.0/8: %v", err)
		}
		if _, err := loadConfig(env(map[string]string{"SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "10.0.0.0/40"})); err == nil ||
			!strings.Contains(err.Error(), "SWITCHBOARD_ALLOW_PRIVATE_HOSTS") {
			t.Errorf("a bad range: %v, want an error naming the variable", err)
		}
	})
	for _, key := range []string{"SWITCHBOARD_JOB_LEASE", "SWITCHBOARD_AWAY_AFTER", "SWITCHBOARD_REPORTS_INTERVAL"} {
		for _, bad := range []string{"soon", "10ms"} {
			t.Run(key+"="+bad, func(t *testing.T) {
				_, err := loadConfig(env(map[string]string{key: bad}))
				if err == nil || !strings.Contains(err.Error(), key) {
					t.Errorf("loadConfig(%s=%s) = %v, want an error naming the variable", key, bad, err)
				}
			})
		}
	}
}
