//! Integration tests: the real service, signed requests, a fake Slack.

mod browser;
mod care;
mod cli;
mod clock;
mod coordinating;
mod debrief;
mod demo;
mod directory;
mod flow;
mod forms;
mod fuzzing;
mod gates;
mod helpers;
mod home;
mod language;
mod migrations;
mod outreach;
mod privacy;
mod properties;
mod reliability;
mod sites;
mod soak;
mod socket;
