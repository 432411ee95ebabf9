//! The program's rules, free of Slack and HTTP: what people can choose, who is matched,
//! business time, and the request → offer → assignment state machine.

pub mod calendar;
pub mod choices;
pub mod matching;
pub mod notice;
pub mod program;
pub mod report;
pub mod request_form;
