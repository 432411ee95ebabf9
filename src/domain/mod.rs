//! The program's rules, free of Slack and HTTP: what people can choose, who is matched,
//! business time, timed jobs, and the request → offer → assignment state machine, which
//! queues typed notices in the same transaction as each change.

pub mod answers;
pub mod calendar;
/// The choices are the vocabulary every layer shares; they live at the crate root.
pub use crate::choices;
pub mod jobs;
pub mod matching;
pub mod notice;
pub mod program;
pub mod relay;
pub mod report;
pub mod request_form;
