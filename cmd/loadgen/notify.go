package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// receiver is the subscriber of the create scenario: it counts the
// notifications of new zaken that Loket delivers to it.
type receiver struct {
	created  atomic.Int64 // notifications of a created zaak, ever
	seen     int64        // created at the start of the current scenario
	lastPost time.Time
}

// subscribe starts a receiver on a free local port and registers it through
// the Notificaties API on the kanaal zaken. stop removes the abonnement and
// the receiver.
func subscribe(base string, do func(method, u string, body []byte) (int, []byte, error)) (*receiver, func(), error) {
	r := &receiver{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var m struct {
			Resource string `json:"resource"`
			Actie    string `json:"actie"`
		}
		if json.NewDecoder(io.LimitReader(req.Body, 1<<20)).Decode(&m) == nil && m.Resource == "zaak" && m.Actie == "create" {
			r.created.Add(1)
		}
		w.WriteHeader(http.StatusNoContent)
	})}
	go srv.Serve(ln)
	body, _ := json.Marshal(map[string]any{"callbackUrl": "http://" + ln.Addr().String() + "/notificaties",
		"auth": "Bearer loadgen", "kanalen": []map[string]any{{"naam": "zaken", "filters": map[string]string{}}}})
	code, b, err := do(http.MethodPost, strings.TrimRight(base, "/")+"/notificaties/api/v1/abonnement", body)
	if err != nil || code != http.StatusCreated {
		srv.Close()
		return nil, nil, fmt.Errorf("abonnement: %d %v %s", code, err, trimBody(b))
	}
	var ab struct {
		URL string `json:"url"`
	}
	json.Unmarshal(b, &ab)
	stop := func() {
		if ab.URL != "" {
			do(http.MethodDelete, ab.URL, nil)
		}
		srv.Close()
	}
	r.seen = r.created.Load()
	return r, stop, nil
}

// report waits until the notifications of the scenario's created zaken have
// arrived (at most two minutes) and prints how many arrived during the run
// and how far delivery lagged behind the last POST: a delivery that keeps
// up has received nearly all of them when the run ends.
func (r *receiver) report(out io.Writer, created int64) {
	end := time.Now()
	during := r.created.Load() - r.seen
	deadline := end.Add(2 * time.Minute)
	for r.created.Load()-r.seen < created && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	got := r.created.Load() - r.seen
	fmt.Fprintf(out, "%-18s %d van %d notificaties ontvangen (%d tijdens de run), de laatste %.1f s na de laatste POST\n",
		"  notificaties", got, created, during, time.Since(end).Seconds())
	r.seen = r.created.Load()
}
