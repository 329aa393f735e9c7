-- The selectielijstklasse's procestermijn (nihil, ingeschatte_bestaansduur_procesobject, ...)
-- on the resultaattype, so ztc-003 can be checked without asking the selectielijst API.
ALTER TABLE resultaattypen ADD COLUMN selectielijst_procestermijn TEXT NOT NULL DEFAULT '';
