package zaak

import (
	"context"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/db"
)

// The klantbeeld (the KCC's picture of one customer) shows up to fifty open
// zaken, each with its status, the next step and the documents the
// customer may see. Reading those per zaak costs two round trips per zaak;
// these read them for all the zaken of the page at once, so the page costs
// the same number of queries for a customer with one zaak as for one with a
// thousand.

// Stap is a statustype as the klantbeeld needs it: its place in the
// process and its name.
type Stap struct {
	ID           string
	ZaakTypeID   string
	Volgnummer   int
	Omschrijving string
}

// StappenVan returns the statustypen of each zaaktype, in process order.
func (s *Service) StappenVan(ctx context.Context, zaakTypeIDs []string) (map[string][]Stap, error) {
	ids := validIDs(zaakTypeIDs)
	out := make(map[string][]Stap, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, zaaktype_id, volgnummer, omschrijving FROM statustypen
		WHERE zaaktype_id IN (`+params(len(ids))+`) ORDER BY zaaktype_id, volgnummer`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("zaak: stappen: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st Stap
		if err := rows.Scan(&st.ID, &st.ZaakTypeID, &st.Volgnummer, &st.Omschrijving); err != nil {
			return nil, fmt.Errorf("zaak: stappen: %w", err)
		}
		out[st.ZaakTypeID] = append(out[st.ZaakTypeID], st)
	}
	return out, rows.Err()
}

// ZichtbaarDocument is a document of a zaak that its initiator may see
// (zichtbaar voor initiator), by the title the zaak gives it.
type ZichtbaarDocument struct {
	ZaakID string
	Titel  string
}

// ZichtbareDocumenten returns, per zaak, the documents its initiator may
// see, oldest first.
func (s *Service) ZichtbareDocumenten(ctx context.Context, zaakIDs []string) (map[string][]ZichtbaarDocument, error) {
	ids := validIDs(zaakIDs)
	out := make(map[string][]ZichtbaarDocument, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT l.zaak_id, l.titel, d.titel FROM zaakinformatieobjecten l
		JOIN informatieobjecten d ON d.id = l.informatieobject_id
		WHERE l.zaak_id IN (`+params(len(ids))+`) AND l.zichtbaar_voor_initiator
		ORDER BY l.zaak_id, l.registratiedatum, l.id`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("zaak: zichtbare documenten: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc ZichtbaarDocument
		var docTitel string
		if err := rows.Scan(&doc.ZaakID, &doc.Titel, &docTitel); err != nil {
			return nil, fmt.Errorf("zaak: zichtbare documenten: %w", err)
		}
		if doc.Titel == "" {
			doc.Titel = docTitel
		}
		out[doc.ZaakID] = append(out[doc.ZaakID], doc)
	}
	return out, rows.Err()
}

// validIDs drops what is not a uuid (it cannot match, and PostgreSQL would
// refuse it) and duplicates.
func validIDs(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, id := range in {
		if db.ValidUUID(id) && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func params(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", i+1)
	}
	return b.String()
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
