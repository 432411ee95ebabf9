//! Asking for support (for oneself, or a colleague after checking with them),
//! withdrawing, and where a request stands.

use super::outreach::AnswerKind;
use super::{Flow, Program, Refusal, Work, summary_of};
use crate::domain::choices::{ContactPref, GoodTime, join_codes};
use crate::domain::jobs::Job;
use crate::domain::notice::{Ending, Notice, Preference, PrivateDetails, Wish};
use crate::domain::request_form::{ForWhom, RequestForm};
use crate::ids::RequestId;
use crate::store::assignments::AssignmentRow;
use crate::store::requests::RequestStatus;
use crate::store::requests::{NewRequest, RequestRow};
use crate::store::roster::Supporter;

/// What the requester sees of their own request.
#[derive(Clone, Debug)]
pub struct RequesterStatus {
    pub request: RequestRow,
    pub assignment: Option<AssignmentRow>,
    /// Offered to a supporter who has not answered yet.
    pub offered: bool,
}

/// Where a request came from, as stored and counted.
pub use crate::store::requests::RequestOrigin as Origin;

/// What opened the request form: the person's own wish, or the answer to a consent or
/// outreach DM (its one-time token, checked and used up when the form is sent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestSource {
    Myself,
    Referral { token: String },
    Outreach { token: String },
}

impl Program {
    /// A submitted request form. For a colleague nothing is stored: they are asked first.
    /// Eligibility is checked here, whichever button opened the form.
    pub async fn submit_request(&self, user: &str, form: RequestForm, source: RequestSource) -> Flow {
        if !self.is_eligible(user) {
            return Err(Refusal::NotEligible.into());
        }
        if form.for_whom == ForWhom::Colleague {
            let colleague = form.colleague.clone().ok_or(Refusal::NotYourRequest)?;
            let referrer = form.name_me_to_them.then(|| user.to_string());
            let mut work = self.begin().await?;
            let month = self.month();
            self.store.bump_count(work.tx(), &month, "referrals_made", 1).await?;
            work.tell(Notice::ConsentAsk { colleague: colleague.clone(), referrer });
            work.tell(Notice::ReferrerTold { referrer: user.to_string(), colleague });
            tracing::info!("referral sent for consent");
            return self.commit(work).await;
        }
        // A site with its own list of who may ask there.
        if !self.is_eligible_at(user, form.site.as_deref().unwrap_or_default()) {
            return Err(Refusal::NotEligible.into());
        }
        let mut work = self.begin().await?;
        if self.store.open_request_in(work.tx(), user).await?.is_some() {
            return Err(Refusal::AlreadyOpen.into());
        }
        // A yes to a consent or outreach DM counts as such once, and only for its recipient;
        // otherwise the request is the person's own.
        let mut from_outreach = None;
        let origin = match &source {
            RequestSource::Myself => Origin::Myself,
            RequestSource::Referral { token } => {
                match self.store.take_answer_token(work.tx(), token, AnswerKind::Consent.code(), user).await? {
                    Some(_) => Origin::Referral,
                    None => Origin::Myself,
                }
            }
            RequestSource::Outreach { token } => {
                match self.store.take_answer_token(work.tx(), token, AnswerKind::Outreach.code(), user).await? {
                    Some(answered) => {
                        from_outreach = answered.outreach_id;
                        Origin::Outreach
                    }
                    None => Origin::Myself,
                }
            }
        };
        let new = NewRequest {
            requester: user.to_string(),
            origin,
            requester_role: form.role.map(|r| r.code().to_string()).unwrap_or_default(),
            requester_department: form.department.clone().unwrap_or_default(),
            requester_site: form.site.clone().unwrap_or_default(),
            pref_same_role: form.same_role,
            pref_role: form.specific_role.map(|r| r.code().to_string()).unwrap_or_default(),
            pref_outside_department: form.outside_department,
            pref_outside_site: form.outside_site,
            wish_interest: form.interest.clone().unwrap_or_default(),
            // A must needs something to be a must about.
            wish_must: form.must && (form.preferred_supporter.is_some() || form.interest.is_some()),
            pref_gender: form.gender.map(|g| g.code().to_string()).unwrap_or_default(),
            pref_seniority: form.seniority.map(|s| s.code().to_string()).unwrap_or_default(),
            preferred_supporter: form.preferred_supporter.clone(),
            contact_pref: form.contact.unwrap_or(ContactPref::SlackMessage).code().to_string(),
            good_times: join_codes(&form.good_times, GoodTime::code),
            ..NewRequest::default()
        };
        let now_ms = work.now_ms();
        let id = self.store.insert_request(work.tx(), &new, now_ms).await?;
        self.store.exclude_from(work.tx(), id, &form.rather_not).await?;
        let same_event = match from_outreach {
            Some(outreach_id) => self.store.exclude_same_event(work.tx(), id, outreach_id, user).await?,
            None => 0,
        };
        let request = self.store.request_in(work.tx(), id).await?.ok_or(Refusal::RequestGone)?;
        let mut counts = vec!["requests"];
        match origin {
            Origin::Outreach => counts.push("outreach_accepted"),
            Origin::Referral => counts.push("referrals_accepted"),
            Origin::Myself => {}
        }
        self.count_request(&mut work, &request, &counts).await?;
        let mut preferences = form.preferences();
        if same_event > 0 {
            preferences.push(Preference::Typed(Wish::SameEvent));
        }
        let details = PrivateDetails { topics: form.topics, note: form.note, ..Default::default() };
        let (match_by, key) = self.open_request(&mut work, &request, &preferences, details).await?;
        work.tell(Notice::RequestReceived { requester: user.to_string(), match_by });
        self.commit_new(work, key, id, "request created").await
    }

