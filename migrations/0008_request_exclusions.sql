-- The people a requester would rather not talk with. They are never offered the request
-- and never learn they were named; the rows go with the request (withdrawn or purged).
CREATE TABLE request_exclusions (
    request_id  INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    person      TEXT NOT NULL,
    PRIMARY KEY (request_id, person)
);
