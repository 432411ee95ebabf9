-- Where the bot's own messages about a request live (thread replies, offers, the
-- assignment, safety alerts, reminders), so that when the request is purged or withdrawn
-- they can be edited to name nobody. Only a channel and a timestamp: never what the
-- message said. No foreign key: the rows are read as the request is deleted, and their
-- edits are queued in that same transaction.
CREATE TABLE message_trail (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  INTEGER NOT NULL,
    recipient   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    ts          TEXT NOT NULL
);
CREATE INDEX message_trail_by_request ON message_trail (request_id);

-- Check-in buttons get one-time tokens too, so an answer counts once. SQLite cannot
-- change a CHECK constraint in place, so the table is rebuilt with its rows.
CREATE TABLE answer_tokens_new (
    token        TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('consent', 'outreach', 'check_in')),
    recipient    TEXT NOT NULL,
    outreach_id  INTEGER,
    request_id   INTEGER,
    created_ms   INTEGER NOT NULL
);
INSERT INTO answer_tokens_new (token, kind, recipient, outreach_id, created_ms)
    SELECT token, kind, recipient, outreach_id, created_ms FROM answer_tokens;
DROP TABLE answer_tokens;
ALTER TABLE answer_tokens_new RENAME TO answer_tokens;
CREATE INDEX answer_tokens_by_age ON answer_tokens (created_ms);
