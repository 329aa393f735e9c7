package notificaties

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// Abonnement is a consumer's subscription: where to POST, with which
// Authorization header, on which kanalen with which filters.
type Abonnement struct {
	ID          string
	CallbackURL string
	// Auth is the Authorization header value sent to CallbackURL.
	Auth string
	// ClientID is the API client that made it ("" when made in /beheer).
	ClientID  string
	Kanalen   []FilterGroup
	CreatedAt time.Time
	UpdatedAt time.Time
}

// FilterGroup is one kanaal of an abonnement with its filters (kenmerk →
// value; "*" matches any value).
type FilterGroup struct {
	Naam    string
	Filters map[string]string
}

// Matches reports whether a message with kenmerken passes the filters: every
// filter must equal the message's kenmerk, or be "*".
func (g FilterGroup) Matches(kenmerken map[string]string) bool {
	return filtersMatch(g.Filters, kenmerken)
}

func filtersMatch(filters, kenmerken map[string]string) bool {
	for k, v := range filters {
		if v == "*" {
			continue
		}
		if kenmerken[k] != v {
			return false
		}
	}
	return true
}

// abonnementAudit is what the audit trail keeps: never the auth secret.
type abonnementAudit struct {
	CallbackURL string
	ClientID    string
	Kanalen     []FilterGroup
}

func (a *Abonnement) audit() abonnementAudit {
	return abonnementAudit{CallbackURL: a.CallbackURL, ClientID: a.ClientID, Kanalen: a.Kanalen}
}

// AuthHint shows a beheerder which header is set without revealing it.
func (a *Abonnement) AuthHint() string {
	r := []rune(a.Auth)
	if len(r) <= 10 {
		return "••••"
	}
	return string(r[:7]) + "…"
}

// ListAbonnementen returns all abonnementen, oldest first.
func (s *Service) ListAbonnementen(ctx context.Context) ([]Abonnement, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, callback_url, auth, client_id, created_at, updated_at
		FROM notificatie_abonnementen ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("notificaties: list abonnementen: %w", err)
	}
	out := []Abonnement{}
	for rows.Next() {
		var a Abonnement
		if err := rows.Scan(&a.ID, &a.CallbackURL, &a.Auth, &a.ClientID, &a.CreatedAt, &a.UpdatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("notificaties: scan abonnement: %w", err)
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notificaties: list abonnementen: %w", err)
	}
	groups, err := filterGroups(ctx, s.DB.R, "")
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Kanalen = groups[out[i].ID]
		if out[i].Kanalen == nil {
			out[i].Kanalen = []FilterGroup{}
		}
	}
	return out, nil
}

