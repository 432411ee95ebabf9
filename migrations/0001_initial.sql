-- The bot keeps assignment state only. No column holds text a person typed:
-- every value is a Slack ID, an enumerated choice, a state or a timestamp.
-- Timestamps are Unix milliseconds (UTC), written by the bot.

CREATE TABLE supporters (
    slack_user_id        TEXT PRIMARY KEY NOT NULL,
    role                 TEXT NOT NULL,
    department           TEXT NOT NULL DEFAULT '',
    specialty            TEXT NOT NULL DEFAULT '',
    site                 TEXT NOT NULL DEFAULT '',
    gender               TEXT NOT NULL DEFAULT '',
    seniority            TEXT NOT NULL DEFAULT '',
    max_active           INTEGER NOT NULL DEFAULT 2 CHECK (max_active > 0),
    -- 'available' or 'paused'; paused_until_ms ends a pause by itself.
    availability         TEXT NOT NULL DEFAULT 'available' CHECK (availability IN ('available', 'paused')),
    paused_until_ms      INTEGER,
    -- Offers let time out in a row; three pause the supporter.
    missed_offers        INTEGER NOT NULL DEFAULT 0,
    last_offered_ms      INTEGER,
    created_ms           INTEGER NOT NULL,
    updated_ms           INTEGER NOT NULL
);

CREATE TABLE requests (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    requester               TEXT NOT NULL,
    -- How the request came: 'self', 'referral' (after the colleague consented) or 'outreach'.
    origin                  TEXT NOT NULL CHECK (origin IN ('self', 'referral', 'outreach')),
    requester_role          TEXT NOT NULL DEFAULT '',
    requester_department    TEXT NOT NULL DEFAULT '',
    requester_site          TEXT NOT NULL DEFAULT '',
    pref_same_role          INTEGER NOT NULL DEFAULT 0,
    pref_role               TEXT NOT NULL DEFAULT '',
    pref_outside_department INTEGER NOT NULL DEFAULT 0,
    pref_gender             TEXT NOT NULL DEFAULT '',
    pref_seniority          TEXT NOT NULL DEFAULT '',
    -- A supporter the requester asked to talk to again; ranked first when available.
    preferred_supporter     TEXT,
    contact_pref            TEXT NOT NULL,
    good_times              TEXT NOT NULL DEFAULT '',
    -- 'open' (no supporter yet), 'matched', 'closed'.
    status                  TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'closed')),
    -- Set when no candidate remains, until someone is offered by hand.
    exhausted               INTEGER NOT NULL DEFAULT 0,
    created_ms              INTEGER NOT NULL,
    matched_ms              INTEGER,
    closed_ms               INTEGER
);
CREATE INDEX requests_by_requester ON requests (requester, status);
CREATE INDEX requests_by_status ON requests (status, closed_ms);

CREATE TABLE offers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id     INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    supporter      TEXT NOT NULL,
    -- 'pending', 'accepted', 'declined', 'timed_out', 'withdrawn'.
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'accepted', 'declined', 'timed_out', 'withdrawn')),
    offered_by     TEXT,           -- the coordinator who offered by hand, if any
    offered_ms     INTEGER NOT NULL,
    answered_ms    INTEGER,
    -- Where the offer DM lives, so it can be updated.
    channel        TEXT,
    message_ts     TEXT
);
CREATE INDEX offers_by_request ON offers (request_id, status);
CREATE INDEX offers_by_supporter ON offers (supporter, status);
-- At most one pending offer per request: two racing offers cannot both stand.
CREATE UNIQUE INDEX one_pending_offer ON offers (request_id) WHERE status = 'pending';

CREATE TABLE assignments (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id         INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    supporter          TEXT NOT NULL,
    -- 'active', 'closed', 'reassigned'.
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'reassigned')),
    accepted_ms        INTEGER NOT NULL,
    contact_made_ms    INTEGER,
    conversation_ms    INTEGER,
    closed_ms          INTEGER,
    channel            TEXT,
    message_ts         TEXT
);
CREATE INDEX assignments_by_supporter ON assignments (supporter, status);
-- One active assignment per request: two racing accepts cannot both win.
CREATE UNIQUE INDEX one_active_assignment ON assignments (request_id) WHERE status = 'active';

-- The coordinators' DM alert for a request: edited when it closes, threaded for changes.
CREATE TABLE alerts (
    request_id     INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    coordinator    TEXT NOT NULL,
    channel        TEXT NOT NULL,
    message_ts     TEXT NOT NULL,
    PRIMARY KEY (request_id, coordinator)
);

-- Timed work. `dedupe_key` makes scheduling the same thing twice a no-op;
-- `payload` holds row ids only.
CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT NOT NULL,
    dedupe_key     TEXT NOT NULL UNIQUE,
    request_id     INTEGER REFERENCES requests (id) ON DELETE CASCADE,
    payload        TEXT NOT NULL DEFAULT '{}',
    due_ms         INTEGER NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    -- A claimed job is invisible until this moment (a crash mid-run frees it again).
    locked_until_ms INTEGER NOT NULL DEFAULT 0,
    created_ms     INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (due_ms);

-- Anonymous program counts: no Slack ID, no link to any request.
CREATE TABLE monthly_counts (
    month          TEXT NOT NULL,   -- 'YYYY-MM' in the program's time zone
    metric         TEXT NOT NULL,
    value          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, metric)
);
