-- The werkvoorraad asks per open zaak whether a norm is breached and not
-- yet settled; those rows are few, so a partial index on them answers the
-- question without reading the zaak's other norms.
CREATE INDEX zaak_normen_breached_idx ON zaak_normen (zaak_id) WHERE state = 'breached' AND settled_at IS NULL;
