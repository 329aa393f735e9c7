package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

const apiclientUsage = `Beheer de API-clients van de ZGW API's (client id + secret voor het JWT).

Gebruik:
  loket apiclient create --client-id ID [--secret S | --secret-file F] [--label L]
                         [--alle-autorisaties | --scope component:scopes[:type-URL[:max-vertrouwelijkheid]] ...]
  loket apiclient list
  loket apiclient secret --client-id ID [--secret S | --secret-file F]   (nieuw secret; het oude werkt dan niet meer)
  loket apiclient delete --client-id ID

--scope mag vaker; meerdere scopes scheidt u met komma's, bijvoorbeeld
  --scope ztc:catalogi.lezen
  --scope zrc:zaken.lezen,zaken.aanmaken:https://loket.example/catalogi/api/v1/zaaktypen/<uuid>:zaakvertrouwelijk
Zonder --secret maakt Loket een sterk secret en toont het één keer.
Een client zonder rechten kan zich aanmelden maar mag niets, tot een applicatie
hem rechten geeft (via de Autorisaties API of /beheer/api-clients).
De opdrachten werken ook terwijl de server draait: het is dezelfde database.
`

func cmdAPIClient(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stderr, apiclientUsage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("loket apiclient "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, apiclientUsage) }
	var (
		clientID, secret, secretFile, label string
		all                                 bool
		scopes                              multiFlag
	)
	switch sub {
	case "create":
		fs.StringVar(&clientID, "client-id", "", "client id (hoogstens 50 tekens, geen spaties)")
		fs.StringVar(&secret, "secret", "", "het gedeelde secret (minstens 8 tekens); weggelaten: Loket maakt er een")
		fs.StringVar(&secretFile, "secret-file", "", "lees het secret uit dit bestand (- is standaardinvoer), zodat het niet in de proceslijst staat")
		fs.StringVar(&label, "label", "", "omschrijving, bijvoorbeeld de naam van de applicatie")
		fs.BoolVar(&all, "alle-autorisaties", false, "geef de client alle rechten (alleen voor applicaties die u helemaal vertrouwt)")
		fs.Var(&scopes, "scope", "recht als component:scopes[:type-URL[:max-vertrouwelijkheid]] (mag vaker)")
	case "secret":
		fs.StringVar(&clientID, "client-id", "", "client id")
		fs.StringVar(&secret, "secret", "", "het nieuwe secret (minstens 8 tekens); weggelaten: Loket maakt er een")
		fs.StringVar(&secretFile, "secret-file", "", "lees het secret uit dit bestand (- is standaardinvoer)")
	case "delete":
		fs.StringVar(&clientID, "client-id", "", "client id")
	case "list":
	default:
		fmt.Fprintf(stderr, "loket apiclient: onbekende opdracht %q\n\n%s", sub, apiclientUsage)
		return errUsage
	}
	rest := splitFlags(fs, args)
	if err := fs.Parse(rest.own); err != nil {
		return err
	}
	common := rest.common
	if sub == "delete" && clientID == "" && len(common) > 0 && !strings.HasPrefix(common[len(common)-1], "-") {
		clientID, common = common[len(common)-1], common[:len(common)-1]
	}

	var problems []string
	var grants []zgw.Autorisatie
	if sub != "list" && clientID == "" {
		problems = append(problems, "geef --client-id op")
	}
	if sub == "create" || sub == "secret" {
		if secret != "" && secretFile != "" {
			problems = append(problems, "geef --secret of --secret-file op, niet allebei")
		}
		if secretFile != "" {
			s, err := readSecret(secretFile)
			if err != nil {
				problems = append(problems, "--secret-file: "+err.Error())
			}
			secret = s
		}
	}
	if sub == "create" {
		if all && len(scopes) > 0 {
			problems = append(problems, "geef --alle-autorisaties of --scope op, niet allebei")
		}
		var err error
		if grants, err = parseScopes(scopes); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return &config.Error{Problems: problems}
	}

	c, _, err := config.Load("apiclient "+sub, common, getenv, stderr, 0)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	who := getenv("USER")
	if who == "" {
		who = "operator"
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: "systeem", ID: "loket apiclient", Name: "loket apiclient (" + who + ")"})
	store := &zgw.Store{DB: d}

	switch sub {
	case "list":
		list, err := store.ListClients(ctx)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "Er zijn nog geen API-clients.")
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CLIENT ID\tLABEL\tRECHTEN\tAANGEMAAKT")
		for _, cl := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cl.ClientID, cl.Label, rightsSummary(cl), cl.CreatedAt.Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	case "secret":
		generated := secret == ""
		if generated {
			secret = newSecret()
		}
		if err := store.ResetSecret(ctx, clientID, secret); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "API-client %s heeft een nieuw secret; tokens met het oude werken niet meer.\n", clientID)
		if generated {
			fmt.Fprintf(stdout, "Secret (wordt niet nog eens getoond): %s\n", secret)
		}
		return nil
	case "delete":
		if err := store.DeleteClient(ctx, clientID); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "API-client %s verwijderd; zijn tokens werken niet meer.\n", clientID)
		return nil
	}

	generated := secret == ""
	if generated {
		secret = newSecret()
	}
	if err := store.CreateClient(ctx, clientID, secret, label); err != nil {
		return cliError(err)
	}
	if all || len(grants) > 0 {
		if _, err := store.Grant(ctx, clientID, all, grants); err != nil {
			// Keep the operator's state simple: no client without the
			// rights they asked for.
			if derr := store.DeleteClient(ctx, clientID); derr != nil {
				return errors.Join(cliError(err), derr)
			}
			return cliError(err)
		}
	}
	fmt.Fprintf(stdout, "API-client %s aangemaakt.\n", clientID)
	if generated {
		fmt.Fprintf(stdout, "Secret (wordt niet nog eens getoond): %s\n", secret)
	}
	switch {
	case all:
		fmt.Fprintln(stdout, "Rechten: alle autorisaties.")
	case len(grants) > 0:
		fmt.Fprintln(stdout, "Rechten:")
		for _, g := range grants {
			fmt.Fprintf(stdout, "  %s\n", describeGrant(g))
		}
	default:
		fmt.Fprintln(stdout, "Rechten: geen. De client kan zich aanmelden maar mag niets tot een applicatie hem rechten geeft.")
	}
	return nil
}

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func readSecret(path string) (string, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(os.Stdin, 4096))
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", fmt.Errorf("kan het secret niet lezen: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseScopes turns --scope values into autorisaties; values with the same
// component, type and ceiling are merged into one autorisatie.
func parseScopes(values []string) ([]zgw.Autorisatie, error) {
	var out []zgw.Autorisatie
	var problems []string
	for _, v := range values {
		a, err := parseScope(v)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		merged := false
		for i := range out {
			o := &out[i]
			if o.Component == a.Component && o.TypeURL() == a.TypeURL() && o.MaxVertrouwelijkheid == a.MaxVertrouwelijkheid {
				for _, s := range a.Scopes {
					if !contains(o.Scopes, s) {
						o.Scopes = append(o.Scopes, s)
					}
				}
				merged = true
			}
		}
		if !merged {
			out = append(out, a)
		}
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "; "))
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func parseScope(v string) (zgw.Autorisatie, error) {
	component, rest, ok := strings.Cut(v, ":")
	if !ok || rest == "" {
		return zgw.Autorisatie{}, fmt.Errorf("--scope %q: verwacht component:scopes[:type-URL[:max-vertrouwelijkheid]]", v)
	}
	if _, known := zgw.Scopes[component]; !known {
		return zgw.Autorisatie{}, fmt.Errorf("--scope %q: onbekende component %q (kies uit ac, nrc, zrc, ztc, drc, brc)", v, component)
	}
	list, typeAndMax, _ := strings.Cut(rest, ":")
	a := zgw.Autorisatie{Component: component}
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !zgw.KnownScope(component, s) {
			return zgw.Autorisatie{}, fmt.Errorf("--scope %q: scope %q hoort niet bij %s (mogelijk: %s)", v, s, component, strings.Join(zgw.Scopes[component], ", "))
		}
		a.Scopes = append(a.Scopes, s)
	}
	if len(a.Scopes) == 0 {
		return zgw.Autorisatie{}, fmt.Errorf("--scope %q: geef minstens één scope op", v)
	}
	// The type URL has colons of its own; the ceiling, if any, is the part
	// after the last colon when it is a vertrouwelijkheidaanduiding.
	typeURL, max := typeAndMax, ""
	if i := strings.LastIndex(typeAndMax, ":"); i >= 0 && zgw.VertrouwelijkheidRank(typeAndMax[i+1:]) >= 0 {
		typeURL, max = typeAndMax[:i], typeAndMax[i+1:]
	} else if zgw.VertrouwelijkheidRank(typeAndMax) >= 0 {
		typeURL, max = "", typeAndMax
	}
	switch component {
	case zgw.ZRC:
		a.Zaaktype = typeURL
	case zgw.DRC:
		a.Informatieobjecttype = typeURL
	case zgw.BRC:
		a.Besluittype = typeURL
	default:
		if typeURL != "" || max != "" {
			return zgw.Autorisatie{}, fmt.Errorf("--scope %q: component %s kent geen type of vertrouwelijkheid", v, component)
		}
	}
	if max != "" && component == zgw.BRC {
		return zgw.Autorisatie{}, fmt.Errorf("--scope %q: besluiten kennen geen maximale vertrouwelijkheid", v)
	}
	// ac-003, said here in the operator's terms before anything is stored.
	needs := false
	for _, sc := range a.Scopes {
		prefix := map[string]string{zgw.ZRC: "zaken.", zgw.DRC: "documenten.", zgw.BRC: "besluiten."}[component]
		needs = needs || (prefix != "" && strings.HasPrefix(sc, prefix))
	}
	switch {
	case !needs:
	case (component == zgw.ZRC || component == zgw.DRC) && (typeURL == "" || max == ""):
		what := map[string]string{zgw.ZRC: "zaaktype", zgw.DRC: "informatieobjecttype"}[component]
		return zgw.Autorisatie{}, fmt.Errorf("--scope %q: bij %s zijn de URL van het %s en een maximale vertrouwelijkheid verplicht (%s:scopes:URL:vertrouwelijkheid)",
			v, component, what, component)
	case component == zgw.BRC && typeURL == "":
		return zgw.Autorisatie{}, fmt.Errorf("--scope %q: bij brc is de URL van het besluittype verplicht (brc:scopes:URL)", v)
	}
	a.MaxVertrouwelijkheid = max
	return a, nil
}

func describeGrant(g zgw.Autorisatie) string {
	s := g.Component + ": " + strings.Join(g.Scopes, ", ")
	if t := g.TypeURL(); t != "" {
		s += " op " + t
	}
	if g.MaxVertrouwelijkheid != "" {
		s += " tot en met " + g.MaxVertrouwelijkheid
	}
	return s
}

func rightsSummary(c zgw.APIClient) string {
	switch {
	case c.ApplicatieID == "":
		return "geen"
	case c.HeeftAlleAutorisaties:
		return "alle autorisaties"
	case c.Autorisaties == 1:
		return "1 autorisatie"
	}
	return fmt.Sprintf("%d autorisaties", c.Autorisaties)
}

// cliError turns a validation error into the operator's one-line message.
func cliError(err error) error {
	if e := errs.As(err); e != nil && e.Kind != errs.Internal {
		var parts []string
		for _, f := range e.Fields {
			parts = append(parts, f.Field+": "+f.Reason)
		}
		if len(parts) == 0 {
			parts = append(parts, e.Message)
		}
		return errors.New(strings.Join(parts, "; "))
	}
	return err
}
