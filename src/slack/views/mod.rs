//! Every message and modal the bot shows, as Block Kit, by audience: [`requester`],
//! [`supporter`], [`coordinator`], [`leader`], and the request form in [`modals`]. Short,
//! warm and plain: what happens next, when, and who will know. Anything that offers help
//! shows the crisis line. This file holds the ids, the shared pieces and the replies
//! anyone can get.

mod coordinator;
mod leader;
mod modals;
pub use modals::{FormDirectory, choice_select, option_value};
mod requester;
mod roster;
mod supporter;

use serde::Serialize;
use slack_morphism::prelude::{
    SlackApiPostWebhookMessageRequest, SlackBlock, SlackMessageAttachment, SlackMessageContent, SlackView,
};

use super::blocks::*;
use crate::domain::choices::{ContactPref, EventKind, Gender, GoodTime, MeetWhen, Role, Seniority, TeamSize, Topic};
use crate::domain::matching::{Candidate, Reason, Why};
use crate::domain::notice::{
    AlertNow, CheckInAnswer, CheckInStage, DebriefSummary, Ending, MatchState, OfferGoneWhy, Preference,
    PrivateDetails, RequestSummary, SupporterAnswer, ThreadUpdate, Wish,
};
use crate::domain::program::{CoordinatorScope, Refusal};
use chrono::Datelike;

use crate::choices::Choice;
use crate::domain::calendar::{Calendar, Day};
use crate::i18n::{Catalog, Locale};
use crate::settings::Settings;
use crate::store::surges::SurgeSummary;

/// The longest free text the request form takes (Slack enforces it; a forged
/// submission is cut here).
pub const REQUEST_NOTE_MAX: usize = 2000;
/// The longest note a leader's outreach takes.
pub const OUTREACH_NOTE_MAX: usize = 1500;

mod ids;
pub use ids::*;

/// A message: fallback text (notifications, screen readers), blocks, and attachments
/// (only a coordinator's alert has one: its state line, which an edit can change while
/// leaving the blocks above it, and the free text in them, as they are).
#[derive(Clone, Debug)]
pub struct Message {
    pub text: String,
    pub blocks: Vec<SlackBlock>,
    pub attachments: Vec<SlackMessageAttachment>,
}

impl Message {
    pub(super) fn new(text: impl Into<String>, blocks: Vec<SlackBlock>) -> Self {
        Self { text: text.into(), blocks, attachments: vec![] }
    }

    fn with_attachment_blocks(mut self, blocks: Vec<SlackBlock>) -> Self {
        self.attachments = vec![SlackMessageAttachment::new().with_color("#8a8a8a".into()).with_blocks(blocks)];
        self
    }

    /// The message as Slack's message content: text and blocks (attachments go apart).
    fn content(&self) -> SlackMessageContent {
        SlackMessageContent::new().with_text(self.text.clone()).with_blocks(self.blocks.clone())
    }

    /// A new post: text, blocks, and the attachments when it has any.
    pub fn into_post(self) -> SlackMessageContent {
        let content = SlackMessageContent::new().with_text(self.text).with_blocks(self.blocks);
        if self.attachments.is_empty() { content } else { content.with_attachments(self.attachments) }
    }

    /// An edit of text and blocks that leaves the message's attachments as they are.
    pub fn into_edit(self) -> SlackMessageContent {
        SlackMessageContent::new().with_text(self.text).with_blocks(self.blocks)
    }

    /// An edit that replaces everything: attachments too (an empty list removes an old
    /// state line).
    pub fn into_replacement(self) -> SlackMessageContent {
        SlackMessageContent::new().with_text(self.text).with_blocks(self.blocks).with_attachments(self.attachments)
    }

    /// A private reply to a slash command or a click, for its `response_url`.
    pub fn ephemeral(&self) -> EphemeralReply {
        EphemeralReply {
            response_type: "ephemeral",
            message: SlackApiPostWebhookMessageRequest::new(self.content()).with_replace_original(false),
        }
    }

    /// The message in place of the one a click came from, for its `response_url`.
    pub fn replacing(&self) -> SlackApiPostWebhookMessageRequest {
        SlackApiPostWebhookMessageRequest::new(self.content()).with_replace_original(true)
    }
}

