-- One-time tokens for the "Was this helpful?" question. A token holds no Slack ID and
-- no link to a request: it only stops one answer from being counted twice.
CREATE TABLE feedback_tokens (
    token       TEXT PRIMARY KEY NOT NULL,
    created_ms  INTEGER NOT NULL
);
