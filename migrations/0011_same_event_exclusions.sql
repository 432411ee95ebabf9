-- No supporter from the same event: the roster members among an outreach's recipients,
-- kept only while its buttons can still open a request (purged with its answer tokens),
-- so a request that comes from it is never offered to one of them.
CREATE TABLE outreach_supporters (
    outreach_id  INTEGER NOT NULL REFERENCES outreaches (id) ON DELETE CASCADE,
    supporter    TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    PRIMARY KEY (outreach_id, supporter)
);

-- Why a person is not offered a request: the requester would rather not talk with them
-- (a coordinator cannot override it), or they were part of the same event (a coordinator
-- can, after a warning).
ALTER TABLE request_exclusions ADD COLUMN why TEXT NOT NULL DEFAULT 'rather_not'
    CHECK (why IN ('rather_not', 'same_event'));
