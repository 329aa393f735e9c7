-- Documents and besluiten: the lookups their domain packages make.

-- drc-008: "is this document still linked to a besluit?" before a delete.
CREATE INDEX besluitinformatieobjecten_io_idx ON besluitinformatieobjecten (informatieobject_id);
-- Lists are ordered by registration and filtered by type.
CREATE INDEX informatieobjecten_created_idx ON informatieobjecten (created_at);
CREATE INDEX informatieobjecten_iotype_idx ON informatieobjecten (informatieobjecttype_id);
CREATE INDEX besluiten_created_idx ON besluiten (created_at);
CREATE INDEX besluiten_besluittype_idx ON besluiten (besluittype_id);
-- drc-008 and brc-009 destroy a document's or besluit's own audit trail,
-- found by its hoofd object (the document or besluit id).
CREATE INDEX audit_trail_hoofd_idx ON audit_trail (hoofd_object, bron);
