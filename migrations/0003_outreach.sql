-- Outreach after an adverse event: one row per outreach and one outbox row per DM.
-- The leader's note is kept only until every DM of the outreach is sent, then erased;
-- sent outbox rows are deleted once the whole outreach is delivered.
CREATE TABLE outreaches (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_kind   TEXT NOT NULL DEFAULT '',
    note         TEXT,
    total        INTEGER NOT NULL,
    created_ms   INTEGER NOT NULL
);

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    outreach_id   INTEGER NOT NULL REFERENCES outreaches (id) ON DELETE CASCADE,
    recipient     TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_try_ms   INTEGER NOT NULL,
    sent_ms       INTEGER,
    UNIQUE (outreach_id, recipient)
);
CREATE INDEX outbox_pending ON outbox (status, next_try_ms, id);
