package zgw

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gemeenten/loket/internal/errs"
)

// References to other servers.
//
// A ZGW resource may point at a resource of another server: a
// communicatiekanaal in a Referentielijsten API, a zaaktype in a catalogue
// elsewhere, a zaak in another Zaken API. The standard requires such a URL
// to be fetched and its shape checked (bad-url when it cannot be fetched,
// invalid-resource when it is not the expected kind). URLs of this server
// are answered in-process (FetchOptions.Local), without an HTTP round trip.
//
// Outbound rule (server-side request forgery): Loket fetches only http and
// https URLs without user info, never connects to link-local, unspecified,
// multicast or broadcast addresses (169.254.0.0/16 holds the cloud metadata
// services; fe80::/10, fd00:ec2::254), checked on the address actually
// dialled so a DNS name cannot rebind around it, and follows redirects only
// on the same scheme and host. Loopback and private addresses stay allowed:
// a municipality runs its other ZGW components on its own network, and the
// tests run their remotes on 127.0.0.1. Responses are capped at
// MaxFetchBytes and the whole fetch at FetchTimeout.
//
// A URL of this server carries the caller's own token, so a client sees
// only what it may see; the caller's token never goes to another host. A
// remote ZGW API is fetched with Loket's own client there (Env.Remotes: a
// fresh HS256 JWT per request, as the standard asks of clients), else
// without an Authorization header.

const (
	// MaxFetchBytes caps the body of a fetched reference; no ZGW resource
	// comes near it.
	MaxFetchBytes = 2 << 20
	// FetchTimeout bounds one fetch, connection included.
	FetchTimeout = 10 * time.Second
	maxRedirects = 3
)

// ErrForbiddenAddress is returned when a URL points at an address Loket
// does not connect to (see the outbound rule above).
var ErrForbiddenAddress = errors.New("zgw: address not allowed for outbound requests")

// forbiddenIP reports whether Loket must not connect to ip.
func forbiddenIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}) ||
		ip == netip.MustParseAddr("fd00:ec2::254")
}

// CheckOutboundURL applies the outbound rule to the URL itself: scheme,
// user info, and a literal address in the host. Host names are checked
// again on the dialled address by GuardedTransport.
func CheckOutboundURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("zgw: %q is not an absolute http(s) URL", raw)
	}
	if u.User != nil {
		return fmt.Errorf("zgw: URL with user info: %w", ErrForbiddenAddress)
	}
	if ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil && forbiddenIP(ip) {
		return ErrForbiddenAddress
	}
	return nil
}

// GuardedTransport is an http.Transport that refuses to dial the addresses
// of the outbound rule, whatever name resolved to them.
func GuardedTransport() *http.Transport {
	d := &net.Dialer{Timeout: FetchTimeout, KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || forbiddenIP(ip) {
				return ErrForbiddenAddress
			}
			return nil
		}}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil // a proxy would dial on our behalf, past the guard
	t.DialContext = d.DialContext
	return t
}

// GuardedClient returns an HTTP client for outbound requests (references,
// notification callbacks) under the outbound rule, with timeout.
func GuardedClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: GuardedTransport(), CheckRedirect: sameHostRedirect}
}

// sameHostRedirect follows at most maxRedirects redirects, each on the
// scheme and host of the original request: a remote must not be able to
// send Loket to another host (or from https to http).
func sameHostRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return errors.New("zgw: too many redirects")
	}
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host) {
		return fmt.Errorf("zgw: redirect to another host: %w", ErrForbiddenAddress)
	}
	return nil
}

// FetchOptions says how to fetch a reference.
type FetchOptions struct {
	// Local serves URLs of this server (Env.Base) in-process: the program's
	// own mux with every API mounted. Without it such URLs go over HTTP too.
	Local http.Handler
	// Authorization is sent with URLs of this server only (the caller's
	// own token), never to another host.
	Authorization string
}

// Fetch gets u as JSON under the outbound rule and returns the body and
// status. An error means the URL could not be fetched at all.
func (e *Env) Fetch(ctx context.Context, u string, o FetchOptions) ([]byte, int, error) {
	own := e.Base != "" && strings.HasPrefix(u, e.URL("/"))
	if own && o.Local != nil {
		req := httptest.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodGet, u, nil)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Accept-Crs", CRS)
		if o.Authorization != "" {
			req.Header.Set("Authorization", o.Authorization)
		}
		rec := httptest.NewRecorder()
		o.Local.ServeHTTP(rec, req)
		return bytes.TrimSpace(rec.Body.Bytes()), rec.Code, nil
	}
	if err := CheckOutboundURL(u); err != nil {
		return nil, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Accept-Crs", CRS)
	if own && o.Authorization != "" {
		req.Header.Set("Authorization", o.Authorization)
	} else if rc, ok := e.Remotes[origin(req.URL)]; ok {
		tok, err := rc.token(e.now())
		if err != nil {
			return nil, 0, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := e.outboundClient().Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxFetchBytes+1))
	if err != nil {
		return nil, 0, err
	}
	if len(body) > MaxFetchBytes {
		return nil, 0, fmt.Errorf("zgw: response of %s larger than %d bytes", u, MaxFetchBytes)
	}
	return body, resp.StatusCode, nil
}

