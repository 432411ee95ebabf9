//! The request → offer → assignment state machine, split by use case. Every step
//! re-reads the database, checks who may act, and changes state in one short
//! transaction ([`Work`]) that also queues what to say: a state change and the messages
//! it owes commit together or not at all.
//!
//! - [`request`]: asking for support, withdrawing, where a request stands.
//! - [`offer`]: matching, offering, accepting, declining, passing on.
//! - [`assignment`]: the supporter's buttons and closing a request.
//! - [`coordinator`]: reassigning, offering by hand, the roster, availability.
//! - [`follow_up`]: the timed jobs (check-ins, reminders, escalations, feedback).
//! - [`outreach`]: outreach after an adverse event.
//! - [`debrief`]: team debriefs, offered to facilitators like one-on-one requests.
//! - [`supporter_care`]: the supporters' own check-ins and their training dates.

mod assignment;
mod coordinator;
mod debrief;
mod follow_up;
mod home;
mod offer;
mod outreach;
mod request;
mod supporter_care;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use super::calendar::Calendar;
use super::choices::{ContactPref, GoodTime, MeetWhen, Role, TeamSize, split_codes};
use super::notice::{DebriefSummary, Location, Notice, RequestSummary};
use super::relay::Relay;
use crate::clock::Clock;
use crate::settings::Settings;
use crate::store::deliveries::NewDelivery;
use crate::store::requests::{RequestKind, RequestRow};
use crate::store::retention::Purged;
use crate::store::{Store, Tx};

pub use debrief::DebriefForm;
pub use follow_up::CheckInOutcome;
pub use home::{CoordinatorHome, Home, QUEUE_PAGE, ROSTER_PAGE, Stats, SupporterHome};
pub use outreach::AnswerKind;
pub use request::{Origin, RequestSource, RequesterStatus};
pub use supporter_care::{CareReport, TRAINING_WARNING_DAYS};

/// Offers let time out in a row before a supporter is paused.
pub const MISSED_OFFERS_BEFORE_PAUSE: i64 = 3;
/// The most colleagues one outreach reaches.
pub const MAX_OUTREACH: usize = 1000;
/// How many candidates the coordinators' alert lists in coordinator mode.
pub const CANDIDATES_SHOWN: usize = 3;
/// How long a leader's outreach note is kept at most, whatever happened to its DMs.
pub const OUTREACH_NOTE_KEPT: Duration = Duration::from_secs(24 * 3600);

/// What a coordinator looks after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoordinatorScope {
    /// A program-wide coordinator.
    All,
    /// A site's coordinator: these sites' requests.
    Sites(Vec<String>),
}

impl CoordinatorScope {
    pub fn covers(&self, site: &str) -> bool {
        match self {
            CoordinatorScope::All => true,
            CoordinatorScope::Sites(sites) => sites.iter().any(|s| s.eq_ignore_ascii_case(site)),
        }
    }
}

/// Why a person's click or command changed nothing; the edge says so kindly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The offer was taken, withdrawn or expired.
    NoLongerAvailable,
    /// Only the supporter it was offered to may answer.
    NotYourOffer,
    /// Only the assigned supporter may use these buttons.
    NotYourAssignment,
    CoordinatorsOnly,
    /// Only the program's leaders may start outreach.
    LeadersOnly,
    /// Only the person who asked may withdraw or answer.
    NotYourRequest,
    /// The same thing was already recorded (a second click).
    AlreadyDone,
    /// The person already has a request open.
    AlreadyOpen,
    /// The person picked is not on the roster.
    NotOnRoster,
    /// The request was closed or withdrawn.
    RequestGone,
    /// The program lists who may ask, and this person is not on it.
    NotEligible,
    /// A request cannot be offered to the person who asked for it.
    OwnRequest,
    /// This person cannot be offered this request (the requester would rather not talk
    /// with them; the reason is never given).
    CannotOffer,
    /// The person nominated is already a supporter.
    AlreadyOnRoster,
    /// A date that has already passed (a pause "until" yesterday).
    DateInThePast,
    /// The supporter's training date has passed: no new requests until it is renewed.
    TrainingLapsed,
    /// A site's coordinator, on a request from another site.
    OtherSite,
    /// The supporter was part of the same event the request came from: a coordinator may
    /// offer it anyway, once warned.
    SameEvent,
}

