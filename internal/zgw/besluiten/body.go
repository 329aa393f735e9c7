package besluiten

import "github.com/gemeenten/loket/internal/zgw"

// The request body reader is shared by the ZGW APIs.
type body = zgw.Body

var (
	readBody      = zgw.ReadBody
	parseDateTime = zgw.ParseDateTime
)