/// A `response_url` body that only the person who asked sees (Slack's webhook request
/// type has no `response_type`).
#[derive(Clone, Debug, Serialize)]
pub struct EphemeralReply {
    response_type: &'static str,
    #[serde(flatten)]
    pub message: SlackApiPostWebhookMessageRequest,
}

impl Message {}

/// Renders with the program's words (its name, crisis line, resources), in one
/// person's language: every text comes from the catalog.
pub struct Views<'a> {
    pub settings: &'a Settings,
    catalog: &'a Catalog,
    calendar: &'a Calendar,
    locale: Locale,
}

/// A message from the catalog: `t!(self, "id")`, or with variables
/// `t!(self, "id", who = mention(u))`.
macro_rules! t {
    ($v:expr, $id:literal) => {
        $v.text($id, None)
    };
    ($v:expr, $id:literal, $($k:ident = $val:expr),+ $(,)?) => {
        $v.text($id, Some(&$crate::fluent_args!($($k = $val),+)))
    };
}
pub(crate) use t;

pub(super) fn mention(user: &str) -> String {
    format!("<@{user}>")
}

impl<'a> Views<'a> {
    pub fn new(settings: &'a Settings, catalog: &'a Catalog, calendar: &'a Calendar, locale: Locale) -> Self {
        Self { settings, catalog, calendar, locale }
    }

    /// The program's business calendar (how long something waited, by when).
    pub fn calendar(&self) -> &Calendar {
        self.calendar
    }

    /// The language these views speak.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// One message of the catalog, in this person's language.
    pub fn text(&self, id: &str, args: Option<&fluent_bundle::FluentArgs>) -> String {
        self.catalog.text(self.locale, id, args)
    }

    /// A choice's words ("Nurse", "A patient death"), in this person's language.
    pub fn label<C: Choice>(&self, choice: C) -> String {
        self.text(&format!("{}-{}", C::KIND, choice.code()), None)
    }

    pub(super) fn crisis(&self) -> SlackBlock {
        context(&format!(":telephone_receiver: {}", escape(&self.settings.program.crisis_line)))
    }

    pub(super) fn program(&self) -> &str {
        &self.settings.program.name
    }

    /// The options of a closed set of choices, in this person's language.
    pub(super) fn options<C: Choice>(&self, all: &[C]) -> Vec<SelectOption> {
        all.iter().map(|c| option(&self.label(*c), c.code())).collect()
    }

    pub(super) fn contact_words(&self, c: Option<ContactPref>) -> String {
        self.label(c.unwrap_or(ContactPref::SlackMessage))
    }

    pub(super) fn times_words(&self, times: &[GoodTime]) -> String {
        if times.is_empty() {
            t!(self, "any-time")
        } else {
            times.iter().map(|t| self.label(*t).to_lowercase()).collect::<Vec<_>>().join(", ")
        }
    }

    pub(super) fn role_words(&self, role: Option<Role>) -> String {
        role.map(|r| self.label(r)).unwrap_or_else(|| t!(self, "not-given"))
    }

    /// One of a requester's stated wishes, in words for the coordinators.
    pub(super) fn preference(&self, p: &Preference) -> String {
        let strength = |must: bool| if must { t!(self, "wish-a-must") } else { t!(self, "wish-a-wish") };
        match p {
            Preference::Words(words) => words.clone(),
            Preference::Typed(wish) => match wish {
                Wish::SameRole => t!(self, "wish-same-role"),
                Wish::Role { role } => t!(self, "wish-role", role = self.label(*role).to_lowercase()),
                Wish::OutsideDepartment => t!(self, "wish-outside-department"),
                Wish::OutsideSite => t!(self, "wish-outside-site"),
                Wish::Gender { gender } => self.label(*gender).to_lowercase(),
                Wish::Seniority { seniority } => self.label(*seniority).to_lowercase(),
                Wish::Named { supporter, must } => {
                    t!(self, "wish-named", who = mention(supporter), strength = strength(*must))
                }
                Wish::Interest { interest, must } => {
                    t!(self, "wish-interest", interest = interest.to_lowercase(), strength = strength(*must))
                }
                Wish::RatherNot => t!(self, "wish-rather-not"),
                Wish::SameEvent => t!(self, "wish-same-event"),
            },
        }
    }

