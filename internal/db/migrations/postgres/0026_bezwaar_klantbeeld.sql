-- A further delay of a decision on a bezwaar beyond the one verdaging of
-- Awb 7:10 lid 3 needs the consent of the objector and the other
-- belanghebbenden (lid 4): who agreed and when is part of the record.
ALTER TABLE verlengingen ADD COLUMN instemming TEXT NOT NULL DEFAULT '';