    /// A new request's promise: its match-by job (in its site's time zone when the site
    /// has one), the offer or the candidates, and the coordinators' alerts. Returns when
    /// it is due and the key of what only the coordinators may read.
    pub(super) async fn open_request(
        &self,
        work: &mut Work,
        request: &RequestRow,
        preferences: &[Preference],
        details: PrivateDetails,
    ) -> Flow<(chrono::DateTime<chrono::Utc>, u64)> {
        let match_by = self.calendar_for_site(&request.requester_site).add(work.now, self.settings.sla.match_within);
        let sla = Job::MatchSla { request_id: request.id, round: 0 }.at(match_by.timestamp_millis());
        let now_ms = work.now_ms();
        self.store.schedule(work.tx(), &sla, now_ms).await?;
        let key = self.match_and_alert(work, request, preferences, details).await?;
        Ok((match_by, key))
    }

    /// Commits a new request; if that fails, what was held for its alerts is let go.
    pub(super) async fn commit_new(&self, work: Work, key: u64, request_id: RequestId, what: &'static str) -> Flow {
        match self.commit(work).await {
            Ok(()) => {
                tracing::info!(request_id = request_id.0, "{what}");
                Ok(())
            }
            Err(e) => {
                self.relay.forget(key);
                Err(e)
            }
        }
    }

    /// Offers a new request (or lists its candidates) and alerts the coordinators, with
    /// what only they may read held in memory under the returned key.
    pub(super) async fn match_and_alert(
        &self,
        work: &mut Work,
        request: &RequestRow,
        preferences: &[Preference],
        details: PrivateDetails,
    ) -> Flow<u64> {
        let (state, _) = self.find_supporter(work, request).await?;
        // Many requests at once: the coordinators get a digest, not a DM each.
        let surge_window = chrono::Duration::from_std(self.settings.surge.window).unwrap_or_default();
        let since = (work.now - surge_window).timestamp_millis();
        let surge = self.store.requests_created_since(work.tx(), since).await? > i64::from(self.settings.surge.after);
        let coordinators = self.coordinators_for_site(&request.requester_site);
        let key = self.relay.hold(details, coordinators.len());
        for coordinator in coordinators {
            if surge {
                work.tell(Notice::SurgeDigest { coordinator: coordinator.clone() });
            }
            work.tell(Notice::CoordinatorAlert {
                coordinator,
                summary: summary_of(request, preferences),
                state: state.clone(),
                details: Some(key),
                surge,
            });
        }
        Ok(key)
    }