    /// A day, as a person reads it: "today", "tomorrow", "Tuesday", "Tuesday, December 9".
    pub fn day(&self, day: Day) -> String {
        match day {
            Day::Today => t!(self, "day-today"),
            Day::Tomorrow => t!(self, "day-tomorrow"),
            Day::ThisWeek(d) => self.weekday(d),
            Day::Later(d) => t!(
                self,
                "day-date",
                weekday = self.weekday(d),
                month = self.text(&format!("month-{}", d.month()), None),
                day = d.day().to_string()
            ),
        }
    }

    fn weekday(&self, d: chrono::NaiveDate) -> String {
        self.text(&format!("weekday-{}", d.weekday().number_from_monday()), None)
    }

    /// A date with its year ("December 9, 2027").
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        t!(
            self,
            "date-with-year",
            month = self.text(&format!("month-{}", d.month()), None),
            day = d.day().to_string(),
            year = d.year().to_string()
        )
    }

    /// The day of `t`, seen from `now`, in words ("tomorrow", "Tuesday").
    pub fn when(&self, now: chrono::DateTime<chrono::Utc>, t: chrono::DateTime<chrono::Utc>) -> String {
        self.day(self.calendar.day_of(now, t))
    }

    /// How long someone has waited: "3 business hours", "2 business days", "5 minutes".
    pub fn wait(&self, waited: std::time::Duration) -> String {
        let business = if self.calendar.counts_business_time() { "yes" } else { "no" };
        let day = self.calendar.business_day_length().as_secs().max(1);
        let secs = waited.as_secs();
        if secs >= day {
            t!(self, "wait-days", count = secs / day, business = business)
        } else if secs >= 3600 {
            t!(self, "wait-hours", count = secs / 3600, business = business)
        } else {
            t!(self, "wait-minutes", count = (secs / 60).max(1))
        }
    }

    pub fn help(&self) -> Message {
        let commands = [
            ("/peer-support", "help-ask"),
            ("/peer-support status", "help-status"),
            ("/peer-support resources", "help-resources"),
            ("/peer-support team", "help-team"),
            ("/peer-support nominate", "help-nominate"),
        ]
        .iter()
        .map(|(command, id)| format!("• `{command}`: {}", self.text(id, None)))
        .chain(std::iter::once(format!(
            "• `/peer-support pause` {} `/peer-support resume`: {}",
            t!(self, "help-or"),
            t!(self, "help-pause")
        )))
        .collect::<Vec<_>>()
        .join("\n");
        Message::new(
            t!(self, "help", program = self.program()),
            vec![
                section(&format!("{}\n{commands}", t!(self, "help-intro", program = escape(self.program())))),
                self.crisis(),
            ],
        )
    }

    pub fn unknown_subcommand(&self) -> Message {
        Message::new(t!(self, "unknown-command"), vec![section(&t!(self, "unknown-command-text")), self.crisis()])
    }

    pub fn resources(&self) -> Message {
        let mut lines = vec![t!(self, "resources-intro")];
        for r in &self.settings.program.resources {
            lines.push(format!("• *{}*: {}", escape(&r.name), escape(&r.contact)));
        }
        if self.settings.program.resources.is_empty() {
            lines.push(format!("• {}", t!(self, "resources-none")));
        }
        let mut blocks = line_sections(&lines);
        blocks.push(self.crisis());
        Message::new(t!(self, "resources"), blocks)
    }

    /// For someone the program does not list as eligible: kind words, resources, crisis line.
    /// The same, short enough to stand under a form's field.
    pub fn not_eligible_inline(&self) -> String {
        t!(self, "not-eligible-inline", program = self.program(), crisis = self.settings.program.crisis_line.clone())
    }

    pub fn not_eligible(&self) -> Message {
        let mut m = self.resources();
        let blocks = &mut m.blocks;
        blocks.insert(0, section(&t!(self, "not-eligible-text", program = escape(self.program()))));
        m.text = t!(self, "not-eligible");
        m
    }

    pub fn modal_failed(&self) -> Message {
        Message::new(t!(self, "modal-failed"), vec![section(&t!(self, "modal-failed-text")), self.crisis()])
    }

    pub fn something_went_wrong(&self) -> Message {
        Message::new(t!(self, "went-wrong"), vec![section(&t!(self, "went-wrong-text"))])
    }

    pub fn refusal(&self, refusal: &Refusal) -> Message {
        let coordinators = self.settings.program.coordinators.iter().map(|c| mention(c)).collect::<Vec<_>>().join(", ");
        let text = match refusal {
            Refusal::NoLongerAvailable => t!(self, "refusal-no-longer-available"),
            Refusal::NotYourOffer => t!(self, "refusal-not-your-offer"),
            Refusal::NotYourAssignment => t!(self, "refusal-not-your-assignment"),
            Refusal::CoordinatorsOnly => t!(self, "refusal-coordinators-only", coordinators = coordinators),
            Refusal::LeadersOnly => t!(self, "refusal-leaders-only"),
            Refusal::NotYourRequest => t!(self, "refusal-not-your-request"),
            Refusal::AlreadyDone => t!(self, "refusal-already-done"),
            Refusal::AlreadyOpen => t!(self, "refusal-already-open"),
            Refusal::NotOnRoster => t!(self, "refusal-not-on-roster"),
            Refusal::RequestGone => t!(self, "refusal-request-gone"),
            Refusal::NotEligible => return self.not_eligible(),
            Refusal::AlreadyOnRoster => t!(self, "refusal-already-on-roster"),
            Refusal::DateInThePast => t!(self, "refusal-date-in-the-past"),
            Refusal::SameEvent => t!(self, "refusal-same-event"),
            Refusal::OtherSite => t!(self, "refusal-other-site"),
            Refusal::TrainingLapsed => t!(self, "refusal-training-lapsed"),
            Refusal::CannotOffer => t!(self, "refusal-cannot-offer"),
            Refusal::OwnRequest => t!(self, "refusal-own-request"),
        };
        Message::new(text.clone(), vec![section(&text)])
    }

    /// A refusal met by someone asking for help: never a dead end. It says what to do
    /// next and shows the crisis line.
    pub fn requester_refusal(&self, refusal: &Refusal) -> Message {
        let what = match refusal {
            Refusal::NotEligible => return self.not_eligible(),
            Refusal::AlreadyOpen => t!(self, "requester-refusal-already-open"),
            Refusal::RequestGone => t!(self, "requester-refusal-request-gone"),
            Refusal::AlreadyDone => t!(self, "requester-refusal-already-done"),
            Refusal::NotYourRequest => t!(self, "requester-refusal-not-yours"),
            other => return self.refusal(other),
        };
        self.with_next_step(&what)
    }

    /// `what` happened; here is the way on, and the crisis line.
    fn with_next_step(&self, what: &str) -> Message {
        Message::new(what, vec![section(&format!("{what}\n\n{}", t!(self, "next-step"))), self.crisis()])
    }

    /// Something failed on our side while a person was asking for help.
    pub fn requester_went_wrong(&self) -> Message {
        let text = t!(self, "went-wrong-text");
        Message::new(text.clone(), vec![section(&text), self.crisis()])
    }

    /// What a message about a purged request becomes: it names nobody.
    pub fn redacted(&self) -> Message {
        let text = t!(self, "redacted");
        Message::new(text.clone(), vec![context(&text)])
    }

    /// A short reply in the catalog's words.
    pub fn say(&self, id: &str) -> Message {
        let text = self.text(id, None);
        Message::new(text.clone(), vec![section(&text)])
    }

    // ----- the requester's notices ---------------------------------------------------
}

/// Views over the default settings, for unit tests of anything that renders.
#[cfg(test)]
pub(crate) struct Fixture {
    pub settings: Settings,
    pub catalog: Catalog,
    pub calendar: Calendar,
}

#[cfg(test)]
impl Fixture {
    pub fn new() -> Self {
        let settings = Settings::load_with_env(None, Some(Default::default())).unwrap();
        let calendar = Calendar::new(settings.parse_calendar().unwrap(), true);
        Self { catalog: Catalog::built_in("en").unwrap(), settings, calendar }
    }

    pub fn views(&self) -> Views<'_> {
        Views::new(&self.settings, &self.catalog, &self.calendar, self.catalog.default_locale())
    }

    pub fn views_in(&self, locale: &str) -> Views<'_> {
        Views::new(&self.settings, &self.catalog, &self.calendar, self.catalog.locale_for(Some(locale)))
    }
}

#[cfg(test)]
mod tests;
