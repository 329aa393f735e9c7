package zgw

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gemeenten/loket/internal/db"
)

var vertrouwelijkheden = []string{
	"openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk",
	"vertrouwelijk", "confidentieel", "geheim", "zeer_geheim",
}

// Vertrouwelijkheden lists the vertrouwelijkheidaanduidingen from low to high.
func Vertrouwelijkheden() []string { return append([]string(nil), vertrouwelijkheden...) }

// VertrouwelijkheidRank orders the vertrouwelijkheidaanduidingen: openbaar is
// 0, zeer_geheim 7; an unknown value is -1.
func VertrouwelijkheidRank(v string) int {
	for i, s := range vertrouwelijkheden {
		if s == v {
			return i
		}
	}
	return -1
}

// Grant is one (type, ceiling) pair for filtering a list in SQL. TypeURL is
// empty for brc grants' ceiling; MaxVertrouwelijkheid is empty where the
// component has no ceiling (brc).
type Grant struct{ TypeURL, MaxVertrouwelijkheid string }

// Autorisatie is one grant of an Applicatie (AC 1.0.0).
type Autorisatie struct {
	Component            string
	Scopes               []string
	Zaaktype             string
	Informatieobjecttype string
	Besluittype          string
	MaxVertrouwelijkheid string
}

// TypeURL is the zaaktype, informatieobjecttype or besluittype the grant is
// about, by component.
func (a Autorisatie) TypeURL() string {
	switch a.Component {
	case ZRC:
		return a.Zaaktype
	case DRC:
		return a.Informatieobjecttype
	case BRC:
		return a.Besluittype
	}
	return ""
}

