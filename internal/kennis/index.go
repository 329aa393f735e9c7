package kennis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/errs"
)

// Field weights: a word in the title counts five times a word in the body.
const (
	weightTitel   = 5
	weightKort    = 3 // samenvatting, trefwoorden, UPN, FAQ questions
	weightTekst   = 1
	bm25K1        = 1.2
	bm25B         = 0.75
	fuzzyPenalty  = 0.6
	prefixPenalty = 0.5
	maxGroups     = 16
	// titleBonus is added (times idf) when a query word is in the title.
	titleBonus = 1.0
)

// stopwords are skipped in documents and queries: they carry no subject.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`de het een en of van in op te ten ter voor met aan bij uit over naar om tot door
		als dat die dit deze er is zijn was wordt worden werd kan kunt kunnen moet moeten mag mogen wil wilt willen
		ik je jij u uw mijn me mij we wij ze zij hij haar hem hun ons onze wat wie hoe waar wanneer welke waarom
		niet geen ook nog al dan maar zo heel erg meer veel wel toch even graag dus hier daar`) {
		m[w] = true
	}
	return m
}()

// doc is one published article in the index.
type doc struct {
	artikelID, versionID, slug string
	titel, samenvatting        string
	zaaktypen                  []string
	teamID                     string
	eformulier                 string
	// text is what snippets are cut from: the body sections and the FAQ.
	text string
	len  float32
	// titleStems are the stems of the title: a query word in the title
	// says most about what the article is about.
	titleStems []string
}

type posting struct {
	doc int32
	tf  float32 // weighted term frequency
}

type index struct {
	docs     []doc
	post     map[string][]posting // stem → postings, by doc
	vocab    []string             // sorted stems, for prefix look-up
	byLen    map[int][]string     // stems by rune length, for typo look-up
	avgLen   float32
	synonyms map[string][]string // normalised word or phrase → words it also means
	phrases  []string            // synonym keys of more than one word, longest first
	stamp    string
}

// words splits normalised text into words: letters and digits; a hyphen
// inside a word splits it too ("e-formulier" → "e", "formulier").
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func normalise(s string) string { return removeAccents(strings.ToLower(s)) }

// terms are the index terms of normalised text.
func terms(s string, fn func(stem string)) {
	for _, w := range words(s) {
		if stopwords[w] || utf8.RuneCountInString(w) < 2 {
			continue
		}
		fn(Stem(w))
	}
}

func buildIndex(docs []doc, synonyms map[string][]string, stamp string) *index {
	ix := &index{docs: docs, post: map[string][]posting{}, byLen: map[int][]string{}, synonyms: synonyms, stamp: stamp}
	var total float32
	for i := range docs {
		d := &docs[i]
		tf := map[string]float32{}
		add := func(text string, w float32) {
			terms(normalise(text), func(st string) { tf[st] += w; d.len += w })
		}
		add(d.titel, weightTitel)
		terms(normalise(d.titel), func(st string) {
			if !slices.Contains(d.titleStems, st) {
				d.titleStems = append(d.titleStems, st)
			}
		})
		add(d.samenvatting, weightKort)
		add(d.text, weightTekst)
		total += d.len
		for st, f := range tf {
			ix.post[st] = append(ix.post[st], posting{doc: int32(i), tf: f})
		}
	}
	if len(docs) > 0 {
		ix.avgLen = total / float32(len(docs))
	}
	for st := range ix.post {
		ix.vocab = append(ix.vocab, st)
		n := utf8.RuneCountInString(st)
		ix.byLen[n] = append(ix.byLen[n], st)
	}
	sort.Strings(ix.vocab)
	for k := range synonyms {
		if len(words(k)) > 1 {
			ix.phrases = append(ix.phrases, k)
		}
	}
	sort.Slice(ix.phrases, func(i, j int) bool { return len(ix.phrases[i]) > len(ix.phrases[j]) })
	return ix
}

// docFromVersion turns a published version into an index document. The
// short fields (trefwoorden, UPN, FAQ questions) count as the summary.
func docFromVersion(v *Version) doc {
	var kort []string
	kort = append(kort, v.Samenvatting)
	kort = append(kort, v.Trefwoorden...)
	kort = append(kort, v.UPNLabel)
	var text []string
	for _, t := range []string{v.WatIsHet, v.Wie, v.Kosten, v.Meenemen, v.Aanvragen, v.Duur, v.Bezwaar} {
		if t != "" {
			text = append(text, t)
		}
	}
	for _, f := range v.FAQ {
		kort = append(kort, f.Vraag)
		text = append(text, f.Vraag+" "+f.Antwoord)
	}
	return doc{artikelID: v.ArtikelID, versionID: v.ID, titel: v.Titel, samenvatting: strings.Join(kort, "\n"),
		zaaktypen: v.ZaakTypen, teamID: v.TeamID, eformulier: v.EFormulierURL, text: strings.Join(text, "\n")}
}

func (s *Service) readStamp(ctx context.Context) (string, error) {
	var v string
	err := s.DB.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, stampKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("kennis: stamp: %w", err)
	}
	return v, nil
}

// Reload rebuilds the search index from the published versions and the
// synonyms in the database.
func (s *Service) Reload(ctx context.Context) error {
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	stamp, err := s.readStamp(ctx)
	if err != nil {
		return err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+prefixed("v.", versionCols)+`, a.slug FROM kennis_artikelen a
		JOIN kennis_versies v ON v.id = a.gepubliceerde_versie_id ORDER BY a.slug`)
	if err != nil {
		return fmt.Errorf("kennis: load index: %w", err)
	}
	defer rows.Close()
	var docs []doc
	for rows.Next() {
		var slug string
		v, err := scanVersion(multi{rows, &slug})
		if err != nil {
			return fmt.Errorf("kennis: load index: %w", err)
		}
		d := docFromVersion(v)
		d.slug = slug
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("kennis: load index: %w", err)
	}
	syn, err := s.loadSynonyms(ctx)
	if err != nil {
		return err
	}
	s.idx.Store(buildIndex(docs, syn, stamp))
	s.checkedAt.Store(time.Now().UnixNano())
	return nil
}

type multi struct {
	r    *sql.Rows
	rest any
}

func (m multi) Scan(dest ...any) error { return m.r.Scan(append(dest, m.rest)...) }

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// Load builds the index (call at start; Search also loads on first use).
func (s *Service) Load(ctx context.Context) error { return s.Reload(ctx) }

// current returns the index, reloading it when another instance changed
// the articles since the last check (at most every StaleAfter).
func (s *Service) current(ctx context.Context) (*index, error) {
	ix := s.idx.Load()
	if ix == nil {
		if err := s.Reload(ctx); err != nil {
			return nil, err
		}
		return s.idx.Load(), nil
	}
	every := s.StaleAfter
	if every == 0 {
		every = 5 * time.Second
	}
	last := s.checkedAt.Load()
	if time.Since(time.Unix(0, last)) < every || !s.checkedAt.CompareAndSwap(last, time.Now().UnixNano()) {
		return ix, nil
	}
	stamp, err := s.readStamp(ctx)
	if err != nil {
		return nil, err
	}
	if stamp != ix.stamp {
		if err := s.Reload(ctx); err != nil {
			return nil, err
		}
		ix = s.idx.Load()
	}
	return ix, nil
}

// Segment is a piece of a highlighted text: Mark is true for a matched word.
type Segment struct {
	Text string
	Mark bool
}

// Hit is one search result.
type Hit struct {
	ArtikelID string
	VersionID string
	Slug      string
	Titel     string
	// TitelParts is the title with matched words marked.
	TitelParts []Segment
	// Samenvatting is the short answer (not highlighted: it is read out).
	Samenvatting string
	// Snippet is a piece of the body around the best matches.
	Snippet       []Segment
	ZaakTypen     []string
	TeamID        string
	EFormulierURL string
	Score         float64
}

// Result is what a search returns.
type Result struct {
	Query string
	Hits  []Hit
	// Total counts every matching article (Hits holds at most the limit).
	Total int
	// Corrected lists query words that matched only after correcting a
	// typo, with the word they were read as ("pasport" → "paspoort").
	Corrected map[string]string
}

// group is one query word with the stems that count as it.
type group struct {
	word string
	alts []alt
}

type alt struct {
	stem   string
	weight float64
}

// Search finds published articles for a Dutch query, best first, with at
// most limit hits (default 10).
func (s *Service) Search(ctx context.Context, q string, limit int) (*Result, error) {
	ix, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return ix.search(q, limit), nil
}

func (ix *index) expand(q string) []group {
	nq := " " + strings.Join(words(normalise(q)), " ") + " "
	// Hyphens and spaces are both separators in words(), so "id-kaart"
	// and "id kaart" meet the phrase key "id kaart" alike.
	var groups []group
	for _, p := range ix.phrases {
		key := " " + strings.Join(words(p), " ") + " "
		if strings.Contains(nq, key) {
			g := group{word: p}
			for _, w := range ix.synonyms[p] {
				g.alts = append(g.alts, alt{Stem(w), 1})
			}
			groups = append(groups, g)
			nq = strings.Replace(nq, key, " ", 1)
		}
	}
	for _, w := range strings.Fields(nq) {
		if stopwords[w] || utf8.RuneCountInString(w) < 2 {
			continue
		}
		g := group{word: w, alts: []alt{{Stem(w), 1}}}
		for _, e := range ix.synonyms[w] {
			if st := Stem(e); st != g.alts[0].stem {
				g.alts = append(g.alts, alt{st, 0.9})
			}
		}
		groups = append(groups, g)
		if len(groups) == maxGroups {
			break
		}
	}
	return groups
}

func (ix *index) search(q string, limit int) *Result {
	if limit <= 0 {
		limit = 10
	}
	res := &Result{Query: q}
	groups := ix.expand(q)
	if len(groups) == 0 || len(ix.docs) == 0 {
		return res
	}
	// Typo tolerance and as-you-type: a word that is not in the index gets
	// the index words within a small edit distance; the last word also
	// its completions.
	for gi := range groups {
		g := &groups[gi]
		known := false
		for _, a := range g.alts {
			if _, ok := ix.post[a.stem]; ok {
				known = true
				break
			}
		}
		if !known {
			for _, st := range ix.fuzzy(g.alts[0].stem) {
				g.alts = append(g.alts, alt{st, fuzzyPenalty})
				if res.Corrected == nil {
					res.Corrected = map[string]string{}
				}
				if _, ok := res.Corrected[g.word]; !ok {
					res.Corrected[g.word] = st
				}
			}
		}
		if gi == len(groups)-1 && utf8.RuneCountInString(g.word) >= 3 {
			for _, st := range ix.prefixed(g.alts[0].stem, 20) {
				if !slices.ContainsFunc(g.alts, func(a alt) bool { return a.stem == st }) {
					g.alts = append(g.alts, alt{st, prefixPenalty})
				}
			}
		}
	}

	n := float64(len(ix.docs))
	scores := make([]float64, len(ix.docs))
	matched := make([]uint16, len(ix.docs))
	best := make([]float64, len(ix.docs))
	var touched []int32
	for gi, g := range groups {
		// A document scores the best of a group's alternatives, so a
		// synonym does not count twice.
		touched = touched[:0]
		for _, a := range g.alts {
			ps := ix.post[a.stem]
			if len(ps) == 0 {
				continue
			}
			idf := math.Log(1 + (n-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
			for _, p := range ps {
				dl := float64(ix.docs[p.doc].len)
				tf := float64(p.tf)
				sc := a.weight * idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*dl/float64(ix.avgLen)))
				if slices.Contains(ix.docs[p.doc].titleStems, a.stem) {
					sc += a.weight * idf * titleBonus
				}
				if best[p.doc] == 0 {
					touched = append(touched, p.doc)
				}
				if sc > best[p.doc] {
					best[p.doc] = sc
				}
			}
		}
		for _, d := range touched {
			scores[d] += best[d]
			matched[d] |= 1 << gi
			best[d] = 0
		}
	}
	type cand struct {
		d     int32
		score float64
	}
	var cands []cand
	full := len(groups)
	for d, sc := range scores {
		if sc == 0 {
			continue
		}
		// Articles that match every word come first: the coordination
		// factor squares the share of words matched.
		share := float64(popcount(matched[d])) / float64(full)
		cands = append(cands, cand{int32(d), sc * share * share})
	}
	res.Total = len(cands)
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return ix.docs[cands[i].d].titel < ix.docs[cands[j].d].titel
	})
	if len(cands) > limit {
		cands = cands[:limit]
	}
	hitStems := map[string]bool{}
	for _, g := range groups {
		for _, a := range g.alts {
			hitStems[a.stem] = true
		}
	}
	for _, c := range cands {
		d := &ix.docs[c.d]
		res.Hits = append(res.Hits, Hit{ArtikelID: d.artikelID, VersionID: d.versionID, Slug: d.slug, Titel: d.titel,
			TitelParts: highlight(d.titel, hitStems), Samenvatting: firstLine(d.samenvatting),
			Snippet: snippet(d.text, hitStems, 28), ZaakTypen: d.zaaktypen, TeamID: d.teamID,
			EFormulierURL: d.eformulier, Score: c.score})
	}
	return res
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func popcount(x uint16) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// fuzzy returns index stems within edit distance 1 (words of 4–7 letters)
// or 2 (8 and more) of stem; shorter words are not corrected.
func (ix *index) fuzzy(stem string) []string {
	r := []rune(stem)
	if len(r) < 4 {
		return nil
	}
	maxD := 1
	if len(r) >= 8 {
		maxD = 2
	}
	type c struct {
		st string
		d  int
		df int
	}
	var found []c
	for l := len(r) - maxD; l <= len(r)+maxD; l++ {
		for _, st := range ix.byLen[l] {
			if d := editDistance(r, []rune(st), maxD); d <= maxD {
				found = append(found, c{st, d, len(ix.post[st])})
			}
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].d != found[j].d {
			return found[i].d < found[j].d
		}
		return found[i].df > found[j].df
	})
	var out []string
	for i, f := range found {
		if i == 5 {
			break
		}
		out = append(out, f.st)
	}
	return out
}

// prefixed returns up to n index stems that start with stem (longer than it).
func (ix *index) prefixed(stem string, n int) []string {
	i := sort.SearchStrings(ix.vocab, stem)
	var out []string
	for ; i < len(ix.vocab) && len(out) < n && strings.HasPrefix(ix.vocab[i], stem); i++ {
		if ix.vocab[i] != stem {
			out = append(out, ix.vocab[i])
		}
	}
	return out
}

// editDistance is the Damerau-Levenshtein (optimal string alignment)
// distance of a and b, or max+1 once it is certain to exceed max.
func editDistance(a, b []rune, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// token is a word of the original text with its place.
type token struct {
	start, end int
	hit        bool
}

func tokenize(text string, hits map[string]bool) []token {
	var out []token
	start := -1
	// Words repeat; stemming each once keeps snippets cheap.
	seen := map[string]bool{}
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := normalise(text[start:end])
		hit, ok := seen[w]
		if !ok {
			hit = !stopwords[w] && hits[Stem(w)]
			seen[w] = hit
		}
		out = append(out, token{start, end, hit})
		start = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
		} else {
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// highlight marks the words of text whose stem is a hit.
func highlight(text string, hits map[string]bool) []Segment {
	return segments(text, tokenize(text, hits), 0, len(text))
}

func segments(text string, toks []token, from, to int) []Segment {
	var out []Segment
	pos := from
	for _, t := range toks {
		if !t.hit || t.start < from || t.end > to {
			continue
		}
		if t.start > pos {
			out = append(out, Segment{Text: text[pos:t.start]})
		}
		out = append(out, Segment{Text: text[t.start:t.end], Mark: true})
		pos = t.end
	}
	if pos < to {
		out = append(out, Segment{Text: text[pos:to]})
	}
	return out
}

// snippet cuts a window of about n words from text around the most hits,
// with the hits marked and an ellipsis where text was cut.
func snippet(text string, hits map[string]bool, n int) []Segment {
	toks := tokenize(text, hits)
	if len(toks) == 0 {
		return nil
	}
	bestStart, bestHits := 0, -1
	count := 0
	for i := range toks {
		if toks[i].hit {
			count++
		}
		if i >= n && toks[i-n].hit {
			count--
		}
		if i >= n-1 || i == len(toks)-1 {
			s := max(0, i-n+1)
			if count > bestHits {
				bestStart, bestHits = s, count
			}
		}
	}
	// Start a little before the first hit in the window for context.
	end := min(len(toks), bestStart+n)
	from, to := toks[bestStart].start, toks[end-1].end
	if bestStart > 0 {
		// Start at the beginning of a sentence when one is close.
		if k := strings.LastIndexAny(text[:from], ".?!\n"); k >= 0 && from-k < 60 {
			from = k + 1
			for from < len(text) && text[from] == ' ' {
				from++
			}
		}
	}
	if end < len(toks) {
		if k := strings.IndexAny(text[to:], ".?!\n"); k >= 0 && k < 40 {
			to += k + 1
		}
	}
	segs := segments(text, toks, from, to)
	for i := range segs {
		segs[i].Text = strings.ReplaceAll(segs[i].Text, "\n", " ")
	}
	if from > 0 {
		segs = append([]Segment{{Text: "… "}}, segs...)
	}
	if to < len(text) {
		segs = append(segs, Segment{Text: " …"})
	}
	return segs
}

// ---- Synonyms ----

// Synonym is a query word or phrase and the words it also means.
type Synonym struct {
	Term      string
	Betekenis string
}

func (s *Service) loadSynonyms(ctx context.Context) (map[string][]string, error) {
	list, err := s.Synonyms(ctx)
	if err != nil {
		return nil, err
	}
	m := map[string][]string{}
	for _, sy := range list {
		key := strings.Join(words(normalise(sy.Term)), " ")
		if key == "" {
			continue
		}
		m[key] = append(m[key], words(normalise(sy.Betekenis))...)
	}
	return m, nil
}

// Synonyms lists the synonyms, by term.
func (s *Service) Synonyms(ctx context.Context) ([]Synonym, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT term, betekenis FROM kennis_synoniemen ORDER BY term`)
	if err != nil {
		return nil, fmt.Errorf("kennis: synonyms: %w", err)
	}
	defer rows.Close()
	var out []Synonym
	for rows.Next() {
		var sy Synonym
		if err := rows.Scan(&sy.Term, &sy.Betekenis); err != nil {
			return nil, err
		}
		out = append(out, sy)
	}
	return out, rows.Err()
}