impl Refusal {
    /// A short name for logs: what was refused, never who or what they chose.
    pub fn kind(&self) -> &'static str {
        match self {
            Refusal::NoLongerAvailable => "no_longer_available",
            Refusal::NotYourOffer => "not_your_offer",
            Refusal::NotYourAssignment => "not_your_assignment",
            Refusal::CoordinatorsOnly => "coordinators_only",
            Refusal::LeadersOnly => "leaders_only",
            Refusal::NotYourRequest => "not_your_request",
            Refusal::AlreadyDone => "already_done",
            Refusal::AlreadyOpen => "already_open",
            Refusal::NotOnRoster => "not_on_roster",
            Refusal::RequestGone => "request_gone",
            Refusal::NotEligible => "not_eligible",
            Refusal::OwnRequest => "own_request",
            Refusal::CannotOffer => "cannot_offer",
            Refusal::AlreadyOnRoster => "already_on_roster",
            Refusal::DateInThePast => "date_in_the_past",
            Refusal::TrainingLapsed => "training_lapsed",
            Refusal::OtherSite => "other_site",
            Refusal::SameEvent => "same_event",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error("refused: {}", .0.kind())]
    Refused(Refusal),
    #[error("database: {0}")]
    Store(#[from] crate::store::Error),
    #[error("a queued notice would not serialize: {0}")]
    Notice(#[from] serde_json::Error),
}

impl From<Refusal> for FlowError {
    fn from(r: Refusal) -> Self {
        FlowError::Refused(r)
    }
}

/// A step's result: its state change and its notices are committed, or neither is.
pub type Flow<T = ()> = Result<T, FlowError>;

/// One transaction of the state machine, with the notices it will queue on commit.
pub struct Work {
    tx: Tx<'static>,
    notices: Vec<Notice>,
    now: DateTime<Utc>,
}

impl Work {
    fn tx(&mut self) -> &mut Tx<'static> {
        &mut self.tx
    }

    fn tell(&mut self, notice: Notice) {
        self.notices.push(notice);
    }

    fn now_ms(&self) -> i64 {
        self.now.timestamp_millis()
    }
}

#[derive(Clone)]
pub struct Program {
    store: Store,
    settings: Arc<Settings>,
    calendar: Calendar,
    clock: Clock,
    relay: Relay,
    /// Wakes the delivery worker when notices were queued.
    outbox: Arc<Notify>,
}

impl Program {
    pub fn new(store: Store, settings: Arc<Settings>, calendar: Calendar, clock: Clock) -> Self {
        Self { store, settings, calendar, clock, relay: Relay::new(), outbox: Arc::new(Notify::new()) }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// What only coordinators may read, held in memory for their alerts.
    pub fn relay(&self) -> &Relay {
        &self.relay
    }

    /// Notified whenever a committed step queued notices.
    pub fn outbox_wake(&self) -> Arc<Notify> {
        self.outbox.clone()
    }

    /// The day it is in the program's time zone.
    pub fn today(&self, now: DateTime<Utc>) -> chrono::NaiveDate {
        now.with_timezone(&self.calendar.timezone()).date_naive()
    }

    /// A program-wide coordinator, or one of a site's.
    pub fn is_coordinator(&self, user: &str) -> bool {
        self.coordinator_scope(user).is_some()
    }

    /// A coordinator for the whole program: the roster and every site are theirs.
    pub fn is_program_coordinator(&self, user: &str) -> bool {
        self.settings.program.coordinators.iter().any(|c| c == user)
    }

    /// What a coordinator looks after: everything, or their sites' requests.
    pub fn coordinator_scope(&self, user: &str) -> Option<CoordinatorScope> {
        if self.is_program_coordinator(user) {
            return Some(CoordinatorScope::All);
        }
        let sites: Vec<String> = self
            .settings
            .program
            .sites
            .iter()
            .filter(|s| s.coordinators.iter().any(|c| c == user))
            .map(|s| s.name.clone())
            .collect();
        (!sites.is_empty()).then_some(CoordinatorScope::Sites(sites))
    }

    /// May this person act on this request as a coordinator (a site's coordinator on
    /// their own site's requests only)?
    pub fn may_coordinate(&self, user: &str, request: &RequestRow) -> bool {
        self.coordinator_scope(user).is_some_and(|scope| scope.covers(&request.requester_site))
    }

    /// Who hears about a request at this site: the program's coordinators, then the site's.
    pub fn coordinators_for_site(&self, site: &str) -> Vec<String> {
        let mut all = self.settings.program.coordinators.clone();
        if let Some(site) = self.settings.program.site(site) {
            for c in &site.coordinators {
                if !all.contains(c) {
                    all.push(c.clone());
                }
            }
        }
        all
    }

    /// The calendar a request at this site keeps: the site's time zone when it has one.
    pub fn calendar_for_site(&self, site: &str) -> Calendar {
        match self.settings.program.site(site).and_then(|s| s.timezone.parse::<chrono_tz::Tz>().ok()) {
            Some(tz) => self.calendar.in_timezone(tz),
            None => self.calendar.clone(),
        }
    }

    pub fn is_leader(&self, user: &str) -> bool {
        self.settings.program.leaders.iter().any(|c| c == user)
    }

    /// The departments and sites a person can choose on the request form: the program's
    /// own lists with the roster's values merged in, each once (the program's spelling
    /// wins), in alphabetical order.
    pub async fn form_choices(&self) -> Result<FormChoices, crate::store::Error> {
        let program = &self.settings.program;
        let sites: Vec<String> = program.sites.iter().map(|s| s.name.clone()).collect();
        Ok(FormChoices {
            departments: merged(&program.departments, self.store.roster_departments().await?),
            sites: merged(&sites, self.store.roster_sites().await?),
        })
    }

    /// May this person open the request form? Anyone the program's rule admits (everyone
    /// when `program.eligible` is empty), and anyone on a site's own list.
    pub fn is_eligible(&self, user: &str) -> bool {
        let program = &self.settings.program;
        program.eligible.is_empty()
            || program.eligible.iter().any(|e| e == user)
            || program.sites.iter().any(|s| s.eligible.iter().any(|e| e == user))
    }

    /// May this person ask at this site? A site with its own list admits those on it and
    /// those on the program's list; any other site (or none) keeps the program's rule.
    pub fn is_eligible_at(&self, user: &str, site: &str) -> bool {
        let program = &self.settings.program;
        match program.site(site).filter(|s| !s.eligible.is_empty()) {
            Some(s) => s.eligible.iter().chain(&program.eligible).any(|e| e == user),
            None => program.eligible.is_empty() || program.eligible.iter().any(|e| e == user),
        }
    }

    fn month(&self) -> String {
        self.calendar.month_of(self.clock.now())
    }

    /// The program-wide coordinators (for what belongs to no site, like a nomination).
    fn coordinators(&self) -> impl Iterator<Item = &String> {
        self.settings.program.coordinators.iter()
    }

    /// Every count a change to this request adds to: its kind's, and its site's when the
    /// program lists that site ("site:North:closed").
    fn request_metrics(&self, request: &RequestRow, metric: &str) -> Vec<String> {
        let name = metric_for(request.kind, metric);
        let mut all = vec![name.clone()];
        if let Some(site) = self.settings.program.site(&request.requester_site) {
            all.push(format!("site:{}:{name}", site.name));
        }
        all
    }

    /// Adds one to each of `metrics` for this request (see [`Self::request_metrics`]).
    async fn count_request(&self, work: &mut Work, request: &RequestRow, metrics: &[&str]) -> Flow {
        let names: Vec<String> = metrics.iter().flat_map(|m| self.request_metrics(request, m)).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let month = self.month();
        self.store.bump_counts(work.tx(), &month, &names).await?;
        Ok(())
    }

    async fn begin(&self) -> Flow<Work> {
        let tx = self.store.begin_write().await?;
        Ok(Work { tx, notices: Vec::new(), now: self.clock.now() })
    }

    /// Queues the step's notices in its transaction and commits both.
    async fn commit(&self, mut work: Work) -> Flow {
        let rows = work
            .notices
            .iter()
            .map(|n| {
                Ok(NewDelivery {
                    lane: n.recipient().to_string(),
                    notice: serde_json::to_string(n)?,
                    request_id: n.request_id(),
                    outreach_id: n.outreach_id(),
                })
            })
            .collect::<Result<Vec<_>, serde_json::Error>>()?;
        let now_ms = work.now_ms();
        self.store.queue_deliveries(&mut work.tx, &rows, now_ms).await?;
        work.tx.commit().await?;
        if !rows.is_empty() {
            self.outbox.notify_one();
        }
        Ok(())
    }

    /// Deletes requests closed longer ago than the retention period, and any outreach
    /// note older than a day; then checkpoints so neither leaves a copy in the files.
    pub async fn purge(&self) -> Flow<Purged> {
        let now = self.clock.now();
        let cutoff = crate::store::retention::cutoff_ms(self.settings.retention.purge_closed_after, now);
        let note_cutoff = crate::store::retention::cutoff_ms(OUTREACH_NOTE_KEPT, now);
        let mut work = self.begin().await?;
        // What Slack keeps follows the rule too: the bot's own messages about these
        // requests are edited to name nobody, in the purge's transaction.
        for message in self.store.messages_of_purgeable(work.tx(), cutoff).await? {
            work.tell(Notice::Redact {
                recipient: message.recipient,
                at: Location { channel: message.channel, ts: message.ts },
            });
        }
        let mut purged = self.store.purge_closed(work.tx(), cutoff).await?;
        self.commit(work).await?;
        purged.outreach_notes = self.store.erase_outreach_notes_before(note_cutoff).await? as i64;
        if purged != Purged::default() {
            self.store.checkpoint().await?;
            tracing::info!(
                requests = purged.requests,
                offers = purged.offers,
                assignments = purged.assignments,
                outreach_notes = purged.outreach_notes,
                "purged"
            );
        }
        Ok(purged)
    }
}

/// The request form's department and site choices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormChoices {
    pub departments: Vec<String>,
    pub sites: Vec<String>,
}

fn merged(configured: &[String], from_roster: Vec<String>) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for name in configured.iter().cloned().chain(from_roster) {
        let name = name.trim().to_string();
        if !name.is_empty() && !all.iter().any(|a| a.to_lowercase() == name.to_lowercase()) {
            all.push(name);
        }
    }
    all.sort_by_key(|a| a.to_lowercase());
    all
}

