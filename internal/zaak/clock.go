package zaak

import (
	"context"
	"fmt"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// The legal clock. The deadline (uiterlijke_einddatum_afdoening) is always
// recomputed from the facts — startdatum (the day of receipt), the
// zaaktype's doorlooptijd, every opschorting and every verlenging — with
// termijn.Deadline on the legal calendar; it is never moved in place.
//
// An opschorting stops the clock from the day after the request (Awb 4:15)
// up to and including the day the documents arrived, or the end of the term
// set for the applicant when they did not arrive in time (expired unused).
// While it is still running it is counted up to that term's end — the
// deadline as it will be if nothing arrives — so the stored deadline does
// not change every day; DocumentsReceived brings it back when the documents
// come earlier.

func parseTerm(s string) (termijn.Duration, error) {
	if s == "" {
		return termijn.Duration{}, nil
	}
	return termijn.ParseDuration(s)
}

func suspensionsOf(ops []Opschorting) []termijn.Suspension {
	out := make([]termijn.Suspension, 0, len(ops))
	for _, o := range ops {
		until := o.TermijnTot
		if !o.HervatOp.IsZero() && o.HervatOp.Before(until) {
			until = o.HervatOp
		}
		out = append(out, termijn.Suspension{Requested: o.GevraagdOp, Until: until})
	}
	return out
}

func legalDeadline(start date.Date, term termijn.Duration, ops []Opschorting, exts []termijn.Duration) date.Date {
	return termijn.Deadline(start, term, termijn.Legal(), termijn.Options{
		Suspensions: suspensionsOf(ops), Extensions: exts}).End
}

// DeadlineExplanation explains the current legal deadline of a zaak in Dutch,
// one step per line (for the behandelaar and for letters).
func (s *Service) DeadlineExplanation(ctx context.Context, zaakID string) (termijn.Result, error) {
	z, err := s.get(ctx, s.DB.R, zaakID)
	if err != nil {
		return termijn.Result{}, err
	}
	return computeDeadline(ctx, s.DB.R, z)
}

// errInvalidDoorlooptijd: without a valid term there is no deadline to
// explain or store, and "startdatum + nothing" would look like one.
func errInvalidDoorlooptijd(err error) error {
	return errs.Wrap(errs.Internal, err, "De doorlooptijd van het zaaktype is ongeldig.")
}

func extensionsOf(vs []Verlenging) []termijn.Duration {
	var out []termijn.Duration
	for _, v := range vs {
		if d, err := termijn.ParseDuration(v.Duur); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// recomputeDeadline sets the legal deadline from the facts and keeps N4 in
// step while the zaak is open.
func (c *change) recomputeDeadline() error {
	r, err := computeDeadline(c.ctx, c.tx, c.z)
	if err != nil {
		return err
	}
	d := r.End
	if d != c.z.UiterlijkeEinddatumAfdoening {
		c.z.UiterlijkeEinddatumAfdoening, c.dirty = d, true
	}
	if !c.z.IsClosed() {
		return moveN4(c.ctx, c.tx, c.z.ID, d, c.today)
	}
	return nil
}

// RequestDocuments asks the applicant to complete the application within a
// term ending on termijnTot (Awb 4:5/4:15): the legal clock stops from
// tomorrow, the zaak shows as waiting for the customer
// (opschorting.indicatie), and N2 is met. Only for zaaktypen that allow
// opschorting; a request without a term does not suspend (ABRvS
// 21-09-2016), so termijnTot is required.
func (s *Service) RequestDocuments(ctx context.Context, zaakID, reden string, termijnTot date.Date) (*Opschorting, error) {
	if err := MayHandle(ctx, "opvragen"); err != nil {
		return nil, err
	}
	var out Opschorting
	err := s.change(ctx, zaakID, func(c *change) error {
		zt, err := loadZaakType(ctx, c.tx, c.z.ZaakTypeID)
		if err != nil {
			return err
		}
		if !zt.Opschorting {
			return errs.E(errs.Conflict, "opschorting-niet-mogelijk", "Bij dit zaaktype is opschorten niet mogelijk.")
		}
		if c.z.Opschorting.Indicatie {
			return errs.E(errs.Conflict, "al-opgeschort", "De zaak is al opgeschort; er wordt al op stukken gewacht.")
		}
		var f errs.Fields
		if trim(reden) == "" {
			f.Add("reden", "required", "Geef aan welke stukken ontbreken.")
		} else if len([]rune(reden)) > 200 {
			f.Add("reden", "max_length", "De reden mag niet langer zijn dan 200 tekens.")
		}
		if termijnTot.IsZero() {
			f.Add("termijnTot", "required", "Zonder termijn wordt de beslistermijn niet opgeschort; geef een termijn.")
		} else if !termijnTot.After(c.today) {
			f.Add("termijnTot", "not-after-today", "De termijn moet na vandaag eindigen.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		out = Opschorting{ID: newID(), ZaakID: c.z.ID, GevraagdOp: c.today, TermijnTot: termijnTot,
			Reden: trim(reden), CreatedBy: actorName(ctx), CreatedAt: c.now}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO opschortingen (id, zaak_id, gevraagd_op, termijn_tot, reden,
			created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`, out.ID, out.ZaakID, out.GevraagdOp, out.TermijnTot,
			out.Reden, out.CreatedBy, out.CreatedAt); err != nil {
			return fmt.Errorf("zaak: insert opschorting: %w", err)
		}
		c.z.Opschorting = OpschortingGroep{Indicatie: true, Reden: out.Reden, EerdereOpschorting: true}
		c.dirty = true
		if _, err := settleNormOn(ctx, c.tx, c.z.ID, N2, 0, NormMet, "documenten_opgevraagd", c.today, c.now); err != nil {
			return err
		}
		if err := c.recomputeDeadline(); err != nil {
			return err
		}
		return c.audit("opschorting", out.ID, "create", "Ontbrekende stukken opgevraagd; termijn opgeschort", nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DocumentsReceived records that the requested documents arrived on `on`:
// the clock resumes (the suspension ends that day, or at the end of the
// term if they came later), the deadline is recomputed and norm N3
// (completeness letter within 5 werkdagen) starts.
func (s *Service) DocumentsReceived(ctx context.Context, zaakID string, on date.Date) (*Opschorting, error) {
	if err := MayHandle(ctx, "ontvangen"); err != nil {
		return nil, err
	}
	var out Opschorting
	err := s.change(ctx, zaakID, func(c *change) error {
		ops, err := listOpschortingen(ctx, c.tx, c.z.ID)
		if err != nil {
			return err
		}
		var open *Opschorting
		for i := range ops {
			if ops[i].HervatOp.IsZero() {
				open = &ops[i]
			}
		}
		if open == nil {
			return errs.E(errs.Conflict, "niet-opgeschort", "Er wordt voor deze zaak niet op stukken gewacht.")
		}
		switch {
		case on.IsZero():
			return errs.InvalidField("ontvangenOp", "required", "De datum van ontvangst is verplicht.")
		case on.After(c.today):
			return errs.InvalidField("ontvangenOp", "future", "De datum van ontvangst mag niet in de toekomst liggen.")
		case on.Before(open.GevraagdOp):
			return errs.InvalidField("ontvangenOp", "before-request", "De stukken kunnen niet vóór de aanvraag ervan zijn ontvangen.")
		}
		old := *open
		open.HervatOp = on
		if _, err := c.tx.ExecContext(ctx, `UPDATE opschortingen SET hervat_op = $2 WHERE id = $1`, open.ID, on); err != nil {
			return fmt.Errorf("zaak: resume: %w", err)
		}
		c.z.Opschorting.Indicatie, c.z.Opschorting.Reden = false, ""
		c.dirty = true
		if err := c.recomputeDeadline(); err != nil {
			return err
		}
		cal, err := s.operational(ctx, c.tx)
		if err != nil {
			return err
		}
		v, err := nextVolgnummer(ctx, c.tx, c.z.ID, N3)
		if err != nil {
			return err
		}
		if _, err := insertNorm(ctx, c.tx, c.z.ID, N3, v, cal.AddWorkdays(on, 5), NormOpen, "", c.now); err != nil {
			return err
		}
		out = *open
		return c.audit("opschorting", open.ID, "update", "Stukken ontvangen; termijn loopt weer", old, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Extend extends the legal term by duur with a reason; see ExtendWith.
func (s *Service) Extend(ctx context.Context, zaakID string, duur termijn.Duration, reden string) (*Verlenging, error) {
	return s.ExtendWith(ctx, zaakID, ExtendInput{Duur: duur, Reden: reden})
}

// ExtendInput is one verlenging (or, for a bezwaar, verdaging).
type ExtendInput struct {
	Duur  termijn.Duration
	Reden string
	// Instemming names who agreed to a further delay of a decision on a
	// bezwaar and when (Awb 7:10 lid 4); required only there.
	Instemming string
}

// ExtendWith extends the legal term with a reason, only before the
// deadline (today ≤ deadline). For an application: the zaaktype must allow
// verlenging, duur at most its verlengingstermijn, and at most once per
// zaak — the Omgevingswet and Wabo allow one extension of the reguliere
// procedure (Ow: 8 weeks, once extendable by 6), so a second one would need
// a legal basis this system does not model. For a bezwaar (linked to a
// besluit) Awb 7:10 decides, whatever the zaaktype says: one verdaging of
// at most six weeks (lid 3); any further delay only with the consent of
// the objector and the other belanghebbenden (lid 4), recorded in
// Instemming. The applicant must be told before the old deadline: norm N5
// starts, due that day.
func (s *Service) ExtendWith(ctx context.Context, zaakID string, in ExtendInput) (*Verlenging, error) {
	if err := MayHandle(ctx, "verlengen"); err != nil {
		return nil, err
	}
	duur, reden, instemming := in.Duur, in.Reden, trim(in.Instemming)
	var out Verlenging
	err := s.change(ctx, zaakID, func(c *change) error {
		zt, err := loadZaakType(ctx, c.tx, c.z.ZaakTypeID)
		if err != nil {
			return err
		}
		_, isBezwaar, err := loadBezwaar(ctx, c.tx, c.z.ID)
		if err != nil {
			return err
		}
		if !isBezwaar && !zt.Verlenging {
			return errs.E(errs.Conflict, "verlenging-niet-mogelijk", "Bij dit zaaktype is verlengen niet mogelijk.")
		}
		old := c.z.UiterlijkeEinddatumAfdoening
		if c.today.After(old) {
			return errs.E(errs.Conflict, "termijn-verstreken", "De beslistermijn is al verstreken; verlengen kan alleen vóór de uiterlijke einddatum.")
		}
		n, err := count(ctx, c.tx, `SELECT COUNT(*) FROM verlengingen WHERE zaak_id = $1`, c.z.ID)
		if err != nil {
			return err
		}
		if n > 0 && !isBezwaar {
			return errs.E(errs.Conflict, "al-verlengd", "De termijn van deze zaak is al eens verlengd; dat kan maar één keer.")
		}
		var f errs.Fields
		maxTerm, _ := parseTerm(zt.Verlengingstermijn)
		if isBezwaar {
			maxTerm = MaxVerdaging
			if n > 0 {
				maxTerm = termijn.Duration{} // lid 4 sets no length; the consent covers it
			}
		}
		switch {
		case duur.IsZero():
			f.Add("duur", "required", "De duur van de verlenging is verplicht.")
		case isBezwaar && n == 0 && duur.AddTo(old).After(maxTerm.AddTo(old)):
			f.Add("duur", "te-lang", "Een beslissing op bezwaar kan één keer met hoogstens zes weken worden verdaagd (Awb 7:10 lid 3).")
		case !maxTerm.IsZero() && duur.AddTo(old).After(maxTerm.AddTo(old)):
			f.Add("duur", "te-lang", "De verlenging is langer dan het zaaktype toestaat ("+maxTerm.Dutch()+").")
		}
		if trim(reden) == "" {
			f.Add("reden", "required", "De reden van de verlenging is verplicht.")
		} else if len([]rune(reden)) > 200 {
			f.Add("reden", "max_length", "De reden mag niet langer zijn dan 200 tekens.")
		}
		switch {
		case isBezwaar && n > 0 && instemming == "":
			f.Add("instemming", "required", "De beslissing op dit bezwaar is al eens verdaagd. Verder uitstel mag alleen als de indiener "+
				"(en de andere belanghebbenden) ermee instemmen (Awb 7:10 lid 4): vul in wie wanneer heeft ingestemd.")
		case len([]rune(instemming)) > 200:
			f.Add("instemming", "max_length", "De instemming mag niet langer zijn dan 200 tekens.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if !isBezwaar || n == 0 {
			instemming = "" // consent is only recorded where the law asks for it
		}
		out = Verlenging{ID: newID(), ZaakID: c.z.ID, BeslotenOp: c.today, Duur: duur.String(),
			Reden: trim(reden), Instemming: instemming, OudeEinddatum: old, CreatedBy: actorName(ctx), CreatedAt: c.now}
		// Insert first, then recompute from all facts (this one included).
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO verlengingen (id, zaak_id, besloten_op, duur, reden, instemming,
			oude_einddatum, nieuwe_einddatum, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
			out.ID, out.ZaakID, out.BeslotenOp, out.Duur, out.Reden, out.Instemming, old, old, out.CreatedBy, out.CreatedAt); err != nil {
			return fmt.Errorf("zaak: insert verlenging: %w", err)
		}
		if err := c.recomputeDeadline(); err != nil {
			return err
		}
		out.NieuweEinddatum = c.z.UiterlijkeEinddatumAfdoening
		if _, err := c.tx.ExecContext(ctx, `UPDATE verlengingen SET nieuwe_einddatum = $2 WHERE id = $1`,
			out.ID, out.NieuweEinddatum); err != nil {
			return fmt.Errorf("zaak: verlenging: %w", err)
		}
		c.z.Verlenging = VerlengingGroep{Reden: out.Reden, Duur: out.Duur}
		c.dirty = true
		v, err := nextVolgnummer(ctx, c.tx, c.z.ID, N5)
		if err != nil {
			return err
		}
		if _, err := insertNorm(ctx, c.tx, c.z.ID, N5, v, old, NormOpen, "", c.now); err != nil {
			return err
		}
		what := "Termijn verlengd met "
		if isBezwaar {
			what = "Beslissing op bezwaar verdaagd met "
		}
		return c.audit("verlenging", out.ID, "create", what+duur.Dutch(), nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RegisterIngebrekestelling records a written notice of default (Awb 4:17)
// received on ontvangenOp. It may be registered on a closed zaak too (it
// is a fact that happened).
func (s *Service) RegisterIngebrekestelling(ctx context.Context, zaakID string, ontvangenOp date.Date, toelichting string) (*Ingebrekestelling, error) {
	if err := MayHandle(ctx, "ingebrekestelling"); err != nil {
		return nil, err
	}
	var out Ingebrekestelling
	err := s.changeZaak(ctx, zaakID, true, func(c *change) error {
		switch {
		case ontvangenOp.IsZero():
			return errs.InvalidField("ontvangenOp", "required", "De datum van ontvangst is verplicht.")
		case ontvangenOp.After(c.today):
			return errs.InvalidField("ontvangenOp", "future", "De datum van ontvangst mag niet in de toekomst liggen.")
		}
		out = Ingebrekestelling{ID: newID(), ZaakID: c.z.ID, OntvangenOp: ontvangenOp,
			Toelichting: toelichting, CreatedBy: actorName(ctx), CreatedAt: c.now}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO ingebrekestellingen (id, zaak_id, ontvangen_op, toelichting,
			created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6)`, out.ID, out.ZaakID, out.OntvangenOp, out.Toelichting,
			out.CreatedBy, out.CreatedAt); err != nil {
			return fmt.Errorf("zaak: insert ingebrekestelling: %w", err)
		}
		return c.audit("ingebrekestelling", out.ID, "create", "Ingebrekestelling ontvangen", nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DwangsomView is the dwangsom (Awb 4:17) of a zaak on a given day.
type DwangsomView struct {
	termijn.DwangsomResult
	Deadline          date.Date
	Ingebrekestelling *Ingebrekestelling // the notice that counts, nil when none does
	AsOf              date.Date
}

// Dwangsom computes the dwangsom owed on asOf. The notice that counts is
// the first one received after the deadline (one received on or before it
// has no effect). Once the zaak is decided (einddatum) no further days
// accrue: the day of the decision is no longer a day in default.
func (s *Service) Dwangsom(ctx context.Context, zaakID string, asOf date.Date) (*DwangsomView, error) {
	z, err := s.get(ctx, s.DB.R, zaakID)
	if err != nil {
		return nil, err
	}
	ibs, err := listIngebrekestellingen(ctx, s.DB.R, zaakID)
	if err != nil {
		return nil, err
	}
	v := &DwangsomView{Deadline: z.UiterlijkeEinddatumAfdoening, AsOf: asOf}
	for i := range ibs {
		if ibs[i].OntvangenOp.After(z.UiterlijkeEinddatumAfdoening) {
			v.Ingebrekestelling = &ibs[i]
			break
		}
	}
	if v.Ingebrekestelling == nil {
		if len(ibs) > 0 {
			v.Premature = true
		}
		return v, nil
	}
	until := asOf
	if z.IsClosed() && !z.Einddatum.AddDays(-1).After(until) {
		until = z.Einddatum.AddDays(-1)
	}
	v.DwangsomResult = termijn.Dwangsom(z.UiterlijkeEinddatumAfdoening, v.Ingebrekestelling.OntvangenOp, until)
	return v, nil
}

func count(ctx context.Context, q db.Queryer, query string, args ...any) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("zaak: count: %w", err)
	}
	return n, nil
}

func listOpschortingen(ctx context.Context, q db.Queryer, zaakID string) ([]Opschorting, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, zaak_id, gevraagd_op, termijn_tot, hervat_op, reden, created_by,
		created_at FROM opschortingen WHERE zaak_id = $1 ORDER BY gevraagd_op, created_at`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: opschortingen: %w", err)
	}
	defer rows.Close()
	var out []Opschorting
	for rows.Next() {
		var o Opschorting
		if err := rows.Scan(&o.ID, &o.ZaakID, &o.GevraagdOp, &o.TermijnTot, &o.HervatOp, &o.Reden, &o.CreatedBy, &o.CreatedAt); err != nil {
			return nil, fmt.Errorf("zaak: scan opschorting: %w", err)
		}
		o.CreatedAt = o.CreatedAt.UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

func listVerlengingen(ctx context.Context, q db.Queryer, zaakID string) ([]Verlenging, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, zaak_id, besloten_op, duur, reden, instemming, oude_einddatum,
		nieuwe_einddatum, created_by, created_at FROM verlengingen WHERE zaak_id = $1 ORDER BY created_at, id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: verlengingen: %w", err)
	}
	defer rows.Close()
	var out []Verlenging
	for rows.Next() {
		var v Verlenging
		if err := rows.Scan(&v.ID, &v.ZaakID, &v.BeslotenOp, &v.Duur, &v.Reden, &v.Instemming, &v.OudeEinddatum, &v.NieuweEinddatum,
			&v.CreatedBy, &v.CreatedAt); err != nil {
			return nil, fmt.Errorf("zaak: scan verlenging: %w", err)
		}
		v.CreatedAt = v.CreatedAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

func listIngebrekestellingen(ctx context.Context, q db.Queryer, zaakID string) ([]Ingebrekestelling, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, zaak_id, ontvangen_op, toelichting, created_by, created_at
		FROM ingebrekestellingen WHERE zaak_id = $1 ORDER BY ontvangen_op, created_at`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: ingebrekestellingen: %w", err)
	}
	defer rows.Close()
	var out []Ingebrekestelling
	for rows.Next() {
		var i Ingebrekestelling
		if err := rows.Scan(&i.ID, &i.ZaakID, &i.OntvangenOp, &i.Toelichting, &i.CreatedBy, &i.CreatedAt); err != nil {
			return nil, fmt.Errorf("zaak: scan ingebrekestelling: %w", err)
		}
		i.CreatedAt = i.CreatedAt.UTC()
		out = append(out, i)
	}
	return out, rows.Err()
}
