-- Documenten API lists are filtered by informatieobjecttype (the client's
-- autorisaties) and ordered by registration: one index serves both.
CREATE INDEX informatieobjecten_iotype_created_idx ON informatieobjecten (informatieobjecttype_id, created_at, id);
