//! Renders one notice and sends it, re-reading what it is about first: a post about
//! something that has ended is not sent, and an edit finds the message it changes.

use super::*;
use crate::domain::choices::{ContactPref, EventKind};
use crate::ids::{OfferId, RequestId};
use crate::store::answers::TokenFor;
use crate::store::offers::OfferStatus;

/// How many requests waiting for a coordinator a surge digest lists (each with a picker).
const SURGE_WAITING_SHOWN: i64 = 15;
use crate::store::requests::RequestStatus;

impl Deliverer {
    /// Renders and sends one notice; on success records it and deletes its row.
    pub(super) async fn send(&self, row: &DeliveryRow, notice: &Notice) -> Result<(), SendError> {
        let to = notice.recipient();
        let views = self.views_for(to).await;
        let api = &self.inner.api;
        let program = &self.inner.program;
        let store = program.store();
        let calendar = program.calendar();
        let now = program.clock().now();
        let record = match notice {
            Notice::RequestReceived { match_by, .. } => {
                post(api, to, views.request_received(&views.when(now, *match_by))).await?;
                Record::Nothing
            }
            Notice::CoordinatorAlert { coordinator, summary, state, details: key, surge } => {
                let live = store.request(summary.request_id).await?.is_some_and(|r| r.status != RequestStatus::Closed);
                let held = key.and_then(|key| program.relay().peek(key));
                let has_details = held.as_ref().is_some_and(|d| !d.topics.is_empty() || d.note.is_some());
                let digest = match surge {
                    true => store.surge_digest(coordinator).await?,
                    false => None,
                };
                // Ended before its alert went out: nothing to show, nothing to scrub. In a
                // surge the digest lists it, so it needs a message only for its details.
                if !live || (digest.is_some() && !has_details) {
                    if let Some(key) = key {
                        program.relay().release_one(*key);
                    }
                    return self.finish(row, Record::Nothing).await;
                }
                let details = held.unwrap_or(PrivateDetails { resent: true, ..Default::default() });
                let names = self.candidate_names(state).await;
                let m = views.coordinator_alert(summary, &details, state, &names);
                let posted = match &digest {
                    Some(d) => api.post_reply(&d.channel, &d.ts, m.into_post(), false).await?,
                    None => post(api, coordinator, m).await?,
                };
                if let Some(key) = key {
                    program.relay().release_one(*key);
                }
                Record::Alert {
                    request_id: summary.request_id,
                    coordinator: coordinator.clone(),
                    at: posted.into(),
                    summary: Box::new(summary.clone()),
                }
            }
            Notice::Offer { offer_id, supporter, summary, reveal_requester } => {
                let pending = store.offer(*offer_id).await?.is_some_and(|o| o.status == OfferStatus::Pending);
                if !pending {
                    return self.finish(row, Record::Nothing).await;
                }
                if api.user_info_fresh(supporter).await.is_ok_and(|info| info.deleted) {
                    return self.unreachable(row, supporter, *offer_id).await;
                }
                let within = views.wait(self.inner.settings.matching.offer_timeout);
                let m = views.offer(*offer_id, summary, *reveal_requester, &within);
                match post(api, supporter, m).await {
                    Ok(posted) => Record::Offer { offer_id: *offer_id, at: posted.into() },
                    Err(e) if e.api_error().is_some_and(gone_from_slack) => {
                        return self.unreachable(row, supporter, *offer_id).await;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Notice::Assignment { assignment_id, offer_id, supporter, summary } => {
                let by = calendar.add(now, self.inner.settings.follow_up.supporter_reminder_after);
                let m = views.assignment(*assignment_id, summary, &views.when(now, by));
                let offer_at = store.offer(*offer_id).await?.and_then(|o| Location::of(o.channel, o.message_ts));
                let at = match offer_at {
                    Some(at) => {
                        api.update_message(&at.channel, &at.ts, m.into_edit()).await?;
                        at
                    }
                    None => post(api, supporter, m).await?.into(),
                };
                Record::Assignment { assignment_id: *assignment_id, at }
            }
            Notice::RequesterMatched { requester, supporter, contact_by } => {
                // Withdrawn meanwhile: "they will reach out" would no longer be true.
                let Some(request) = store.open_request_of(requester).await? else {
                    return self.finish(row, Record::Nothing).await;
                };
                let contact = ContactPref::from_code(&request.contact_pref);
                let m = views.requester_matched(supporter, contact, &views.when(now, *contact_by));
                post(api, requester, m).await?;
                Record::Nothing
            }
            Notice::DebriefReceived { request_id, match_by, .. } => {
                // Withdrawn before this went out: nothing to say.
                if store.request(*request_id).await?.is_none() {
                    return self.finish(row, Record::Nothing).await;
                }
                let m = views.debrief_received(*request_id, &views.when(now, *match_by));
                let posted = post(api, to, m).await?;
                Record::Trail { request_id: *request_id, recipient: to.to_string(), at: posted.into() }
            }
            Notice::DebriefMatched { request_id, facilitator, .. } => {
                let live = store.request(*request_id).await?.is_some_and(|r| r.status != RequestStatus::Closed);
                if !live {
                    return self.finish(row, Record::Nothing).await;
                }
                let posted = post(api, to, views.debrief_matched(facilitator)).await?;
                Record::Trail { request_id: *request_id, recipient: to.to_string(), at: posted.into() }
            }
            Notice::SupporterCheckIn { supporter } => {
                // Left the roster since: no question about a role they no longer have.
                if store.supporter(supporter).await?.is_none() {
                    return self.finish(row, Record::Nothing).await;
                }
                post(api, supporter, views.supporter_check_in()).await?;
                Record::Nothing
            }
            Notice::SupporterWantsToTalk { coordinator, supporter } => {
                post(api, coordinator, views.supporter_wants_to_talk(supporter)).await?;
                Record::Nothing
            }
            Notice::TrainingDate { recipient, supporter, until, ended } => {
                let until = views.date(*until);
                let m = if recipient == supporter {
                    views.training_date(&until, *ended)
                } else {
                    views.training_date_to_coordinator(supporter, &until, *ended)
                };
                post(api, recipient, m).await?;
                Record::Nothing
            }
            Notice::AlertThread { coordinator, request_id, update, broadcast } => {
                let Some(alert) = store.alert_of(*request_id, coordinator).await? else {
                    // No alert of its own (a surge's digest listed it): what calls for a
                    // coordinator comes as a message of its own; the rest the digest shows.
                    if *broadcast {
                        let m = views.thread_update(*request_id, update, &[]);
                        post(api, coordinator, m).await?;
                    }
                    return self.finish(row, Record::Nothing).await;
                };
                let names = match update {
                    ThreadUpdate::Candidates { candidates } => {
                        self.candidate_names(&MatchState::Candidates { candidates: candidates.clone() }).await
                    }
                    _ => vec![],
                };
                let m = views.thread_update(*request_id, update, &names);
                let posted = api.post_reply(&alert.channel, &alert.message_ts, m.into_post(), *broadcast).await?;
                Record::Trail { request_id: *request_id, recipient: coordinator.clone(), at: posted.into() }
            }
            Notice::SurgeDigest { coordinator } => {
                let now_ms = program.clock().now_ms();
                let window_ms = i64::try_from(self.inner.settings.surge.window.as_millis()).unwrap_or(i64::MAX);
                let current = store.surge_digest(coordinator).await?.filter(|d| d.updated_ms >= now_ms - window_ms);
                let since_ms = current.as_ref().map_or(now_ms - window_ms, |d| d.since_ms);
                // Read before the summary: every digest row up to here is covered by it.
                let horizon = store.last_delivery_id().await?;
                let summary = store.surge_summary(since_ms, SURGE_WAITING_SHOWN).await?;
                let since =
                    crate::clock::from_ms(since_ms).with_timezone(&calendar.timezone()).format("%H:%M").to_string();
                let m = views.surge_digest(&summary, &since);
                let at: Location = match &current {
                    Some(d) => {
                        let at = Location { channel: d.channel.clone(), ts: d.ts.clone() };
                        edit(api, &at, m).await?;
                        at
                    }
                    None => post(api, coordinator, m).await?.into(),
                };
                Record::Digest {
                    digest: crate::store::surges::SurgeDigestRow {
                        coordinator: coordinator.clone(),
                        since_ms,
                        channel: at.channel,
                        ts: at.ts,
                        updated_ms: now_ms,
                    },
                    horizon,
                }
            }
            Notice::AlertNow { coordinator, request_id, now } => {
                let Some(alert) = store.alert_of(*request_id, coordinator).await? else {
                    return self.finish(row, Record::Nothing).await;
                };
                let m = views.alert_now(*request_id, now);
                api.update_attachments(&alert.channel, &alert.message_ts, &m.text, m.attachments).await?;
                Record::Nothing
            }
            Notice::ScrubAlert { coordinator, summary, ending, at } => {
                let at = match at {
                    Some(at) => Some(at.clone()),
                    None => store
                        .alert_of(summary.request_id, coordinator)
                        .await?
                        .map(|a| Location { channel: a.channel, ts: a.message_ts }),
                };
                if let Some(at) = at {
                    edit(api, &at, views.scrubbed_alert(summary, *ending)).await?;
                }
                Record::Nothing
            }
            Notice::OfferGone { offer_id, why, at, .. } => {
                let at = match at {
                    Some(at) => Some(at.clone()),
                    None => store.offer(*offer_id).await?.and_then(|o| Location::of(o.channel, o.message_ts)),
                };
                if let Some(at) = at {
                    edit(api, &at, views.offer_gone(*why)).await?;
                }
                Record::Nothing
            }
            Notice::AssignmentEnded { assignment_id, ending, at, .. } => {
                let at = match at {
                    Some(at) => Some(at.clone()),
                    None => store.assignment(*assignment_id).await?.and_then(|a| Location::of(a.channel, a.message_ts)),
                };
                if let Some(at) = at {
                    edit(api, &at, views.assignment_ended(*ending)).await?;
                }
                Record::Nothing
            }
            Notice::SupporterPaused { supporter } => {
                post(api, supporter, views.supporter_paused()).await?;
                Record::Nothing
            }
            Notice::SafetyConcern { coordinator, request_id, assignment_id, supporter } => {
                let posted = post(api, coordinator, views.safety_alert(*request_id, *assignment_id, supporter)).await?;
                Record::Trail { request_id: *request_id, recipient: coordinator.clone(), at: posted.into() }
            }
            Notice::SafetyGuidance { supporter } => {
                post(api, supporter, views.safety_guidance()).await?;
                Record::Nothing
            }
            Notice::ConsentAsk { colleague, referrer } => {
                let token = self.answer_token(AnswerKind::Consent, colleague, TokenFor::Nothing).await?;
                post(api, colleague, views.consent_ask(referrer.as_deref(), &token)).await?;
                Record::Nothing
            }
            Notice::ReferrerTold { referrer, colleague } => {
                post(api, referrer, views.referrer_told(colleague)).await?;
                Record::Nothing
            }
            Notice::CheckIn { requester, request_id } => {
                // Withdrawn, or closed without a conversation, since it was queued: no check-in.
                let Some(stage) = program.check_in_stage(*request_id).await? else {
                    return self.finish(row, Record::Nothing).await;
                };
                let token = self.answer_token(AnswerKind::CheckIn, requester, TokenFor::Request(*request_id)).await?;
                post(api, requester, views.check_in(stage, &token)).await?;
                Record::Nothing
            }
            Notice::SupporterNudge { supporter, requester, request_id } => {
                let posted = post(api, supporter, views.supporter_nudge(requester)).await?;
                trail(*request_id, supporter, posted)
            }
            Notice::TalkAgain { supporter, requester, request_id } => {
                let posted = post(api, supporter, views.talk_again_to_supporter(requester)).await?;
                trail(*request_id, supporter, posted)
            }
            Notice::Nomination { coordinator, nominee, nominator, role } => {
                post(api, coordinator, views.nomination(nominee, nominator, *role)).await?;
                Record::Nothing
            }
            Notice::Handoff { requester, resource } => {
                if let Some(m) = views.handoff(*resource) {
                    post(api, requester, m).await?;
                }
                Record::Nothing
            }
            Notice::Redact { at, .. } => {
                edit(api, at, views.redacted()).await?;
                Record::Nothing
            }
            Notice::Feedback { requester } => {
                // The token is made as the question goes out, so no queued row links it to anyone.
                let token = feedback_token();
                store.insert_feedback_token(&token, program.clock().now_ms()).await?;
                post(api, requester, views.feedback(&token)).await?;
                Record::Nothing
            }
            Notice::OutreachDm { recipient, outreach_id } => {
                let Some(outreach) = store.outreach(*outreach_id).await? else {
                    return self.finish(row, Record::Nothing).await;
                };
                let event = EventKind::from_code(&outreach.event_kind);
                let token =
                    self.answer_token(AnswerKind::Outreach, recipient, TokenFor::Outreach(*outreach_id)).await?;
                post(api, recipient, views.outreach_dm(*outreach_id, event, outreach.note.as_deref(), &token)).await?;
                Record::OutreachDm { outreach_id: *outreach_id }
            }
            Notice::OutreachOnItsWay { leader, count } => {
                post(api, leader, views.outreach_on_its_way(*count)).await?;
                Record::Nothing
            }
            Notice::OutreachAgain { recipient, outreach_id, event } => {
                let token =
                    self.answer_token(AnswerKind::Outreach, recipient, TokenFor::Outreach(*outreach_id)).await?;
                post(api, recipient, views.outreach_again(*event, &token)).await?;
                Record::Nothing
            }
        };
        self.finish(row, record).await
    }

    /// A one-time token for the buttons of a DM about to be sent: only its recipient can
    /// answer, once. Made as the DM goes out, so no queued row holds it.
    async fn answer_token(&self, kind: AnswerKind, recipient: &str, about: TokenFor) -> Result<String, sqlx::Error> {
        let token = feedback_token();
        let now_ms = self.inner.program.clock().now_ms();
        self.inner.program.store().insert_answer_token(&token, kind.code(), recipient, about, now_ms).await?;
        Ok(token)
    }

    /// The supporter's Slack account is gone: they are paused and the offer passes on.
    async fn unreachable(&self, row: &DeliveryRow, supporter: &str, offer_id: OfferId) -> Result<(), SendError> {
        match self.inner.program.supporter_unreachable(supporter, offer_id).await {
            Ok(()) | Err(FlowError::Refused(_)) => self.finish(row, Record::Nothing).await,
            Err(e) => Err(e.into()),
        }
    }

    async fn candidate_names(&self, state: &MatchState) -> Vec<(String, String)> {
        let MatchState::Candidates { candidates } = state else {
            return vec![];
        };
        let mut names = Vec::new();
        for c in candidates {
            names.push((c.supporter.clone(), self.inner.api.name_of(&c.supporter).await));
        }
        names
    }
}

/// Where a message about a request landed, when the notice says which request.
fn trail(request_id: Option<RequestId>, recipient: &str, posted: Posted) -> Record {
    match request_id {
        Some(request_id) => Record::Trail { request_id, recipient: recipient.to_string(), at: posted.into() },
        None => Record::Nothing,
    }
}