/// What the supporter and the coordinators may see of a request.
pub fn summary_of(request: &RequestRow, preferences: &[super::notice::Preference]) -> RequestSummary {
    RequestSummary {
        request_id: request.id,
        requester: request.requester.clone(),
        role: Role::from_code(&request.requester_role),
        department: request.requester_department.clone(),
        site: request.requester_site.clone(),
        contact_pref: ContactPref::from_code(&request.contact_pref),
        good_times: split_codes(&request.good_times, GoodTime::from_code),
        preferences: preferences.to_vec(),
        debrief: (request.kind == RequestKind::TeamDebrief).then(|| DebriefSummary {
            size: TeamSize::from_code(&request.team_size),
            when: MeetWhen::from_code(&request.meet_when),
        }),
    }
}

/// A monthly count's name for a request of this kind: team debriefs are counted apart
/// from one-on-one requests ("closed" becomes "debrief_closed").
pub fn metric_for(kind: RequestKind, metric: &str) -> String {
    match kind {
        RequestKind::OneOnOne => metric.to_string(),
        RequestKind::TeamDebrief => format!("debrief_{metric}"),
    }
}

/// The report's histogram buckets, in order.
pub const DURATION_BUCKETS: [&str; 6] = ["under_1h", "under_4h", "under_1d", "under_2d", "under_5d", "5d_or_more"];