// SetSynonym adds or changes a synonym: a search for term also finds
// articles with the words of betekenis.
func (s *Service) SetSynonym(ctx context.Context, term, betekenis string) error {
	if err := mayEdit(ctx); err != nil {
		return err
	}
	term, betekenis = strings.TrimSpace(strings.ToLower(term)), strings.TrimSpace(strings.ToLower(betekenis))
	var f errs.Fields
	if len(words(normalise(term))) == 0 {
		f.Add("term", "required", "Vul het zoekwoord in, bijvoorbeeld id-kaart.")
	} else if utf8.RuneCountInString(term) > 60 {
		f.Add("term", "max_length", "Het zoekwoord mag niet langer zijn dan 60 tekens.")
	}
	if len(words(normalise(betekenis))) == 0 {
		f.Add("betekenis", "required", "Vul in wat het zoekwoord ook betekent, bijvoorbeeld identiteitskaart.")
	} else if utf8.RuneCountInString(betekenis) > 200 {
		f.Add("betekenis", "max_length", "De betekenis mag niet langer zijn dan 200 tekens.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO kennis_synoniemen (term, betekenis) VALUES ($1, $2)
			ON CONFLICT (term) DO UPDATE SET betekenis = excluded.betekenis`, term, betekenis); err != nil {
			return fmt.Errorf("kennis: synonym: %w", err)
		}
		if err := touch(ctx, tx, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kennissynoniem", ResourceID: term,
			Actie: "update", ActieWeergave: "Synoniem opgeslagen", New: Synonym{term, betekenis}, At: now})
	})
	if err != nil {
		return err
	}
	return s.Reload(ctx)
}

// DeleteSynonym removes a synonym.
func (s *Service) DeleteSynonym(ctx context.Context, term string) error {
	if err := mayEdit(ctx); err != nil {
		return err
	}
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM kennis_synoniemen WHERE term = $1`, term)
		if err != nil {
			return fmt.Errorf("kennis: synonym: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("synoniem", term)
		}
		if err := touch(ctx, tx, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kennissynoniem", ResourceID: term,
			Actie: "destroy", ActieWeergave: "Synoniem verwijderd", At: now})
	})
	if err != nil {
		return err
	}
	return s.Reload(ctx)
}

// Entry is a published article, for pick lists.
type Entry struct {
	ArtikelID string
	Slug      string
	Titel     string
	ZaakTypen []string
	TeamID    string
}

// Published lists the published articles by title.
func (s *Service) Published(ctx context.Context) ([]Entry, error) {
	ix, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(ix.docs))
	for _, d := range ix.docs {
		out = append(out, Entry{ArtikelID: d.artikelID, Slug: d.slug, Titel: d.titel, ZaakTypen: d.zaaktypen, TeamID: d.teamID})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Titel < out[j].Titel })
	return out, nil
}

// ForZaakType returns the published article linked to the zaaktype
// identificatie, or a NotFound error.
func (s *Service) ForZaakType(ctx context.Context, identificatie string) (*Entry, error) {
	ix, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range ix.docs {
		if slices.Contains(d.zaaktypen, identificatie) {
			return &Entry{ArtikelID: d.artikelID, Slug: d.slug, Titel: d.titel, ZaakTypen: d.zaaktypen, TeamID: d.teamID}, nil
		}
	}
	return nil, errs.NotFoundf("kennisartikel voor zaaktype", identificatie)
}
