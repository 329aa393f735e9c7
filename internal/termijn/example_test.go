package termijn_test

import (
	"fmt"
	"os"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/termijn"
)

func ExampleCLI() {
	_ = termijn.CLI([]string{"--van", "2026-02-28", "--weken", "8"}, os.Stdout, os.Stderr)
	// Output:
	// ontvangen 2026-02-28
	// + 8 weken → 2026-04-25
	// 2026-04-25 is een zaterdag, 2026-04-26 is een zondag, 2026-04-27 is een feestdag (Koningsdag) → 2026-04-28 (Algemene termijnenwet art. 1)
	// uiterlijke einddatum 2026-04-28
	// 2026-04-28
}

func ExampleDeadline() {
	r := termijn.Deadline(date.MustParse("2026-01-12"), termijn.Weeks(8), termijn.Legal(), termijn.Options{
		Suspensions: []termijn.Suspension{{Requested: date.MustParse("2026-01-20"), Until: date.MustParse("2026-01-30")}},
		Extensions:  []termijn.Duration{termijn.Weeks(6)},
	})
	fmt.Println(r.Explanation())
	// Output:
	// ontvangen 2026-01-12
	// + 8 weken → 2026-03-09
	// opgeschort 2026-01-21 t/m 2026-01-30: 10 dagen
	// + 10 dagen opschorting → 2026-03-19
	// + verlenging 6 weken → 2026-04-30
	// uiterlijke einddatum 2026-04-30
}