// outboundClient is Env.HTTP with the redirect rule, and with the guarded
// transport unless the Env brings its own (tests with an httptest TLS
// server do; the literal-address check in Fetch still applies to them).
func (e *Env) outboundClient() *http.Client {
	c := &http.Client{Timeout: FetchTimeout}
	if e.HTTP != nil {
		*c = *e.HTTP
	}
	if c.Transport == nil || c.Transport == http.DefaultTransport {
		c.Transport = guarded
	}
	c.CheckRedirect = sameHostRedirect
	if c.Timeout == 0 || c.Timeout > FetchTimeout {
		c.Timeout = FetchTimeout
	}
	return c
}

var guarded = GuardedTransport()

// Resolve fetches the resource at u for field and checks its shape: the
// answer must be 200 with a JSON object holding every key of required
// (the fields that identify the expected resource type). It then decodes
// it into v when v is not nil. Failures are field errors with the
// standard's codes: bad-url when the URL cannot be fetched or does not
// answer 200, invalid-resource when it is not the expected resource.
func (e *Env) Resolve(ctx context.Context, field, u, what string, o FetchOptions, required []string, v any) error {
	if CheckOutboundURL(u) != nil && !(o.Local != nil && strings.HasPrefix(u, e.URL("/"))) {
		return errs.InvalidField(field, "bad-url", "Voer een geldige http(s)-URL in.")
	}
	body, status, err := e.Fetch(ctx, u, o)
	switch {
	case errors.Is(err, ErrForbiddenAddress):
		return errs.InvalidField(field, "bad-url", "Loket haalt geen gegevens op van dit adres.")
	case err != nil:
		e.log().Info("zgw: reference not fetched", "field", field, "host", hostOf(u), "err", err)
		return errs.InvalidField(field, "bad-url", "De URL kon niet opgehaald worden.")
	case status != http.StatusOK:
		return errs.InvalidField(field, "bad-url", fmt.Sprintf("De URL gaf status %d in plaats van 200.", status))
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return errs.InvalidField(field, "invalid-resource", "De URL verwijst niet naar "+what+".")
	}
	for _, k := range required {
		if _, ok := obj[k]; !ok {
			return errs.InvalidField(field, "invalid-resource", "De URL verwijst niet naar "+what+" (het veld '"+k+"' ontbreekt).")
		}
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			return errs.InvalidField(field, "invalid-resource", "De URL verwijst niet naar "+what+".")
		}
	}
	return nil
}

// hostOf is the host of u for logs: never the path or query, which may
// carry identifiers of persons.
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}

// RemoteClient is an API client registered for Loket at another ZGW
// server: its client_id and shared secret.
type RemoteClient struct {
	ClientID, Secret string
}

// token is a ZGW JWT for one request (HS256, iss/client_id/iat, as
// zgw-notes §3.1); user_id stays empty: the request is Loket's own, not an
// end user's.
func (rc RemoteClient) token(now time.Time) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": rc.ClientID, "client_id": rc.ClientID,
		"iat": now.Unix(), "user_id": "", "user_representation": ""})
	return t.SignedString([]byte(rc.Secret))
}

// origin is scheme://host[:port] of u, the key of Env.Remotes.
func origin(u *url.URL) string { return strings.ToLower(u.Scheme + "://" + u.Host) }

// ParseRemotes reads Env.Remotes from a configuration value: entries
// "origin client_id secret" separated by ";" — e.g.
// "https://zaken.example.nl loket geheim". It is meant for an environment
// variable (LOKET_ZGW_REMOTES); the secrets never appear in errors.
func ParseRemotes(s string) (map[string]RemoteClient, error) {
	out := map[string]RemoteClient{}
	for i, entry := range strings.Split(s, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		f := strings.Fields(entry)
		if len(f) != 3 {
			return nil, fmt.Errorf("zgw remotes: entry %d: want \"origin client_id secret\"", i+1)
		}
		u, err := url.Parse(f[0])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return nil, fmt.Errorf("zgw remotes: entry %d: origin must be http(s)://host[:port]", i+1)
		}
		out[origin(u)] = RemoteClient{ClientID: f[1], Secret: f[2]}
	}
	return out, nil
}
