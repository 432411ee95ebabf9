//! The handler both transports feed: a delivery in, an immediate answer out. It checks
//! the workspace, reads the delivery as a [`Command`] (`command.rs`), and hands it to
//! `dispatch.rs`; what to tell people afterwards goes through the domain's outbox, and
//! the private replies to a click or command through the helpers here.

use slack_morphism::prelude::{
    SlackView, SlackViewSubmissionErrorsResponse, SlackViewSubmissionResponse, SlackViewSubmissionUpdateResponse,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde_json::Value;
use serde_json::value::RawValue;

use super::api::SlackApi;
use super::command::{self, Origin};
use super::deliver::Deliverer;
use super::home::{self, Pages};
use super::home_queue::HomeQueue;
use super::inbound::Inbound;
use super::views::{FormDirectory, Message, Views, callback};
use crate::domain::program::{FlowError, Program};
use crate::i18n::{Catalog, Locale};
use crate::metrics::Metrics;
use crate::settings::Settings;

/// The immediate answer to Slack (the HTTP response body, or a Socket Mode ack payload).
#[derive(Clone, Debug, PartialEq)]
pub enum Ack {
    /// 200 with no body.
    Empty,
    /// 200 with a JSON body (an ephemeral reply, modal errors, a challenge).
    Json(Value),
    /// The delivery came from another workspace: refused, nothing changed.
    OtherWorkspace,
}

impl Ack {
    /// A private reply in the ack itself.
    pub fn reply(m: Message) -> Self {
        Ack::json(&m.ephemeral())
    }

    /// A body made of one of Slack's types (a modal's answer, a reply).
    pub fn json(body: &impl serde::Serialize) -> Self {
        Ack::Json(serde_json::to_value(body).expect("Slack's types serialize"))
    }

    /// A modal's answer: these fields' problems, shown under them.
    pub fn form_errors(errors: impl IntoIterator<Item = (String, String)>) -> Self {
        let errors = SlackViewSubmissionErrorsResponse::new(errors.into_iter().collect());
        Ack::json(&SlackViewSubmissionResponse::Errors(errors))
    }

    /// A modal's answer: the modal becomes `view`.
    pub fn update_view(view: SlackView) -> Self {
        Ack::json(&SlackViewSubmissionResponse::Update(SlackViewSubmissionUpdateResponse::new(view)))
    }
}

#[derive(Clone)]
pub struct Bot {
    inner: Arc<Inner>,
}

struct Inner {
    program: Program,
    api: SlackApi,
    settings: Arc<Settings>,
    metrics: Arc<Metrics>,
    /// The workspace `auth.test` reported at start.
    team_id: RwLock<Option<String>>,
    /// Deliveries still running after their ack (waited for at shutdown).
    in_flight: AtomicUsize,
    /// Sends what the domain queued.
    deliverer: Deliverer,
    /// Bounds the work done after acks (see [`Bot::after_ack`]).
    after_ack_slots: Arc<tokio::sync::Semaphore>,
    /// The request modal as sent to Slack, by (offers "a colleague", metadata), with
    /// when it was built: the roster's choices change rarely.
    modal_cache: std::sync::Mutex<HashMap<ModalKey, (Instant, Arc<RawValue>)>>,
    /// Every text a person sees, by language.
    catalog: Arc<Catalog>,
    /// Home tabs to republish, coalesced so a burst of changes publishes each once.
    homes: HomeQueue,
}

impl Bot {
    pub fn new(
        program: Program,
        api: SlackApi,
        settings: Arc<Settings>,
        catalog: Arc<Catalog>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let homes = HomeQueue::default();
        let deliverer = Deliverer::new(program.clone(), api.clone(), settings.clone(), catalog.clone(), homes.clone());
        Self {
            inner: Arc::new(Inner {
                catalog,
                program,
                api,
                settings,
                metrics,
                team_id: RwLock::new(None),
                in_flight: AtomicUsize::new(0),
                deliverer,
                after_ack_slots: Arc::new(tokio::sync::Semaphore::new(AFTER_ACK_BUDGET_KIB)),
                modal_cache: Default::default(),
                homes,
            }),
        }
    }

    pub fn program(&self) -> &Program {
        &self.inner.program
    }

    pub fn api(&self) -> &SlackApi {
        &self.inner.api
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.metrics
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn set_team_id(&self, team: String) {
        *self.inner.team_id.write().expect("team lock") = Some(team);
    }

    /// The program's words in its default language, to render a message.
    pub fn views(&self) -> Views<'_> {
        let inner = &self.inner;
        Views::new(&inner.settings, &inner.catalog, inner.program.calendar(), inner.catalog.default_locale())
    }

    /// The program's words in `user`'s language: their Slack locale when the catalog has
    /// it, else the program's default.
    pub async fn views_for(&self, user: &str) -> Views<'_> {
        let inner = &self.inner;
        let locale = locale_of(&inner.api, &inner.catalog, user).await;
        Views::new(&inner.settings, &inner.catalog, inner.program.calendar(), locale)
    }

    /// Sends what the domain queued (tests drive a pass with `deliver_due`).
    pub fn deliverer(&self) -> &Deliverer {
        &self.inner.deliverer
    }

    /// Deliveries that have been acknowledged but are still talking to Slack.
    pub fn in_flight(&self) -> usize {
        self.inner.in_flight.load(Ordering::SeqCst)
    }

    /// Waits (up to `limit`) for acknowledged work to finish, for a graceful shutdown.
    pub async fn drain(&self, limit: Duration) {
        let until = Instant::now() + limit;
        while self.in_flight() > 0 && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Runs `work` after the ack, counted so a shutdown waits for it.
    ///
    /// The work in flight is bounded by memory, not count: each task is charged what it
    /// holds (its future) plus what one Slack call's buffers take, against
    /// `AFTER_ACK_BUDGET_KIB`. When the budget is spent the ack waits (backpressure), so a
    /// burst cannot pile up memory without bound.
    pub(super) async fn after_ack<F>(&self, work: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let cost = (std::mem::size_of_val(&work) / 1024 + SLACK_CALL_KIB).min(AFTER_ACK_BUDGET_KIB) as u32;
        let permit = self.inner.after_ack_slots.clone().acquire_many_owned(cost).await;
        let bot = self.clone();
        bot.inner.in_flight.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            work.await;
            drop(permit);
            bot.inner.in_flight.fetch_sub(1, Ordering::SeqCst);
        });
    }

    /// Handles one delivery. `received` is when it arrived (a modal trigger lasts 3 s).
    pub async fn handle(&self, inbound: Inbound, received: Instant) -> Ack {
        let known = self.inner.team_id.read().expect("team lock").clone();
        if let (Some(known), Some(claimed)) = (known.as_deref(), inbound.team_id())
            && known != claimed
        {
            tracing::warn!("delivery from another workspace refused");
            return Ack::OtherWorkspace;
        }
        let (origin, command) = command::parse(inbound);
        tracing::info!(command = command.label(), "command");
        self.dispatch(origin, command, received).await
    }

    /// Someone opened their Home tab: it is published fresh, and republished on changes.
    pub(super) async fn home_opened(&self, user: &str) {
        self.inner.homes.viewing(user);
        let bot = self.clone();
        let user = user.to_string();
        self.after_ack(async move { bot.publish_home(&user, Pages::default()).await }).await;
    }

    /// Opens the coordinator's tools in a modal after the ack.
    pub(super) async fn open_admin_modal(&self, origin: &Origin, received: Instant) {
        let bot = self.clone();
        let origin = origin.clone();
        self.after_ack(async move {
            let Some(trigger) = origin.trigger_id.as_deref() else { return };
            let admin = match bot.admin_view(&origin.user).await {
                Ok(view) => view,
                Err(e) => {
                    tracing::error!(error = %e, "coordinator tools unavailable");
                    return;
                }
            };
            if let Err(e) = bot.api().open_view(trigger, admin, received).await {
                tracing::warn!(error = %e, "admin modal did not open");
                bot.tell_privately(&origin, bot.views_for(&origin.user).await.modal_failed()).await;
            }
        })
        .await;
    }

    /// `user`'s Home tab, from what the domain reads now.
    async fn home_view(&self, user: &str, pages: Pages) -> Result<SlackView, crate::store::Error> {
        let program = self.program();
        let home = program.home(user, pages.queue, pages.roster).await?;
        let now = program.clock().now();
        let v = self.views_for(user).await;
        Ok(home::render(&v, user, &home, pages, now, program.today(now)))
    }

    /// The coordinator's tools as a modal (empty for someone who coordinates nothing).
    async fn admin_view(&self, user: &str) -> Result<SlackView, crate::store::Error> {
        let program = self.program();
        let v = self.views_for(user).await;
        let blocks = match program.coordinator_scope(user) {
            Some(scope) => {
                let home = program.coordinator_home(&scope, 0, 0).await?;
                let now = program.clock().now();
                home::coordinator_blocks(&v, &home, Pages::default(), now, program.today(now))
            }
            None => vec![],
        };
        Ok(v.admin_modal(blocks))
    }

    /// Publishes `user`'s Home tab as it stands now.
    pub async fn publish_home(&self, user: &str, pages: Pages) {
        match self.home_view(user, pages).await {
            Ok(view) => {
                if let Err(e) = self.api().publish_home(user, view).await {
                    tracing::warn!(error = %e, "home not published");
                }
            }
            Err(e) => tracing::error!(error = %e, "home not built"),
        }
    }

    /// Marks the Home tabs a change touched (the people in it and the coordinators) for
    /// republishing by [`Bot::publish_dirty_homes`].
    pub(super) fn refresh_homes(&self, people: Vec<String>) {
        let coordinators = self.settings().program.coordinators.iter().cloned();
        self.inner.homes.mark(people.into_iter().chain(coordinators));
    }

    /// Publishes dirty Home tabs until `stop`: each at most once per `HOME_COALESCE`.
    pub async fn publish_dirty_homes(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            tokio::select! {
                _ = self.inner.homes.changed() => {}
                _ = crate::stop::until_stopped(&mut stop) => break,
            }
            tokio::time::sleep(HOME_COALESCE).await;
            let dirty = self.inner.homes.take();
            for user in dirty {
                self.publish_home(&user, Pages::default()).await;
            }
        }
    }

    /// The person's status, when they have a request open.
    pub(super) async fn status_if_open(&self, user: &str) -> Result<Option<Message>, sqlx::Error> {
        if !self.program().has_open_request(user).await? {
            return Ok(None);
        }
        self.status_message(user).await.map(Some)
    }

    pub(super) async fn status_message(&self, user: &str) -> Result<Message, sqlx::Error> {
        let views = self.views_for(user).await;
        let program = self.program();
        Ok(match program.requester_status(user).await? {
            None => views.status_none(),
            Some(status) => {
                let supporter = status.assignment.as_ref().map(|a| a.supporter.as_str());
                views.status_open(status.request.id, supporter, status.offered)
            }
        })
    }

    /// Opens the request modal after the ack; a failure is told privately.
    pub(super) async fn open_request_modal(
        &self,
        origin: &Origin,
        for_colleague: bool,
        metadata: String,
        received: Instant,
    ) {
        let bot = self.clone();
        let origin = origin.clone();
        self.after_ack(async move {
            let Some(trigger) = origin.trigger_id.as_deref() else { return };
            let view = match bot.request_modal(&origin.user, for_colleague, metadata).await {
                Ok(view) => view,
                Err(e) => {
                    tracing::error!(error = %e, "request modal not built");
                    return;
                }
            };
            if let Err(e) = bot.api().open_view_raw(trigger, &view, received).await {
                tracing::warn!(error = %e, "request modal did not open");
                bot.tell_privately(&origin, bot.views_for(&origin.user).await.modal_failed()).await;
            }
        })
        .await;
    }

    /// "Meet the supporters" for the request form: each listed supporter with their name
    /// (from Slack, cached), role and site; and the program's areas of interest.
    async fn form_directory(&self, views: &Views<'_>) -> Result<FormDirectory, sqlx::Error> {
        let mut supporters = Vec::new();
        for s in self.program().listed_supporters(99).await? {
            let name = match self.api().user_info(&s.slack_user_id).await {
                Ok(info) => info.name,
                Err(_) => views.text("form-a-supporter", None),
            };
            let role = crate::domain::choices::Role::from_code(&s.role).map(|r| views.label(r));
            let site = (!s.site.is_empty()).then(|| s.site.clone());
            let label = [Some(name), role, site].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            supporters.push((s.slack_user_id, label));
        }
        Ok(FormDirectory { supporters, interests: self.settings().program.interests.clone() })
    }

    /// The request modal, serialized once and reused while the roster's choices are fresh.
    async fn request_modal(
        &self,
        user: &str,
        for_colleague: bool,
        metadata: String,
    ) -> Result<Arc<RawValue>, sqlx::Error> {
        let views = self.views_for(user).await;
        let key = (views.locale(), for_colleague, metadata);
        // Only the plain forms are cached: one carrying a DM's one-time token is built once.
        let cacheable = key.2 == "self";
        if cacheable
            && let Some((built, view)) = self.inner.modal_cache.lock().expect("modal lock").get(&key)
            && built.elapsed() < MODAL_FRESH
        {
            return Ok(view.clone());
        }
        let choices = self.program().form_choices().await?;
        let directory = self.form_directory(&views).await?;
        let view = views.request_modal(&choices.departments, &choices.sites, &directory, key.1, &key.2);
        let raw: Arc<RawValue> = RawValue::from_string(serde_json::to_string(&view).expect("a view serializes"))
            .expect("JSON it just wrote")
            .into();
        if cacheable {
            self.inner.modal_cache.lock().expect("modal lock").insert(key, (Instant::now(), raw.clone()));
        }
        Ok(raw)
    }

    /// Opens a modal built by `view` after the ack; a failure is told privately.
    pub(super) async fn open_view_after_ack(
        &self,
        origin: &Origin,
        received: Instant,
        view: impl FnOnce(&Views) -> SlackView + Send + 'static,
    ) {
        let bot = self.clone();
        let origin = origin.clone();
        self.after_ack(async move {
            let Some(trigger) = origin.trigger_id.as_deref() else { return };
            let built = view(&bot.views_for(&origin.user).await);
            if let Err(e) = bot.api().open_view(trigger, built, received).await {
                tracing::warn!(error = %e, "modal did not open");
                bot.tell_privately(&origin, bot.views_for(&origin.user).await.modal_failed()).await;
            }
        })
        .await;
    }

    // ----- answering the person --------------------------------------------------------

    /// After a click or command: redraw the tools it came from, or say why nothing changed.
    pub(super) async fn settle(&self, result: Result<(), FlowError>, origin: &Origin, what: &'static str) -> Ack {
        let bot = self.clone();
        let origin = origin.clone();
        match result {
            Ok(()) => self.after_ack(async move { bot.refresh_admin_modal(&origin).await }).await,
            Err(FlowError::Refused(refusal)) => {
                tracing::info!(command = what, refused = refusal.kind(), "refused");
                self.after_ack(async move {
                    let views = bot.views_for(&origin.user).await;
                    let m =
                        if asks_for_help(what) { views.requester_refusal(&refusal) } else { views.refusal(&refusal) };
                    bot.tell_privately(&origin, m).await;
                })
                .await;
            }
            Err(e) => {
                tracing::error!(command = what, error = %e, "failed");
                self.after_ack(async move {
                    let views = bot.views_for(&origin.user).await;
                    let m =
                        if asks_for_help(what) { views.requester_went_wrong() } else { views.something_went_wrong() };
                    bot.tell_privately(&origin, m).await;
                })
                .await;
            }
        }
        Ack::Empty
    }

    /// A private message to the person, after the ack.
    pub(super) async fn tell_after_ack(&self, origin: &Origin, m: Message) {
        let bot = self.clone();
        let origin = origin.clone();
        self.after_ack(async move { bot.tell_privately(&origin, m).await }).await;
    }

    /// Replaces the message a button was pressed on (its buttons go with it), after the ack.
    pub(super) async fn replace_after_ack(&self, origin: &Origin, m: Message) {
        let bot = self.clone();
        let origin = origin.clone();
        self.after_ack(async move { bot.replace_clicked_message(&origin, m).await }).await;
    }

    async fn replace_clicked_message(&self, origin: &Origin, m: Message) {
        let result = match (origin.response_url.as_deref(), origin.channel_id.as_deref(), origin.message_ts.as_deref())
        {
            (Some(url), _, _) => self.api().respond(url, &m.replacing()).await,
            (None, Some(channel), Some(ts)) => self.api().update_message(channel, ts, m.into_edit()).await,
            _ => Ok(()),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "message not replaced");
        }
    }

    /// Redraws the coordinator's tools when the click came from that modal.
    async fn refresh_admin_modal(&self, origin: &Origin) {
        let Some(view) = origin.view.as_ref().filter(|v| v.callback_id == callback::ADMIN) else { return };
        match self.admin_view(&origin.user).await {
            Ok(admin) => {
                if let Err(e) = self.api().update_view(&view.id, admin).await {
                    tracing::warn!(error = %e, "admin modal not refreshed");
                }
            }
            Err(e) => tracing::error!(error = %e, "coordinator tools unavailable"),
        }
    }

    /// A private message to one person: through `response_url` when there is one,
    /// as an ephemeral in their channel, or else as a DM.
    async fn tell_privately(&self, origin: &Origin, m: Message) {
        let api = self.api();
        let result = match (origin.response_url.as_deref(), origin.channel_id.as_deref()) {
            (Some(url), _) => api.respond(url, &m.ephemeral()).await,
            (None, Some(channel)) => api.post_ephemeral(channel, &origin.user, m.into_edit()).await,
            (None, None) => api.post_message(&origin.user, m.into_post()).await.map(|_| ()),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "private reply not delivered");
        }
    }

    pub(super) fn internal(&self, e: impl std::fmt::Display) -> Ack {
        tracing::error!(error = %e, "database error");
        Ack::reply(self.views().something_went_wrong())
    }
}