func (a Autorisatie) hasScope(scope string) bool {
	for _, s := range a.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// typed reports whether grants of the component are per type.
func typed(component string) bool { return component == ZRC || component == DRC || component == BRC }

// ceilinged reports whether grants of the component carry a
// vertrouwelijkheid ceiling.
func ceilinged(component string) bool { return component == ZRC || component == DRC }

// Client is an authenticated API client with the autorisaties of its
// Applicatie, read once per request.
type Client struct {
	ID                 string // client_id
	UserID             string // JWT user_id (the end user, for the audit trail)
	UserRepresentation string // JWT user_representation
	// ApplicatieID is empty when no Applicatie lists the client id: the
	// client authenticates but may do nothing.
	ApplicatieID          string
	Label                 string
	HeeftAlleAutorisaties bool
	Autorisaties          []Autorisatie
}

// HasScope reports whether the client has scope in component on any type.
// Per ztc-014, zaken.lezen (zrc) and documenten.lezen (drc) count as
// catalogi.lezen in the ztc.
func (c *Client) HasScope(component, scope string) bool {
	if c == nil {
		return false
	}
	if c.HeeftAlleAutorisaties {
		return true
	}
	for _, a := range c.Autorisaties {
		if a.Component == component && a.hasScope(scope) {
			return true
		}
		if component == ZTC && scope == "catalogi.lezen" &&
			((a.Component == ZRC && a.hasScope("zaken.lezen")) || (a.Component == DRC && a.hasScope("documenten.lezen"))) {
			return true
		}
	}
	return false
}

// HasAnyScope reports whether the client has one of scopes in component (a
// scope expression "a | b").
func (c *Client) HasAnyScope(component string, scopes ...string) bool {
	for _, s := range scopes {
		if c.HasScope(component, s) {
			return true
		}
	}
	return false
}

// Allows reports whether the client may do scope on one object of
// component with the given type URL and vertrouwelijkheidaanduiding. For
// components without types (ztc, nrc, ac) typeURL is ignored; for brc the
// vertrouwelijkheid is. An empty typeURL means the caller checks no type
// (same as HasScope).
func (c *Client) Allows(component, scope, typeURL, vertrouwelijkheid string) bool {
	if c == nil {
		return false
	}
	if c.HeeftAlleAutorisaties {
		return true
	}
	if !typed(component) || typeURL == "" {
		if !ceilinged(component) || vertrouwelijkheid == "" {
			return c.HasScope(component, scope)
		}
	}
	for _, a := range c.Autorisaties {
		if a.Component != component || !a.hasScope(scope) {
			continue
		}
		if typed(component) && typeURL != "" && !sameURL(a.TypeURL(), typeURL) {
			continue
		}
		if ceilinged(component) && vertrouwelijkheid != "" {
			have, max := VertrouwelijkheidRank(vertrouwelijkheid), VertrouwelijkheidRank(a.MaxVertrouwelijkheid)
			if have < 0 || max < 0 || have > max {
				continue
			}
		}
		return true
	}
	return false
}

// Grants returns what the client may see of component with scope, for
// filtering lists at the source: all means no filter; otherwise the objects
// must match one of the (type, ceiling) pairs. No grants and !all means
// nothing.
func (c *Client) Grants(component, scope string) (all bool, grants []Grant) {
	if c == nil {
		return false, nil
	}
	if c.HeeftAlleAutorisaties {
		return true, nil
	}
	if !typed(component) {
		return c.HasScope(component, scope), nil
	}
	for _, a := range c.Autorisaties {
		if a.Component != component || !a.hasScope(scope) || a.TypeURL() == "" {
			continue
		}
		g := Grant{TypeURL: a.TypeURL()}
		if ceilinged(component) {
			g.MaxVertrouwelijkheid = a.MaxVertrouwelijkheid
		}
		grants = append(grants, g)
	}
	return false, grants
}

func sameURL(a, b string) bool {
	return a != "" && strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/")
}

// Authorizer authenticates ZGW JWTs against the registered API clients and
// loads their autorisaties. It reads the database on every request, so a
// change to a client or an Applicatie takes effect on the very next request.
type Authorizer struct {
	DB  *db.DB
	Now func() time.Time
	Log *slog.Logger
	// Expiry is how long after its iat a token is accepted (default 1 hour,
	// as Open Zaak's JWT_EXPIRY).
	Expiry time.Duration
	// Leeway is added to every time check (default 0, as Open Zaak's
	// TIME_LEEWAY).
	Leeway time.Duration
	// FutureSkew is how far an iat may lie in the future, for clocks that
	// run ahead (default 1 minute). A token from further ahead would stay
	// valid too long, so it is refused.
	FutureSkew time.Duration

	mu       sync.Mutex
	prepared *sql.Stmt
}

// NewAuthorizer returns an Authorizer with the default expiry and leeway.
func NewAuthorizer(d *db.DB, now func() time.Time, log *slog.Logger) *Authorizer {
	return &Authorizer{DB: d, Now: now, Log: log, Expiry: time.Hour, FutureSkew: time.Minute}
}

// AuthError is an authentication failure: always 403, with the standard's
// code (jwt-decode-error, missing-client-identifier, …).
type AuthError struct {
	Code   string
	Detail string
}

func (e *AuthError) Error() string { return "zgw auth: " + e.Code + ": " + e.Detail }

type zgwClaims struct {
	ClientID           *string         `json:"client_id"`
	UserID             string          `json:"user_id"`
	UserRepresentation string          `json:"user_representation"`
	IssuedAt           json.RawMessage `json:"iat"`
	Expires            json.RawMessage `json:"exp"`
	jwt.RegisteredClaims
}

// claims are parsed twice (unverified, then verified), so jwt's own claim
// validation is off: the checks below follow the ZGW order and codes.
func (c *zgwClaims) Validate() error { return nil }

// Authenticate checks the Authorization header and returns the client with
// its autorisaties. Errors are *AuthError.
func (a *Authorizer) Authenticate(ctx context.Context, header string) (*Client, error) {
	token, ok := strings.CutPrefix(header, "Bearer ")
	if header == "" || !ok {
		return nil, &AuthError{"not_authenticated", "Authenticatiegegevens zijn niet opgegeven."}
	}
	token = strings.TrimSpace(token)
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation(), jwt.WithJSONNumber())
	var unverified zgwClaims
	t, _, err := parser.ParseUnverified(token, &unverified)
	if err != nil || t.Method == nil || t.Method.Alg() != "HS256" || t.Header["alg"] != "HS256" {
		return nil, &AuthError{"jwt-decode-error", "Ongeldig JWT."}
	}
	if unverified.ClientID == nil || *unverified.ClientID == "" {
		return nil, &AuthError{"missing-client-identifier", "Client identifier ontbreekt in het JWT."}
	}
	clientID := *unverified.ClientID
	// One query reads the secret, the Applicatie and its autorisaties: a
	// round trip per request is the price of reading fresh every time.
	secret, c, err := a.secretAndApplicatie(ctx, clientID)
	if err != nil {
		return nil, err
	}
	var claims zgwClaims
	_, err = parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return []byte(secret), nil })
	if err != nil {
		if errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			return nil, &AuthError{"invalid-jwt-signature", "Client credentials zijn niet geldig."}
		}
		return nil, &AuthError{"jwt-decode-error", "Ongeldig JWT."}
	}
	iat, ok := numericDate(claims.IssuedAt)
	if !ok {
		return nil, &AuthError{"jwt-missing-iat-claim", "Het JWT mist de iat claim."}
	}
	now := time.Now()
	if a.Now != nil {
		now = a.Now()
	}
	expiry := a.Expiry
	if expiry == 0 {
		expiry = time.Hour
	}
	if now.Sub(iat) >= expiry+a.Leeway {
		return nil, &AuthError{"jwt-expired", "Het JWT is verlopen."}
	}
	if iat.Sub(now) > a.Leeway+a.FutureSkew {
		return nil, &AuthError{"jwt-immaturesignatureerror", "Het JWT is nog niet geldig (iat ligt in de toekomst)."}
	}
	if len(claims.Expires) > 0 && string(claims.Expires) != "null" {
		exp, ok := numericDate(claims.Expires)
		if !ok {
			return nil, &AuthError{"jwt-decode-error", "Ongeldige exp claim."}
		}
		if !now.Before(exp.Add(a.Leeway)) {
			return nil, &AuthError{"jwt-expired", "Het JWT is verlopen."}
		}
	}
	c.UserID, c.UserRepresentation = claims.UserID, claims.UserRepresentation
	return c, nil
}

