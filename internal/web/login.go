package web

import (
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/errs"
)

type loginView struct {
	Next     string
	Username string
	OIDC     bool
	OIDCText string
	Demo     bool
	Accounts []demo.Account
	Notice   string
	Failure  string
}

func (a *app) loginView(r *http.Request) loginView {
	v := loginView{Next: auth.SafeNext(r.FormValue("next")), OIDC: a.Auth.OIDCEnabled(), OIDCText: a.Auth.OIDCLabel(),
		Demo: a.Config.Demo}
	if v.Demo {
		// Only in the demo: its accounts are fictitious and public on purpose.
		v.Accounts = demo.Accounts()
	}
	return v
}

// afterLogin is where a login lands: next when it is safe, otherwise the
// first page u's roles open.
func (a *app) afterLogin(next string, u auth.User) string {
	if n := auth.SafeNext(next); n != "" && !strings.HasPrefix(n, "/login") {
		return n
	}
	switch {
	case u.HasRole(auth.CaseRoles...):
		return "/zaken"
	case u.HasRole(auth.RoleBeheerder):
		return "/beheer"
	case u.HasRole(auth.RoleManager) && a.Report.Rapportage != nil:
		return "/rapportage"
	}
	return "/termijn"
}

func (a *app) loginForm(w http.ResponseWriter, r *http.Request) {
	v := a.loginView(r)
	if u, ok := auth.CurrentUser(r); ok {
		http.Redirect(w, r, a.afterLogin(v.Next, u), http.StatusSeeOther)
		return
	}
	if r.URL.Query().Get("uitgelogd") == "1" {
		v.Notice = "U bent uitgelogd."
	}
	a.render(w, r, http.StatusOK, "login", "Inloggen", v)
}

func (a *app) loginSubmit(w http.ResponseWriter, r *http.Request) {
	v := a.loginView(r)
	v.Username = strings.TrimSpace(r.PostFormValue("username"))
	password := r.PostFormValue("password")
	var fe []fieldError
	if v.Username == "" {
		fe = append(fe, fieldError{"username", "Vul uw gebruikersnaam in."})
	}
	if password == "" {
		fe = append(fe, fieldError{"password", "Vul uw wachtwoord in."})
	}
	if len(fe) > 0 {
		a.render(w, r, http.StatusBadRequest, "login", "Inloggen", v, fe...)
		return
	}
	u, err := a.Auth.Login(r.Context(), v.Username, password, r.RemoteAddr)
	if err != nil {
		if errs.KindOf(err) != errs.Unauthenticated {
			a.fail(w, r, err)
			return
		}
		v.Failure = errs.Message(err)
		a.render(w, r, http.StatusUnauthorized, "login", "Inloggen", v)
		return
	}
	if _, err := a.Auth.StartSession(r.Context(), w, r, u); err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, a.afterLogin(v.Next, u), http.StatusSeeOther)
}

func (a *app) oidcStart(w http.ResponseWriter, r *http.Request) {
	if err := a.Auth.OIDCStart(w, r, r.URL.Query().Get("next")); err != nil {
		v := a.loginView(r)
		v.Failure = errs.Message(err)
		a.render(w, r, http.StatusServiceUnavailable, "login", "Inloggen", v)
	}
}

func (a *app) oidcCallback(w http.ResponseWriter, r *http.Request) {
	u, next, err := a.Auth.OIDCCallback(w, r)
	if err != nil {
		if errs.KindOf(err) == errs.Internal && errs.As(err) == nil {
			a.Log.ErrorContext(r.Context(), "oidc callback", "err", err)
		}
		v := a.loginView(r)
		v.Next = ""
		v.Failure = errs.Message(err)
		status := errs.KindOf(err).HTTPStatus()
		a.render(w, r, status, "login", "Inloggen", v)
		return
	}
	if _, err := a.Auth.StartSession(r.Context(), w, r, u); err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, a.afterLogin(next, u), http.StatusSeeOther)
}

func (a *app) logout(w http.ResponseWriter, r *http.Request) {
	if err := a.Auth.Logout(r.Context(), w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/login?uitgelogd=1", http.StatusSeeOther)
}
