package zaak

import (
	"context"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/errs"
)

// Handling a zaak (status, resultaat, missing documents, extension, notice
// of default, completeness) is the back office's work. The pages check the
// role too, but the rule lives here so that every way in — a page, a job,
// a future handler — is held to it.
//
// Who may:
//   - staff (medewerker) with the role behandelaar or teamleider; a KCC
//     employee, beheerder or manager may not (least privilege);
//   - API applications: the ZGW API checked their autorisaties (scopes per
//     zaaktype and vertrouwelijkheid) before calling, which is the API's
//     own permission model — staff roles do not apply to them;
//   - system jobs (audit.System) and callers without an actor (the CLI,
//     the seeders): they run inside the program, not for a user;
//   - a citizen (burger) only for DocumentsReceived, the PIP upload that
//     resumes the clock; the PIP checks it is their own zaak.

// HandlerRoles are the staff roles that may handle a zaak.
var HandlerRoles = []string{"behandelaar", "teamleider"}

// handling names each guarded action in the refusal message.
var handling = map[string]string{
	"status":            "de status van een zaak wijzigen",
	"resultaat":         "het resultaat van een zaak vastleggen of verwijderen",
	"opvragen":          "ontbrekende stukken opvragen",
	"ontvangen":         "de ontvangst van stukken vastleggen",
	"compleet":          "een aanvraag compleet verklaren",
	"verlengen":         "de termijn van een zaak verlengen",
	"ingebrekestelling": "een ingebrekestelling vastleggen",
}

// MayHandle reports whether the actor in ctx may do the handling action
// (a key of the guarded actions: status, resultaat, opvragen, ontvangen,
// compleet, verlengen, ingebrekestelling); the error is Forbidden with a
// Dutch message naming the action.
func MayHandle(ctx context.Context, action string) error {
	a := audit.ActorFrom(ctx)
	switch a.Kind {
	case "medewerker":
		if a.HasRole(HandlerRoles...) {
			return nil
		}
	case "burger":
		if action == "ontvangen" {
			return nil
		}
	default:
		return nil
	}
	what := handling[action]
	if what == "" {
		what = "deze zaak behandelen"
	}
	return errs.E(errs.Forbidden, "geen-behandelaar", "Alleen een behandelaar of teamleider mag "+what+".")
}