// filterGroups loads the kanalen of one abonnement (id != "") or of all.
func filterGroups(ctx context.Context, q db.Queryer, id string) (map[string][]FilterGroup, error) {
	query := `SELECT ak.abonnement_id, k.naam, ak.filters FROM notificatie_abonnement_kanalen ak
		JOIN notificatie_kanalen k ON k.id = ak.kanaal_id`
	var args []any
	if id != "" {
		query += ` WHERE ak.abonnement_id = $1`
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY k.naam`, args...)
	if err != nil {
		return nil, fmt.Errorf("notificaties: load abonnement kanalen: %w", err)
	}
	defer rows.Close()
	out := map[string][]FilterGroup{}
	for rows.Next() {
		var abo, naam, filters string
		if err := rows.Scan(&abo, &naam, &filters); err != nil {
			return nil, fmt.Errorf("notificaties: scan abonnement kanaal: %w", err)
		}
		g := FilterGroup{Naam: naam, Filters: map[string]string{}}
		if err := json.Unmarshal([]byte(filters), &g.Filters); err != nil {
			return nil, fmt.Errorf("notificaties: abonnement %s filters: %w", abo, err)
		}
		out[abo] = append(out[abo], g)
	}
	return out, rows.Err()
}

// GetAbonnement loads one abonnement.
func (s *Service) GetAbonnement(ctx context.Context, id string) (*Abonnement, error) {
	return getAbonnement(ctx, s.DB.R, id)
}

func getAbonnement(ctx context.Context, q db.Queryer, id string) (*Abonnement, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("abonnement", id)
	}
	var a Abonnement
	err := q.QueryRowContext(ctx, `SELECT id, callback_url, auth, client_id, created_at, updated_at
		FROM notificatie_abonnementen WHERE id = $1`, id).
		Scan(&a.ID, &a.CallbackURL, &a.Auth, &a.ClientID, &a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return nil, notFound("abonnement", id, err)
	}
	groups, err := filterGroups(ctx, q, id)
	if err != nil {
		return nil, err
	}
	a.Kanalen = groups[id]
	if a.Kanalen == nil {
		a.Kanalen = []FilterGroup{}
	}
	return &a, nil
}

// validate checks a and resolves its kanalen to ids in tx.
func validateAbonnement(ctx context.Context, tx *sql.Tx, a *Abonnement) ([]string, error) {
	var f errs.Fields
	switch {
	case a.CallbackURL == "":
		f.Add("callbackUrl", "required", "Vul de callback-URL in.")
	case !isHTTPURL(a.CallbackURL):
		f.Add("callbackUrl", "invalid", "De callback-URL moet een volledige http(s)-URL zijn.")
	case utf8.RuneCountInString(a.CallbackURL) > 200:
		f.Add("callbackUrl", "max_length", "De callback-URL mag hoogstens 200 tekens lang zijn.")
	case zgw.CheckOutboundURL(a.CallbackURL) != nil:
		// The NRC posts on behalf of Loket: a subscriber must not make it
		// reach the cloud metadata service or another link-local address.
		f.Add("callbackUrl", "bad-url", "Loket verstuurt geen notificaties naar dit adres (link-local, metadata- of multicastadres, of een URL met gebruikersnaam).")
	}
	switch {
	case a.Auth == "":
		f.Add("auth", "required", "Vul de waarde van de Authorization-header in.")
	case utf8.RuneCountInString(a.Auth) > 1000:
		f.Add("auth", "max_length", "De Authorization-header mag hoogstens 1000 tekens lang zijn.")
	}
	if len(a.Kanalen) == 0 {
		f.Add("kanalen", "required", "Kies minstens één kanaal.")
	}
	ids := make([]string, len(a.Kanalen))
	seen := map[string]bool{}
	for i, g := range a.Kanalen {
		name := fmt.Sprintf("kanalen.%d.naam", i)
		if g.Naam == "" {
			f.Add(name, "required", "Vul de naam van het kanaal in.")
			continue
		}
		if seen[g.Naam] {
			f.Add(name, "unique", fmt.Sprintf("Het kanaal %q staat er twee keer in.", g.Naam))
			continue
		}
		seen[g.Naam] = true
		k, err := kanaalByNaam(ctx, tx, g.Naam)
		if errs.Is(err, errs.NotFound) {
			f.Add(name, "does_not_exist", fmt.Sprintf("Het kanaal %q bestaat niet.", g.Naam))
			continue
		}
		if err != nil {
			return nil, err
		}
		ids[i] = k.ID
		keys := make([]string, 0, len(g.Filters))
		for key := range g.Filters {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			v := g.Filters[key]
			fname := fmt.Sprintf("kanalen.%d.filters.%s", i, key)
			switch {
			case !slices.Contains(k.Filters, key):
				f.Add(fname, "kenmerken-inconsistent", fmt.Sprintf("Het kanaal %q kent het filterkenmerk %q niet.", g.Naam, key))
			case v == "":
				f.Add(fname, "blank", "Een filterwaarde mag niet leeg zijn; gebruik * voor elke waarde.")
			case utf8.RuneCountInString(v) > 1000:
				f.Add(fname, "max_length", "Een filterwaarde mag hoogstens 1000 tekens lang zijn.")
			}
		}
	}
	return ids, f.Err()
}

func writeKanalen(ctx context.Context, tx *sql.Tx, a *Abonnement, ids []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM notificatie_abonnement_kanalen WHERE abonnement_id = $1`, a.ID); err != nil {
		return fmt.Errorf("notificaties: clear abonnement kanalen: %w", err)
	}
	for i, g := range a.Kanalen {
		if g.Filters == nil {
			a.Kanalen[i].Filters = map[string]string{}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notificatie_abonnement_kanalen (abonnement_id, kanaal_id, filters)
			VALUES ($1, $2, $3)`, a.ID, ids[i], jsonText(a.Kanalen[i].Filters)); err != nil {
			return fmt.Errorf("notificaties: insert abonnement kanaal: %w", err)
		}
	}
	sort.Slice(a.Kanalen, func(i, j int) bool { return a.Kanalen[i].Naam < a.Kanalen[j].Naam })
	return nil
}

// CreateAbonnement stores a new abonnement; every kanaal must exist and
// every filter must be one of the kanaal's kenmerken.
func (s *Service) CreateAbonnement(ctx context.Context, in Abonnement) (*Abonnement, error) {
	a := in
	a.Kanalen = slices.Clone(in.Kanalen)
	a.ID = uuid.NewString()
	a.CreatedAt = s.now()
	a.UpdatedAt = a.CreatedAt
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		ids, err := validateAbonnement(ctx, tx, &a)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notificatie_abonnementen (id, callback_url, auth, client_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.ID, a.CallbackURL, a.Auth, a.ClientID, a.CreatedAt, a.UpdatedAt); err != nil {
			return fmt.Errorf("notificaties: insert abonnement: %w", err)
		}
		if err := writeKanalen(ctx, tx, &a, ids); err != nil {
			return err
		}
		return s.record(ctx, tx, "abonnement", a.ID, a.CallbackURL, "create", nil, a.audit())
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// AbonnementPatch is a partial update: nil fields stay as they are.
type AbonnementPatch struct {
	CallbackURL *string
	Auth        *string
	Kanalen     *[]FilterGroup
}

// UpdateAbonnement changes an abonnement (PUT when every field is set,
// PATCH otherwise). The client that made it keeps owning it.
func (s *Service) UpdateAbonnement(ctx context.Context, id string, p AbonnementPatch) (*Abonnement, error) {
	var out *Abonnement
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getAbonnement(ctx, tx, id)
		if err != nil {
			return err
		}
		a := *old
		if p.CallbackURL != nil {
			a.CallbackURL = *p.CallbackURL
		}
		if p.Auth != nil {
			a.Auth = *p.Auth
		}
		if p.Kanalen != nil {
			a.Kanalen = slices.Clone(*p.Kanalen)
		}
		ids, err := validateAbonnement(ctx, tx, &a)
		if err != nil {
			return err
		}
		a.UpdatedAt = s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE notificatie_abonnementen SET callback_url = $2, auth = $3, updated_at = $4 WHERE id = $1`,
			a.ID, a.CallbackURL, a.Auth, a.UpdatedAt); err != nil {
			return fmt.Errorf("notificaties: update abonnement: %w", err)
		}
		if err := writeKanalen(ctx, tx, &a, ids); err != nil {
			return err
		}
		out = &a
		actie := "partial_update"
		if p.CallbackURL != nil && p.Auth != nil && p.Kanalen != nil {
			actie = "update"
		}
		return s.record(ctx, tx, "abonnement", a.ID, a.CallbackURL, actie, old.audit(), a.audit())
	})
	return out, err
}

// DeleteAbonnement removes an abonnement; deliveries already queued for it
// are dropped when they run. The delivery history stays.
func (s *Service) DeleteAbonnement(ctx context.Context, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getAbonnement(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notificatie_abonnementen WHERE id = $1`, id); err != nil {
			return fmt.Errorf("notificaties: delete abonnement: %w", err)
		}
		return s.record(ctx, tx, "abonnement", id, old.CallbackURL, "destroy", old.audit(), nil)
	})
}