func numericDate(raw json.RawMessage) (time.Time, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil {
		return time.Time{}, false
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)), true
}

// clientQuery reads a client's secret, Applicatie and autorisaties in one go.
const clientQuery = `SELECT c.secret, ap.id, ap.label, ap.heeft_alle_autorisaties,
		au.component, au.scopes, au.zaaktype, au.informatieobjecttype, au.besluittype, au.max_vertrouwelijkheidaanduiding
		FROM api_clients c
		LEFT JOIN applicatie_client_ids ci ON ci.client_id = c.client_id
		LEFT JOIN applicaties ap ON ap.id = ci.applicatie_id
		LEFT JOIN autorisaties au ON au.applicatie_id = ap.id AND ap.heeft_alle_autorisaties = FALSE
		WHERE c.client_id = $1
		ORDER BY au.volgorde`

func (a *Authorizer) stmt(ctx context.Context) (*sql.Stmt, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.prepared == nil {
		// Prepared once per Authorizer (a failure is retried on the next
		// request); the statement outlives the request that prepared it.
		st, err := a.DB.R.PrepareContext(context.WithoutCancel(ctx), clientQuery)
		if err != nil {
			return nil, fmt.Errorf("prepare api client query: %w", err)
		}
		a.prepared = st
	}
	return a.prepared, nil
}

