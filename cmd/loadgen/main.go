// Command loadgen measures the Zaken API of a running Loket server from a
// separate process: N concurrent clients send GET /zaken filtered by
// zaaktype, by the initiator's BSN and by startdatum__gte (or POST /zaken)
// for a fixed time, and it prints p50, p99 and the rate per scenario.
//
// The filter values are taken from the server itself (a first page of
// zaken and their rollen), so it works against any seeded database:
//
//	loket seed --zaken 1000000
//	loket apiclient create --client-id load --secret geheim --alle-autorisaties
//	loket serve &
//	go run ./cmd/loadgen -base http://localhost:8080 -client-id load -secret geheim -c 16 -d 30s
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

type config struct {
	base, clientID, secret string
	clients                int
	duration               time.Duration
	scenarios              []string
	serverPID, samples     int
	subscribe              bool
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	var c config
	fs.StringVar(&c.base, "base", "http://localhost:8080", "basis-URL van de Loket-server")
	fs.StringVar(&c.clientID, "client-id", "", "client_id van de API-client")
	fs.StringVar(&c.secret, "secret", "", "geheim van de API-client")
	fs.IntVar(&c.clients, "c", 16, "aantal gelijktijdige clients")
	fs.DurationVar(&c.duration, "d", 20*time.Second, "duur per scenario")
	fs.IntVar(&c.serverPID, "server-pid", 0, "proces-id van de server: meet zijn CPU-tijd per verzoek (/proc/PID/stat)")
	fs.IntVar(&c.samples, "samples", 20, "aantal pagina's waaruit filterwaarden worden gekozen")
	fs.BoolVar(&c.subscribe, "abonnement", true, "create: neem een abonnement op het kanaal zaken, zodat elke nieuwe zaak een notificatie "+
		"in de wachtrij zet, ontvang ze en meet hoe lang de aflevering achter de POSTs aan loopt")
	scen := fs.String("scenarios", "zaaktype,inpBsn,startdatum__gte,create", "scenario's, met komma's gescheiden")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.clientID == "" || c.secret == "" {
		return errors.New("geef -client-id en -secret")
	}
	c.scenarios = strings.Split(*scen, ",")
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: c.clients * 2}}
	token := func() string {
		s, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": c.clientID, "client_id": c.clientID,
			"iat": time.Now().Unix(), "user_id": "loadgen", "user_representation": "loadgen"}).SignedString([]byte(c.secret))
		return "Bearer " + s
	}
	tok := token()
	// exchange sends one request; under load only the status is needed, and
	// discarding the body spares the load generator, which shares the
	// machine with the server, the allocation of 150 KB per page.
	exchange := func(method, u string, body []byte, keep bool) (int, []byte, error) {
		req, err := http.NewRequest(method, u, bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Authorization", tok)
		req.Header.Set("Accept-Crs", "EPSG:4326")
		req.Header.Set("Content-Crs", "EPSG:4326")
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		if !keep {
			// Large reads: io.Discard would read 8 KB at a time, 19 system
			// calls for a page.
			buf := discardBufs.Get().(*[]byte)
			defer discardBufs.Put(buf)
			for err == nil {
				_, err = resp.Body.Read(*buf)
			}
			if err == io.EOF {
				err = nil
			}
			return resp.StatusCode, nil, err
		}
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	do := func(method, u string, body []byte) (int, []byte, error) { return exchange(method, u, body, true) }
	send := func(method, u string, body []byte) (int, []byte, error) { return exchange(method, u, body, false) }
	api := strings.TrimRight(c.base, "/") + "/zaken/api/v1"

	// Filter values from the server's own data, sampled from pages spread
	// over the list (newest first), so that the requests vary as those of
	// many real clients do: every zaaktype that occurs, start dates from
	// today back over months (small and large counts), and many BSNs.
	type zaakRow struct {
		Zaaktype                     string `json:"zaaktype"`
		Startdatum                   string `json:"startdatum"`
		Bronorganisatie              string `json:"bronorganisatie"`
		VerantwoordelijkeOrganisatie string `json:"verantwoordelijkeOrganisatie"`
	}
	var page struct {
		Count   int       `json:"count"`
		Results []zaakRow `json:"results"`
	}
	code, b, err := do(http.MethodGet, api+"/zaken", nil)
	if err != nil || code != http.StatusOK {
		return fmt.Errorf("GET /zaken: %d %v %s", code, err, trimBody(b))
	}
	if err := json.Unmarshal(b, &page); err != nil || len(page.Results) == 0 {
		return fmt.Errorf("no zaken on the server (%v)", err)
	}
	total, sample := page.Count, page.Results
	var zaaktypen, starts []string
	add := func(list []string, v string) []string {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
		return list
	}
	for _, p := range samplePages(total, 100, c.samples) {
		if p == 1 {
			continue
		}
		var more struct {
			Results []zaakRow `json:"results"`
		}
		code, b, err := do(http.MethodGet, fmt.Sprintf("%s/zaken?page=%d", api, p), nil)
		if err == nil && code == http.StatusOK && json.Unmarshal(b, &more) == nil {
			sample = append(sample, more.Results...)
		}
	}
	for i, z := range sample {
		zaaktypen = add(zaaktypen, z.Zaaktype)
		if i%10 == 0 {
			starts = add(starts, z.Startdatum)
		}
	}
	// Every zaaktype of the catalogue, not only those sampled.
	if code, b, err := do(http.MethodGet, strings.TrimRight(c.base, "/")+"/catalogi/api/v1/zaaktypen?status=definitief", nil); err == nil && code == http.StatusOK {
		var zt struct {
			Results []struct {
				URL string `json:"url"`
			} `json:"results"`
		}
		if json.Unmarshal(b, &zt) == nil {
			for _, r := range zt.Results {
				zaaktypen = add(zaaktypen, r.URL)
			}
		}
	}
	var bsns []string
	var rolCount struct {
		Count int `json:"count"`
	}
	if code, b, err := do(http.MethodGet, api+"/rollen?betrokkeneType=natuurlijk_persoon", nil); err == nil && code == http.StatusOK {
		json.Unmarshal(b, &rolCount)
	}
	for _, p := range samplePages(max(rolCount.Count, 1), 100, c.samples) {
		code, b, err := do(http.MethodGet, fmt.Sprintf("%s/rollen?betrokkeneType=natuurlijk_persoon&page=%d", api, p), nil)
		var rollen struct {
			Results []struct {
				BetrokkeneIdentificatie struct {
					InpBsn string `json:"inpBsn"`
				} `json:"betrokkeneIdentificatie"`
			} `json:"results"`
		}
		if err == nil && code == http.StatusOK && json.Unmarshal(b, &rollen) == nil {
			for _, r := range rollen.Results {
				bsns = add(bsns, r.BetrokkeneIdentificatie.InpBsn)
			}
		}
	}
	if len(bsns) == 0 {
		bsns = []string{"999993653"}
	}
	// Each request draws its values at random (a fixed seed, so that runs
	// are comparable).
	rng := rand.New(rand.NewPCG(1, 2))
	var rngMu sync.Mutex
	pick := func(list []string) string {
		rngMu.Lock()
		defer rngMu.Unlock()
		return list[rng.IntN(len(list))]
	}
	first := page.Results[0]
	createBody, _ := json.Marshal(map[string]any{"bronorganisatie": first.Bronorganisatie,
		"verantwoordelijkeOrganisatie": first.VerantwoordelijkeOrganisatie, "zaaktype": first.Zaaktype,
		"startdatum": time.Now().Format("2006-01-02"), "omschrijving": "Loadgen"})

	var recv *receiver
	if c.subscribe && slices.Contains(c.scenarios, "create") {
		var stop func()
		recv, stop, err = subscribe(c.base, do)
		if err != nil {
			return err
		}
		defer stop()
	}

	fmt.Fprintf(out, "%d zaken op %s; %d clients, %s per scenario; %d zaaktypen, %d startdata, %d BSN's\n",
		total, c.base, c.clients, c.duration, len(zaaktypen), len(starts), len(bsns))
	fmt.Fprintf(out, "%-18s %10s %10s %10s %8s %12s\n", "scenario", "p50 ms", "p99 ms", "req/s", "fouten", "server CPU ms/req")
	for _, s := range c.scenarios {
		var req func(i int) (string, string, []byte, int)
		switch s {
		case "zaaktype":
			req = func(i int) (string, string, []byte, int) {
				return http.MethodGet, api + "/zaken?zaaktype=" + url.QueryEscape(pick(zaaktypen)), nil, http.StatusOK
			}
		case "inpBsn":
			req = func(i int) (string, string, []byte, int) {
				return http.MethodGet, api + "/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + pick(bsns), nil, http.StatusOK
			}
		case "startdatum__gte":
			req = func(i int) (string, string, []byte, int) {
				return http.MethodGet, api + "/zaken?startdatum__gte=" + pick(starts), nil, http.StatusOK
			}
		case "create":
			req = func(int) (string, string, []byte, int) {
				return http.MethodPost, api + "/zaken", createBody, http.StatusCreated
			}
		default:
			return fmt.Errorf("onbekend scenario %q", s)
		}
		cpu0 := processCPU(c.serverPID)
		p50, p99, rate, n, fails := load(c, req, send)
		cpu := "-"
		if c.serverPID > 0 && n > 0 {
			cpu = fmt.Sprintf("%.2f", float64((processCPU(c.serverPID)-cpu0).Microseconds())/1000/float64(n))
		}
		fmt.Fprintf(out, "%-18s %10.1f %10.1f %10.0f %8d %12s\n", s, p50, p99, rate, fails, cpu)
		if s == "create" && recv != nil {
			recv.report(out, int64(n)-fails)
		}
	}
	return nil
}

var discardBufs = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

func load(c config, req func(i int) (string, string, []byte, int),
	do func(method, u string, body []byte) (int, []byte, error)) (p50, p99, rate float64, count int, fails int64) {
	ctx, cancel := context.WithTimeout(context.Background(), c.duration)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var n, failed atomic.Int64
	var wg sync.WaitGroup
	t0 := time.Now()
	for range c.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			for ctx.Err() == nil {
				i := int(n.Add(1))
				method, u, body, want := req(i)
				s := time.Now()
				code, _, err := do(method, u, body)
				local = append(local, time.Since(s))
				if err != nil || code != want {
					failed.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(t0)
	if len(lat) == 0 {
		return 0, 0, 0, 0, failed.Load()
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return ms(lat[len(lat)/2]), ms(lat[min(len(lat)-1, len(lat)*99/100)]), float64(len(lat)) / el.Seconds(), len(lat), failed.Load()
}

// samplePages spreads n page numbers over the pages of a list of total
// items, denser near the start (the newest), where clients look most.
func samplePages(total, size, n int) []int {
	// At most 2,000 pages deep: clients look at the newest zaken, and an
	// OFFSET of a million rows is a slow query of its own.
	last := min(max(1, (total+size-1)/size), 2000)
	out := []int{1}
	for i := 1; i < n; i++ {
		// quadratic spacing: 1, …, last
		p := 1 + (last-1)*i*i/((n-1)*(n-1))
		if p > out[len(out)-1] {
			out = append(out, p)
		}
	}
	return out
}

// processCPU is the user+system CPU time of process pid (0 when unknown).
func processCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; the fields after it are
	// fixed: utime and stime are fields 14 and 15, in clock ticks (100/s).
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

func trimBody(b []byte) string {
	if len(b) > 300 {
		b = b[:300]
	}
	return string(b)
}
