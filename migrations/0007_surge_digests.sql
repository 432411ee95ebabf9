-- During a surge (many requests at once, as after a mass-casualty event) each coordinator
-- gets one digest message, edited as requests arrive, instead of one DM per request.
-- This is where it lives, and since when it counts. No Slack ID but the coordinator's.
CREATE TABLE surge_digests (
    coordinator  TEXT PRIMARY KEY NOT NULL,
    since_ms     INTEGER NOT NULL,
    channel      TEXT NOT NULL,
    ts           TEXT NOT NULL,
    updated_ms   INTEGER NOT NULL
);
