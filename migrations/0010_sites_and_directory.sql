-- Several sites and the supporter directory.

-- "Someone at another site": a requester's wish to talk with a supporter from elsewhere
-- in a program that runs across several sites (a hard filter, like outside-my-department).
ALTER TABLE requests ADD COLUMN pref_outside_site INTEGER NOT NULL DEFAULT 0;

-- "Meet the supporters": the areas of interest a supporter chose (codes from
-- program.interests, joined by ';') and whether they are listed for everyone to see.
ALTER TABLE supporters ADD COLUMN interests TEXT NOT NULL DEFAULT '';
ALTER TABLE supporters ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;

-- A requester may ask for someone with an interest (one of program.interests), as a wish
-- (ranked first) or a must (a hard filter). A named supporter goes in preferred_supporter.
ALTER TABLE requests ADD COLUMN wish_interest TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN wish_must INTEGER NOT NULL DEFAULT 0;
