-- Support for the supporters, and team debriefs.

-- A supporter who can lead a team debrief.
ALTER TABLE supporters ADD COLUMN facilitator INTEGER NOT NULL DEFAULT 0;
-- The last day the supporter's training counts ('YYYY-MM-DD'), or '' when not tracked.
-- After it, no new offers.
ALTER TABLE supporters ADD COLUMN trained_until TEXT NOT NULL DEFAULT '';
-- Which word about that date has gone out: 0 none, 1 "ends in 30 days", 2 "has ended".
-- A new date starts again at 0.
ALTER TABLE supporters ADD COLUMN training_notice INTEGER NOT NULL DEFAULT 0
    CHECK (training_notice IN (0, 1, 2));
-- When the supporter's own check-in is next due; NULL until the bot first sees them.
ALTER TABLE supporters ADD COLUMN next_check_in_ms INTEGER;
-- A check-in went out and is not answered yet, so an answer counts once.
ALTER TABLE supporters ADD COLUMN check_in_open INTEGER NOT NULL DEFAULT 0;

-- A request is one person's ('one_on_one') or a team's debrief ('team_debrief').
ALTER TABLE requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'one_on_one'
    CHECK (kind IN ('one_on_one', 'team_debrief'));
-- A debrief's rough size and when the team could meet: enumerated choices, '' otherwise.
ALTER TABLE requests ADD COLUMN team_size TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN meet_when TEXT NOT NULL DEFAULT '';
