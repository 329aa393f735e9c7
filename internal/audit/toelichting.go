package audit

import "context"

type toelichtingKey struct{}

// WithToelichting puts an explanation for the changes made with ctx (the ZGW
// X-Audit-Toelichting header) in ctx; Record uses it for entries that bring
// none of their own.
func WithToelichting(ctx context.Context, t string) context.Context {
	if t == "" {
		return ctx
	}
	return context.WithValue(ctx, toelichtingKey{}, t)
}

func toelichtingFrom(ctx context.Context) string {
	t, _ := ctx.Value(toelichtingKey{}).(string)
	return t
}