/// A cached request modal: (offers "a colleague", metadata).
type ModalKey = (Locale, bool, String);

/// What the work after acks may hold at once, in KiB.
const AFTER_ACK_BUDGET_KIB: usize = 2048;
/// One Slack call's request and response buffers, roughly (a modal is the largest).
const SLACK_CALL_KIB: usize = 16;
/// How long a built request modal is reused (a roster import shows within this time).
const MODAL_FRESH: Duration = Duration::from_secs(5);

/// How long changes gather before the Home tabs they touched are republished.
const HOME_COALESCE: Duration = Duration::from_millis(250);

/// The commands of a person asking for or answering about help (not a supporter's or a
/// coordinator's): their refusals show the way on and the crisis line.
fn asks_for_help(what: &str) -> bool {
    matches!(
        what,
        "withdraw"
            | "checkin_answer"
            | "consent_answer"
            | "outreach_answer"
            | "feedback_answer"
            | "status"
            | "supporter_checkin_answer"
    )
}

/// A person's language: their Slack locale (asked once, then cached with their profile)
/// when the catalog has it, else the program's default (also while Slack rate-limits the
/// look-up: the message goes now, in the default language).
pub async fn locale_of(api: &SlackApi, catalog: &Catalog, user: &str) -> Locale {
    if user.is_empty() {
        return catalog.default_locale();
    }
    catalog.locale_for(api.user_locale(user).await.as_deref())
}
