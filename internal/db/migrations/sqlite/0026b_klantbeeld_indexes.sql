-- The klantbeeld lists a customer's open zaken by deadline. With only the
-- (initiator_id, startdatum, id) index the database read every zaak of the
-- customer (a thousand for the busiest one) or intersected with all open
-- zaken of the municipality; this one holds only open zaken, in page order.
CREATE INDEX zaken_initiator_open_idx ON zaken (initiator_id, uiterlijke_einddatum_afdoening, id) WHERE einddatum IS NULL;
