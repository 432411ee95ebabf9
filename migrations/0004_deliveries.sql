-- Every message or edit the bot owes a person, written in the same transaction as the
-- change that causes it and deleted the moment Slack confirms it. `lane` is who it goes
-- to: rows of one lane are delivered in order, so an edit waits for the post it edits.
-- `notice` holds row ids and enumerated choices as JSON, never text a person typed.
-- No foreign keys: a withdrawn request is deleted at once, while the edits it owes
-- (the offer that is no longer needed, the alert that loses its note) still go out.
CREATE TABLE deliveries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    lane          TEXT NOT NULL,
    notice        TEXT NOT NULL,
    request_id    INTEGER,
    outreach_id   INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_try_ms   INTEGER NOT NULL,
    created_ms    INTEGER NOT NULL
);
CREATE INDEX deliveries_by_lane ON deliveries (lane, id);
CREATE INDEX deliveries_due ON deliveries (next_try_ms, id);
CREATE INDEX deliveries_by_outreach ON deliveries (outreach_id) WHERE outreach_id IS NOT NULL;

-- Outreach DMs still pending move into the one outbox; the old table goes.
INSERT INTO deliveries (lane, notice, outreach_id, attempts, next_try_ms, created_ms)
    SELECT recipient,
           json_object('kind', 'outreach_dm', 'recipient', recipient, 'outreach_id', outreach_id),
           outreach_id, attempts, next_try_ms, next_try_ms
    FROM outbox WHERE status = 'pending' ORDER BY id;
DROP TABLE outbox;