    /// The requester withdraws: the request is counted and deleted at once, and every
    /// message about it is changed to say so.
    pub async fn withdraw(&self, request_id: RequestId, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        let request = self.store.request_in(work.tx(), request_id).await?.ok_or(Refusal::RequestGone)?;
        if request.requester != clicker {
            return Err(Refusal::NotYourRequest.into());
        }
        if request.status == RequestStatus::Closed {
            return Err(Refusal::RequestGone.into());
        }
        self.scrub_alerts(&mut work, &request, Ending::Withdrawn).await?;
        self.withdraw_pending_offer(&mut work, request_id).await?;
        if let Some(a) = self.store.active_assignment_in(work.tx(), request_id).await? {
            work.tell(Notice::AssignmentEnded {
                supporter: a.supporter.clone(),
                assignment_id: a.id,
                ending: Ending::Withdrawn,
                at: crate::domain::notice::Location::of(a.channel, a.message_ts),
            });
        }
        self.count_request(&mut work, &request, &["withdrawn"]).await?;
        if !self.store.delete_request(work.tx(), request_id).await? {
            return Err(Refusal::RequestGone.into());
        }
        self.commit(work).await?;
        tracing::info!(request_id = request_id.0, "request withdrawn and deleted");
        // The deleted rows' old pages leave the WAL now, not at some later checkpoint.
        if let Err(e) = self.store.checkpoint().await {
            tracing::warn!(request_id = request_id.0, error = %e, "checkpoint after a withdraw failed");
        }
        Ok(())
    }

    /// Each coordinator's alert loses the free text and the topics.
    pub(super) async fn scrub_alerts(&self, work: &mut Work, request: &RequestRow, ending: Ending) -> Flow {
        let alerts = self.store.alerts_in(work.tx(), request.id).await?;
        let coordinators = self.coordinators_for_site(&request.requester_site);
        for coordinator in coordinators {
            let at = alerts
                .iter()
                .find(|a| a.coordinator == coordinator)
                .map(|a| crate::domain::notice::Location { channel: a.channel.clone(), ts: a.message_ts.clone() });
            work.tell(Notice::ScrubAlert { coordinator, summary: summary_of(request, &[]), ending, at });
        }
        Ok(())
    }

    /// The requester's open request, for `/peer-support status` and the Home tab.
    pub async fn requester_status(&self, user: &str) -> Result<Option<RequesterStatus>, crate::store::Error> {
        let Some(request) = self.store.open_request_of(user).await? else {
            return Ok(None);
        };
        let assignment = self.store.active_assignment_for(request.id).await?;
        let offered = self.store.pending_offer_for(request.id).await?.is_some();
        Ok(Some(RequesterStatus { request, assignment, offered }))
    }

    /// Whether `user` has a request open (one at a time).
    pub async fn has_open_request(&self, user: &str) -> Result<bool, crate::store::Error> {
        Ok(self.store.open_request_of(user).await?.is_some())
    }

    /// A supporter's roster row, if they are on the roster.
    pub async fn supporter(&self, user: &str) -> Result<Option<Supporter>, crate::store::Error> {
        self.store.supporter(user).await
    }

    /// The supporters who chose to be listed in "Meet the supporters", up to `limit`.
    pub async fn listed_supporters(&self, limit: i64) -> Result<Vec<Supporter>, crate::store::Error> {
        self.store.listed_supporters(limit).await
    }
}
