//! Matching and offers: find the best candidate, offer, and on Accept, Decline or a
//! timeout move the request along. A race has one winner: every change is a
//! conditional update inside the step's transaction.

use super::{Flow, MISSED_OFFERS_BEFORE_PAUSE, Program, Refusal, Work, duration_bucket, summary_of};
use crate::clock::from_ms;
use crate::domain::choices::{Gender, Role, Seniority};
use crate::domain::jobs::Job;
use crate::domain::matching::{self, Need, Reason, SupporterView};
use crate::domain::notice::{AlertNow, Location, MatchState, Notice, OfferGoneWhy, ThreadUpdate};
use crate::ids::{OfferId, RequestId};
use crate::settings::MatchingMode;
use crate::store::offers::OfferStatus;
use crate::store::offers::{OfferEnd, OfferRow};
use crate::store::requests::RequestStatus;
use crate::store::requests::{RequestKind, RequestRow};

impl Program {
    fn need_of(request: &RequestRow, excluded: Vec<String>) -> Need {
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Need {
            requester: request.requester.clone(),
            role: Role::from_code(&request.requester_role),
            department: non_empty(&request.requester_department),
            site: non_empty(&request.requester_site),
            same_role: request.pref_same_role,
            specific_role: Role::from_code(&request.pref_role),
            outside_department: request.pref_outside_department,
            gender: Gender::from_code(&request.pref_gender),
            seniority: Seniority::from_code(&request.pref_seniority),
            preferred_supporter: request.preferred_supporter.clone(),
            excluded: excluded.into_iter().collect(),
            team_debrief: request.kind == RequestKind::TeamDebrief,
            outside_site: request.pref_outside_site,
            interest: non_empty(&request.wish_interest),
            must: request.wish_must,
        }
    }

    /// Offers the request to the best candidate (auto mode) or lists candidates
    /// (coordinator mode). Returns the state for the alert, and whether an offer was made.
    pub(super) async fn find_supporter(&self, work: &mut Work, request: &RequestRow) -> Flow<(MatchState, bool)> {
        let excluded = self.store.not_to_offer_in(work.tx(), request.id).await?;
        let need = Self::need_of(request, excluded);
        let now_ms = work.now_ms();
        let rows = self.store.supporters_with_load_in(work.tx()).await?;
        let today = self.today(work.now);
        let supporters: Vec<SupporterView> = rows.iter().map(|row| SupporterView::of(row, now_ms, today)).collect();
        let candidates = matching::rank(&need, &supporters);
        if candidates.is_empty() {
            self.store.set_exhausted(work.tx(), request.id, true).await?;
            tracing::info!(request_id = request.id.0, "no supporter left to offer");
            return Ok((MatchState::NoSupporter, false));
        }
        if self.settings.matching.mode == MatchingMode::Coordinator {
            let candidates = candidates.into_iter().take(super::CANDIDATES_SHOWN).collect();
            return Ok((MatchState::Candidates { candidates }, false));
        }
        let best = candidates.into_iter().next().expect("not empty");
        if self.create_offer(work, request, &best.supporter, None).await?.is_some() {
            return Ok((MatchState::Offered { supporter: best.supporter, reason: best.reason }, true));
        }
        // Another offer is already pending for this request: nothing more to do.
        match self.store.pending_offer_in(work.tx(), request.id).await? {
            Some(pending) => {
                Ok((MatchState::Offered { supporter: pending.supporter, reason: Reason::default() }, false))
            }
            None => Ok((MatchState::NoSupporter, false)),
        }
    }

    /// One pending offer with its timeout job; `None` when the request already has one.
    pub(super) async fn create_offer(
        &self,
        work: &mut Work,
        request: &RequestRow,
        supporter: &str,
        offered_by: Option<&str>,
    ) -> Flow<Option<OfferId>> {
        let now_ms = work.now_ms();
        let Some(offer_id) = self.store.insert_offer(work.tx(), request.id, supporter, offered_by, now_ms).await?
        else {
            return Ok(None);
        };
        let due = self.calendar.add(work.now, self.settings.matching.offer_timeout);
        let timeout = Job::OfferTimeout { request_id: request.id, offer_id }.at(due.timestamp_millis());
        self.store.schedule(work.tx(), &timeout, now_ms).await?;
        self.store.set_exhausted(work.tx(), request.id, false).await?;
        self.store.note_offered(work.tx(), supporter, now_ms).await?;
        work.tell(Notice::Offer {
            offer_id,
            supporter: supporter.to_string(),
            summary: summary_of(request, &[]),
            reveal_requester: !self.settings.matching.reveal_on_accept,
        });
        tracing::info!(request_id = request.id.0, offer_id = offer_id.0, "offered");
        Ok(Some(offer_id))
    }

