-- How a citizen or business wants to hear from the municipality, set by
-- themselves in the PIP: e-mail address, phone number and whether updates
-- and letters come by e-mail, by post, or only in the PIP. The letters and
-- the status e-mails follow it.
CREATE TABLE contactvoorkeuren (
	subject_type TEXT NOT NULL CHECK (subject_type IN ('bsn', 'kvk')),
	subject_id TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	telefoon TEXT NOT NULL DEFAULT '',
	berichten TEXT NOT NULL DEFAULT 'email' CHECK (berichten IN ('email', 'post', 'pip')),
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (subject_type, subject_id)
);
