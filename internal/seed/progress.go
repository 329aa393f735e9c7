package seed

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws a one-line bar, rewritten in place with a carriage return:
//
//	[##########----------]  50%  1.300.000/2.600.000 rijen  61.204 rijen/s  nog 21s
type progress struct {
	w       io.Writer
	total   int
	done    int
	start   time.Time
	last    time.Time
	every   time.Duration
	started bool
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: max(total, 1), start: time.Now(), every: 200 * time.Millisecond}
}

func (p *progress) add(n int) {
	p.done += n
	if p.w == nil {
		return
	}
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.draw(false)
	}
}

func (p *progress) finish() {
	if p.w == nil {
		return
	}
	p.total = max(p.total, p.done)
	p.draw(true)
	fmt.Fprintln(p.w)
}

// rate is rows per second so far.
func (p *progress) rate() float64 {
	s := time.Since(p.start).Seconds()
	if s <= 0 {
		return 0
	}
	return float64(p.done) / s
}

func (p *progress) draw(final bool) {
	const width = 30
	frac := min(float64(p.done)/float64(p.total), 1)
	filled := int(frac * width)
	rate := p.rate()
	tail := ""
	if final {
		tail = "klaar in " + time.Since(p.start).Round(100*time.Millisecond).String()
	} else if rate > 0 {
		left := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
		tail = "nog " + left.Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %s/%s rijen  %s rijen/s  %s   ",
		strings.Repeat("#", filled), strings.Repeat("-", width-filled), frac*100,
		thousands(p.done), thousands(p.total), thousands(int(rate)), tail)
}

// thousands formats n the Dutch way: 1.234.567.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}