    /// After a decline, a timeout or a reassignment: the next candidate, told in the thread.
    pub(super) async fn pass_on(&self, work: &mut Work, request_id: RequestId) -> Flow {
        let Some(request) = self.store.request_in(work.tx(), request_id).await? else {
            return Ok(());
        };
        if request.status != RequestStatus::Open {
            return Ok(());
        }
        let update = match self.find_supporter(work, &request).await? {
            (MatchState::Offered { supporter, reason }, true) => ThreadUpdate::Offered { supporter, reason, by: None },
            (MatchState::Offered { .. }, false) => return Ok(()),
            (MatchState::Candidates { candidates }, _) => ThreadUpdate::Candidates { candidates },
            (MatchState::NoSupporter, _) => ThreadUpdate::NoSupporter,
        };
        let broadcast = matches!(update, ThreadUpdate::NoSupporter | ThreadUpdate::Candidates { .. });
        self.tell_thread(work, request_id, update, broadcast).await?;
        Ok(())
    }

    /// A reply in every coordinator's alert thread.
    /// A change posted in each coordinator's alert thread; when it moves the request on,
    /// the alert's own state line follows.
    pub(super) async fn tell_thread(
        &self,
        work: &mut Work,
        request_id: RequestId,
        update: ThreadUpdate,
        broadcast: bool,
    ) -> Flow {
        let now = AlertNow::after(&update);
        let site = self.store.request_in(work.tx(), request_id).await?.map(|r| r.requester_site).unwrap_or_default();
        for coordinator in &self.coordinators_for_site(&site) {
            work.tell(Notice::AlertThread {
                coordinator: coordinator.clone(),
                request_id,
                update: update.clone(),
                broadcast,
            });
            if let Some(now) = &now {
                work.tell(Notice::AlertNow { coordinator: coordinator.clone(), request_id, now: now.clone() });
            }
        }
        Ok(())
    }

    /// Loads an offer the clicker may answer.
    async fn answerable_offer(&self, work: &mut Work, offer_id: OfferId, clicker: &str) -> Flow<OfferRow> {
        let offer = self.store.offer_in(work.tx(), offer_id).await?.ok_or(Refusal::NoLongerAvailable)?;
        if offer.supporter != clicker {
            return Err(Refusal::NotYourOffer.into());
        }
        if offer.status != OfferStatus::Pending {
            return Err(Refusal::NoLongerAvailable.into());
        }
        Ok(offer)
    }

    /// Accept: one transaction that checks the offer is still open; a second or racing
    /// click finds it taken and changes nothing.
    pub async fn accept(&self, offer_id: OfferId, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        self.answerable_offer(&mut work, offer_id, clicker).await?;
        let now = work.now;
        let now_ms = work.now_ms();
        let offer = self
            .store
            .end_offer(work.tx(), offer_id, OfferEnd::Accepted, now_ms)
            .await?
            .ok_or(Refusal::NoLongerAvailable)?;
        let request =
            self.store.match_request(work.tx(), offer.request_id, now_ms).await?.ok_or(Refusal::NoLongerAvailable)?;
        let assignment_id = self
            .store
            .insert_assignment(
                work.tx(),
                offer.request_id,
                clicker,
                offer.channel.as_deref(),
                offer.message_ts.as_deref(),
                now_ms,
            )
            .await?
            .ok_or(Refusal::NoLongerAvailable)?;
        let timeout = Job::OfferTimeout { request_id: request.id, offer_id };
        self.store.cancel_job(work.tx(), &timeout.dedupe_key()).await?;
        self.store.reset_missed_offers(work.tx(), clicker).await?;
        let waited = self.calendar.elapsed(from_ms(request.created_ms), now);
        let bucket = format!("time_to_match:{}", duration_bucket(waited, self.calendar.business_day_length()));
        self.count_request(&mut work, &request, &["offers_accepted", "matched", &bucket]).await?;
        self.schedule_follow_ups(&mut work, request.id, assignment_id).await?;
        let contact_by = self.calendar.add(now, self.settings.follow_up.supporter_reminder_after);
        work.tell(Notice::Assignment {
            assignment_id,
            offer_id,
            supporter: clicker.to_string(),
            summary: summary_of(&request, &[]),
        });
        work.tell(match request.kind {
            RequestKind::OneOnOne => Notice::RequesterMatched {
                requester: request.requester.clone(),
                supporter: clicker.to_string(),
                contact_by,
            },
            RequestKind::TeamDebrief => Notice::DebriefMatched {
                requester: request.requester.clone(),
                request_id: request.id,
                facilitator: clicker.to_string(),
            },
        });
        self.tell_thread(&mut work, request.id, ThreadUpdate::Accepted { supporter: clicker.to_string() }, false)
            .await?;
        self.commit(work).await?;
        tracing::info!(
            request_id = offer.request_id.0,
            offer_id = offer_id.0,
            assignment_id = assignment_id.0,
            "accepted"
        );
        Ok(())
    }

