-- One-time tokens behind the buttons of a consent or outreach DM. A token names the
-- person it was sent to, so only they can answer, and it is used up by the answer, so
-- an answer counts once. It never holds the answer. Unused tokens go with the purge.
CREATE TABLE answer_tokens (
    token        TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('consent', 'outreach')),
    recipient    TEXT NOT NULL,
    outreach_id  INTEGER,
    created_ms   INTEGER NOT NULL
);
CREATE INDEX answer_tokens_by_age ON answer_tokens (created_ms);
