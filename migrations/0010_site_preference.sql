-- "Someone at another site": a requester's wish to talk with a supporter from elsewhere
-- in a program that runs across several sites (a hard filter, like outside-my-department).
ALTER TABLE requests ADD COLUMN pref_outside_site INTEGER NOT NULL DEFAULT 0;