func (a *Authorizer) secretAndApplicatie(ctx context.Context, clientID string) (string, *Client, error) {
	var rows *sql.Rows
	var err error
	if a.DB.Engine == db.SQLite {
		// modernc SQLite compiles the query on every call unless prepared;
		// pgx caches prepared statements per connection by itself.
		stmt, perr := a.stmt(ctx)
		if perr != nil {
			return "", nil, perr
		}
		rows, err = stmt.QueryContext(ctx, clientID)
	} else {
		rows, err = a.DB.R.QueryContext(ctx, clientQuery, clientID)
	}
	if err != nil {
		return "", nil, fmt.Errorf("read api client: %w", err)
	}
	defer rows.Close()
	var secret string
	var c *Client
	for rows.Next() {
		var appID, label, component, scopes, zt, iot, bt, max sql.NullString
		var alle sql.NullBool
		if err := rows.Scan(&secret, &appID, &label, &alle, &component, &scopes, &zt, &iot, &bt, &max); err != nil {
			return "", nil, fmt.Errorf("scan api client: %w", err)
		}
		if c == nil {
			c = &Client{ID: clientID, ApplicatieID: appID.String, Label: label.String, HeeftAlleAutorisaties: alle.Bool}
		}
		if !component.Valid {
			continue
		}
		au := Autorisatie{Component: component.String, Zaaktype: zt.String, Informatieobjecttype: iot.String,
			Besluittype: bt.String, MaxVertrouwelijkheid: max.String}
		if err := json.Unmarshal([]byte(scopes.String), &au.Scopes); err != nil {
			return "", nil, fmt.Errorf("autorisatie scopes: %w", err)
		}
		c.Autorisaties = append(c.Autorisaties, au)
	}
	if err := rows.Err(); err != nil {
		return "", nil, fmt.Errorf("read api client: %w", err)
	}
	if c == nil {
		return "", nil, &AuthError{"invalid-client-identifier", "Client identifier bestaat niet."}
	}
	return secret, c, nil
}

// LoadClient returns the client with the autorisaties of the Applicatie that
// lists clientID (none when there is none). It does not check that the client
// is registered.
func (a *Authorizer) LoadClient(ctx context.Context, clientID string) (*Client, error) {
	return loadClient(ctx, a.DB.R, clientID)
}

func loadClient(ctx context.Context, q db.Queryer, clientID string) (*Client, error) {
	c := &Client{ID: clientID}
	var appID sql.NullString
	err := q.QueryRowContext(ctx, `SELECT a.id, a.label, a.heeft_alle_autorisaties
		FROM applicatie_client_ids c JOIN applicaties a ON a.id = c.applicatie_id
		WHERE c.client_id = $1`, clientID).Scan(&appID, &c.Label, &c.HeeftAlleAutorisaties)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read applicatie of client: %w", err)
	}
	c.ApplicatieID = appID.String
	if c.HeeftAlleAutorisaties {
		return c, nil
	}
	c.Autorisaties, err = loadAutorisaties(ctx, q, c.ApplicatieID)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func loadAutorisaties(ctx context.Context, q db.Queryer, applicatieID string) ([]Autorisatie, error) {
	rows, err := q.QueryContext(ctx, `SELECT component, scopes, zaaktype, informatieobjecttype, besluittype,
		max_vertrouwelijkheidaanduiding FROM autorisaties WHERE applicatie_id = $1 ORDER BY volgorde`, applicatieID)
	if err != nil {
		return nil, fmt.Errorf("read autorisaties: %w", err)
	}
	defer rows.Close()
	var out []Autorisatie
	for rows.Next() {
		var a Autorisatie
		var scopes string
		if err := rows.Scan(&a.Component, &scopes, &a.Zaaktype, &a.Informatieobjecttype, &a.Besluittype, &a.MaxVertrouwelijkheid); err != nil {
			return nil, fmt.Errorf("scan autorisatie: %w", err)
		}
		if err := json.Unmarshal([]byte(scopes), &a.Scopes); err != nil {
			return nil, fmt.Errorf("autorisatie scopes: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