/// The histogram bucket of a waiting time; a "day" is one business day when the
/// program counts business time (`day` is its length).
pub fn duration_bucket(waited: Duration, day: Duration) -> &'static str {
    let (s, day) = (waited.as_secs(), day.as_secs().max(1));
    match s {
        s if s < 3600 => DURATION_BUCKETS[0],
        s if s < 4 * 3600 => DURATION_BUCKETS[1],
        s if s < day => DURATION_BUCKETS[2],
        s if s < 2 * day => DURATION_BUCKETS[3],
        s if s < 5 * day => DURATION_BUCKETS[4],
        _ => DURATION_BUCKETS[5],
    }
}

/// "3 business hours", "2 business days": how long someone has waited, in plain words.
pub fn describe_wait(waited: Duration, calendar: &Calendar) -> String {
    let unit = if calendar.counts_business_time() { "business " } else { "" };
    let day = calendar.business_day_length().as_secs().max(1);
    let secs = waited.as_secs();
    if secs >= day {
        let days = secs / day;
        format!("{days} {unit}day{}", if days == 1 { "" } else { "s" })
    } else if secs >= 3600 {
        let hours = secs / 3600;
        format!("{hours} {unit}hour{}", if hours == 1 { "" } else { "s" })
    } else {
        let minutes = (secs / 60).max(1);
        format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_fall_in_the_report_buckets() {
        let h = |n: u64| Duration::from_secs(n * 3600);
        // A business day of nine hours.
        let day = h(9);
        assert_eq!(duration_bucket(Duration::from_secs(59 * 60), day), "under_1h");
        assert_eq!(duration_bucket(h(3), day), "under_4h");
        assert_eq!(duration_bucket(h(8), day), "under_1d");
        assert_eq!(duration_bucket(h(17), day), "under_2d");
        assert_eq!(duration_bucket(h(44), day), "under_5d");
        assert_eq!(duration_bucket(h(45), day), "5d_or_more");
        // Wall time: a day is 24 hours.
        assert_eq!(duration_bucket(h(23), h(24)), "under_1d");
    }
}

#[cfg(test)]
mod merged_tests {
    use super::merged;

    #[test]
    fn the_programs_list_and_the_rosters_merge_once_each_in_order() {
        let configured = vec!["ICU".to_string(), "Emergency".to_string(), " ".to_string()];
        let roster = vec!["icu".to_string(), "Cardiology".to_string()];
        assert_eq!(merged(&configured, roster), vec!["Cardiology", "Emergency", "ICU"]);
    }
}