    pub async fn decline(&self, offer_id: OfferId, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        self.answerable_offer(&mut work, offer_id, clicker).await?;
        self.end_offer_and_pass_on(&mut work, offer_id, OfferEnd::Declined).await?;
        self.commit(work).await
    }

    /// Ends a pending offer (declined, timed out, or its supporter left) and passes the
    /// request on. An offer that was already answered changes nothing.
    pub(super) async fn end_offer_and_pass_on(&self, work: &mut Work, offer_id: OfferId, end: OfferEnd) -> Flow {
        let now_ms = work.now_ms();
        let Some(offer) = self.store.end_offer(work.tx(), offer_id, end, now_ms).await? else {
            return match end {
                OfferEnd::TimedOut | OfferEnd::Withdrawn => Ok(()),
                _ => Err(Refusal::NoLongerAvailable.into()),
            };
        };
        let timeout = Job::OfferTimeout { request_id: offer.request_id, offer_id };
        self.store.cancel_job(work.tx(), &timeout.dedupe_key()).await?;
        if let Some(request) = self.store.request_in(work.tx(), offer.request_id).await? {
            self.count_request(work, &request, &[&format!("offers_{}", end.code())]).await?;
        }
        if end == OfferEnd::TimedOut {
            let missed = self.store.count_missed_offer(work.tx(), &offer.supporter).await?;
            if missed >= MISSED_OFFERS_BEFORE_PAUSE {
                self.store.pause_supporter(work.tx(), &offer.supporter, now_ms).await?;
                work.tell(Notice::SupporterPaused { supporter: offer.supporter.clone() });
                tracing::info!(offer_id = offer.id.0, "supporter paused after missed offers");
            }
        } else {
            self.store.reset_missed_offers(work.tx(), &offer.supporter).await?;
        }
        tracing::info!(request_id = offer.request_id.0, offer_id = offer_id.0, outcome = end.code(), "offer ended");
        let why = match end {
            OfferEnd::TimedOut => OfferGoneWhy::TimedOut,
            OfferEnd::Withdrawn => OfferGoneWhy::PassedOn,
            _ => OfferGoneWhy::Declined,
        };
        work.tell(Notice::OfferGone {
            supporter: offer.supporter.clone(),
            offer_id,
            why,
            at: Location::of(offer.channel.clone(), offer.message_ts.clone()),
        });
        let update = match end {
            OfferEnd::TimedOut => ThreadUpdate::TimedOut { supporter: offer.supporter.clone() },
            OfferEnd::Withdrawn => ThreadUpdate::LeftRoster { supporter: offer.supporter.clone() },
            _ => ThreadUpdate::Declined { supporter: offer.supporter.clone() },
        };
        self.tell_thread(work, offer.request_id, update, false).await?;
        self.pass_on(work, offer.request_id).await
    }

    /// Withdraws the request's pending offer, if any, and tells its supporter.
    pub(super) async fn withdraw_pending_offer(&self, work: &mut Work, request_id: RequestId) -> Flow {
        let Some(pending) = self.store.pending_offer_in(work.tx(), request_id).await? else {
            return Ok(());
        };
        let now_ms = work.now_ms();
        self.store.end_offer(work.tx(), pending.id, OfferEnd::Withdrawn, now_ms).await?;
        let timeout = Job::OfferTimeout { request_id, offer_id: pending.id };
        self.store.cancel_job(work.tx(), &timeout.dedupe_key()).await?;
        let month = self.month();
        self.store.bump_count(work.tx(), &month, "offers_withdrawn", 1).await?;
        work.tell(Notice::OfferGone {
            supporter: pending.supporter,
            offer_id: pending.id,
            why: OfferGoneWhy::NoLongerNeeded,
            at: Location::of(pending.channel, pending.message_ts),
        });
        Ok(())
    }

    /// A supporter whose Slack account is gone: paused, and their offer passes on.
    pub async fn supporter_unreachable(&self, supporter: &str, offer_id: OfferId) -> Flow {
        let mut work = self.begin().await?;
        let now_ms = work.now_ms();
        self.store.pause_supporter(work.tx(), supporter, now_ms).await?;
        self.end_offer_and_pass_on(&mut work, offer_id, OfferEnd::Withdrawn).await?;
        self.commit(work).await?;
        tracing::warn!(offer_id = offer_id.0, "supporter's Slack account is deactivated; paused");
        Ok(())
    }
}
