//! The operator's commands besides `serve`: checking configuration, the roster, and the
//! Slack app manifest.

pub mod manifest;
pub mod roster;
