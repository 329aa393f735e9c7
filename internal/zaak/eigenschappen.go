package zaak

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// EigenschapWaarde is a value for SetEigenschappenTx: the eigenschap is
// named by its naam within the zaak's zaaktype.
type EigenschapWaarde struct {
	Naam, Waarde string
}

// EigenschapOvergeslagen is a value SetEigenschappenTx did not record:
// Onbekend when the zaaktype has no eigenschap of that naam, else Reden
// says (in Dutch) why the value does not fit the eigenschap.
type EigenschapOvergeslagen struct {
	Naam     string
	Onbekend bool
	Reden    string
}

// SetEigenschappenTx records several eigenschappen of a zaak at once, in
// the caller's transaction (an e-form submission records its answers with
// the zaak it creates). It reads the zaak and its zaaktype's eigenschappen
// once and inserts the values in one statement, with an audit row and an
// event per zaakeigenschap as SetEigenschapTx writes them: on PostgreSQL a
// submission's transaction makes three round trips plus one per value
// instead of five per value. Values that the zaaktype does not know or
// that do not fit their eigenschap are not recorded but returned, so the
// caller decides whether that is an error; the others are recorded all the
// same.
func (s *Service) SetEigenschappenTx(ctx context.Context, tx *sql.Tx, zaakID string, vals []EigenschapWaarde) ([]ZaakEigenschap, []EigenschapOvergeslagen, error) {
	var set []ZaakEigenschap
	var skipped []EigenschapOvergeslagen
	err := s.changeZaakTx(ctx, tx, zaakID, false, func(c *change) error {
		if len(vals) == 0 {
			return nil
		}
		rows, err := c.tx.QueryContext(ctx, `SELECT id, zaaktype_id, naam, formaat, lengte, waardenverzameling
			FROM eigenschappen WHERE zaaktype_id = $1`, c.z.ZaakTypeID)
		if err != nil {
			return fmt.Errorf("zaak: eigenschappen: %w", err)
		}
		byNaam := map[string]eigenschap{}
		for rows.Next() {
			var e eigenschap
			if err := rows.Scan(&e.ID, &e.ZaakTypeID, &e.Naam, &e.Formaat, &e.Lengte, &e.Waardenverzameling); err != nil {
				rows.Close()
				return fmt.Errorf("zaak: eigenschappen: %w", err)
			}
			byNaam[e.Naam] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("zaak: eigenschappen: %w", err)
		}
		for _, v := range vals {
			e, ok := byNaam[v.Naam]
			if !ok {
				skipped = append(skipped, EigenschapOvergeslagen{Naam: v.Naam, Onbekend: true})
				continue
			}
			if reason := checkWaarde(e, v.Waarde); reason != "" {
				skipped = append(skipped, EigenschapOvergeslagen{Naam: v.Naam, Reden: reason})
				continue
			}
			set = append(set, ZaakEigenschap{ID: newID(), ZaakID: c.z.ID, EigenschapID: e.ID, Naam: e.Naam, Waarde: v.Waarde})
		}
		if len(set) == 0 {
			return nil
		}
		var q strings.Builder
		q.WriteString(`INSERT INTO zaakeigenschappen (id, zaak_id, eigenschap_id, naam, waarde) VALUES `)
		args := make([]any, 0, 5*len(set))
		for i, ze := range set {
			if i > 0 {
				q.WriteString(", ")
			}
			n := 5 * i
			fmt.Fprintf(&q, "($%d,$%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4, n+5)
			args = append(args, ze.ID, ze.ZaakID, ze.EigenschapID, ze.Naam, ze.Waarde)
		}
		if _, err := c.tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("zaak: insert eigenschappen: %w", err)
		}
		for _, ze := range set {
			if err := c.audit("zaakeigenschap", ze.ID, "create", "Eigenschap "+ze.Naam+" vastgelegd", nil, ze); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return set, skipped, nil
}
