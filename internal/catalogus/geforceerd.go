package catalogus

import "context"

type verwijderenKey struct{}

// WithGeforceerdVerwijderen marks ctx as carrying the right to delete
// published types and the subresources of a published zaaktype: the
// Catalogi API's catalogi.geforceerd-verwijderen, which Open Zaak honours
// on every DELETE (ztc-009 and ztc-010 name no exception; the scope is the
// standard's way out for a type published by mistake). What is in use
// stays: zaken, documenten and besluiten keep their types through foreign
// keys, and such a delete is refused as in use.
func WithGeforceerdVerwijderen(ctx context.Context) context.Context {
	return context.WithValue(ctx, verwijderenKey{}, true)
}

func geforceerdVerwijderen(ctx context.Context) bool {
	v, _ := ctx.Value(verwijderenKey{}).(bool)
	return v
}
