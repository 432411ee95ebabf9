//! The supporter's buttons on an accepted request, and closing a request.

use super::{Flow, Program, Refusal, Work, duration_bucket};
use crate::clock::from_ms;
use crate::domain::jobs::Job;
use crate::domain::notice::{Ending, Location, Notice, ThreadUpdate};
use crate::ids::{AssignmentId, RequestId};
use crate::store::assignments::{AssignmentRow, AssignmentStatus};
use crate::store::jobs::JobsOf;
use crate::store::requests::RequestStatus;

impl Program {
    async fn own_assignment(&self, work: &mut Work, assignment_id: AssignmentId, clicker: &str) -> Flow<AssignmentRow> {
        let assignment = self.store.assignment_in(work.tx(), assignment_id).await?.ok_or(Refusal::RequestGone)?;
        if assignment.supporter != clicker {
            return Err(Refusal::NotYourAssignment.into());
        }
        if assignment.status != AssignmentStatus::Active {
            return Err(Refusal::RequestGone.into());
        }
        Ok(assignment)
    }

    pub async fn contact_made(&self, assignment_id: AssignmentId, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        let assignment = self.own_assignment(&mut work, assignment_id, clicker).await?;
        let now_ms = work.now_ms();
        if !self.store.mark_contact_made(work.tx(), assignment_id, now_ms).await? {
            return Err(Refusal::AlreadyDone.into());
        }
        if let Some(request) = self.store.request_in(work.tx(), assignment.request_id).await? {
            let waited = self.calendar.elapsed(from_ms(request.created_ms), work.now);
            let bucket = format!("time_to_contact:{}", duration_bucket(waited, self.calendar.business_day_length()));
            self.count_request(&mut work, &request, &[&bucket]).await?;
        }
        let update = ThreadUpdate::ContactMade { supporter: clicker.to_string() };
        self.tell_thread(&mut work, assignment.request_id, update, false).await?;
        self.commit(work).await
    }

    pub async fn conversation_happened(&self, assignment_id: AssignmentId, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        let assignment = self.own_assignment(&mut work, assignment_id, clicker).await?;
        self.close(&mut work, assignment.request_id, Ending::ConversationHappened, None).await?;
        self.commit(work).await
    }

    /// The coordinators hear (no narrative); the supporter gets the program's guidance.
    pub async fn safety_concern(&self, assignment_id: AssignmentId, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        let assignment = self.own_assignment(&mut work, assignment_id, clicker).await?;
        let site = self.store.request_in(work.tx(), assignment.request_id).await?.map(|r| r.requester_site);
        for coordinator in &self.coordinators_for_site(&site.unwrap_or_default()) {
            work.tell(Notice::SafetyConcern {
                coordinator: coordinator.clone(),
                request_id: assignment.request_id,
                assignment_id,
                supporter: clicker.to_string(),
            });
        }
        work.tell(Notice::SafetyGuidance { supporter: clicker.to_string() });
        self.commit(work).await?;
        tracing::warn!(request_id = assignment.request_id.0, assignment_id = assignment_id.0, "safety concern raised");
        Ok(())
    }

    /// May `clicker` hand this request to a tier-3 resource? Its assigned supporter or a
    /// coordinator, while the request is open.
    pub async fn may_hand_off(&self, request_id: RequestId, clicker: &str) -> Flow {
        let request = self.store.request(request_id).await?.ok_or(Refusal::RequestGone)?;
        if request.status == RequestStatus::Closed {
            return Err(Refusal::RequestGone.into());
        }
        if self.may_coordinate(clicker, &request) {
            return Ok(());
        }
        match self.store.active_assignment_for(request_id).await? {
            Some(a) if a.supporter == clicker => Ok(()),
            _ => Err(Refusal::NotYourAssignment.into()),
        }
    }

    /// A warm handoff to tier 3: the requester hears which resource, how to reach it and
    /// why; the month counts it per resource.
    pub async fn hand_off(&self, request_id: RequestId, resource: usize, clicker: &str) -> Flow {
        let name = self.settings.program.resources.get(resource).map(|r| r.name.clone()).ok_or(Refusal::RequestGone)?;
        self.may_hand_off(request_id, clicker).await?;
        let mut work = self.begin().await?;
        let request = self.store.request_in(work.tx(), request_id).await?.ok_or(Refusal::RequestGone)?;
        let month = self.month();
        self.store.bump_count(work.tx(), &month, &format!("handoff:{name}"), 1).await?;
        work.tell(Notice::Handoff { requester: request.requester, resource });
        self.commit(work).await?;
        tracing::info!(request_id = request_id.0, "handed off to a resource");
        Ok(())
    }

    pub async fn coordinator_close(&self, request_id: RequestId, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        self.coordinating(&mut work, request_id, clicker).await?;
        self.close(&mut work, request_id, Ending::ClosedByCoordinator, Some(clicker)).await?;
        self.commit(work).await
    }

    /// Closes a request: its pending offer is withdrawn, its assignment closed, the
    /// alerts lose the free text, and a matched request's feedback question is scheduled.
    pub(super) async fn close(&self, work: &mut Work, request_id: RequestId, ending: Ending, by: Option<&str>) -> Flow {
        let request = self.store.request_in(work.tx(), request_id).await?.ok_or(Refusal::RequestGone)?;
        let now_ms = work.now_ms();
        if !self.store.close_request(work.tx(), request_id, now_ms).await? {
            return Err(Refusal::RequestGone.into());
        }
        self.withdraw_pending_offer(work, request_id).await?;
        if let Some(a) = self.store.active_assignment_in(work.tx(), request_id).await? {
            let conversation = ending == Ending::ConversationHappened;
            self.store.end_assignment(work.tx(), a.id, AssignmentStatus::Closed, conversation, now_ms).await?;
            work.tell(Notice::AssignmentEnded {
                supporter: a.supporter.clone(),
                assignment_id: a.id,
                ending,
                at: Location::of(a.channel, a.message_ts),
            });
        }
        // After a conversation the requester's check-ins still come, in words that fit.
        let which = match ending {
            Ending::ConversationHappened => JobsOf::AllBut(crate::domain::jobs::kind::CHECK_IN),
            _ => JobsOf::All,
        };
        self.store.cancel_request_jobs(work.tx(), request_id, which).await?;
        self.count_request(work, &request, &["closed"]).await?;
        self.scrub_alerts(work, &request, ending).await?;
        self.tell_thread(work, request_id, ThreadUpdate::Closed { by: by.map(str::to_string) }, false).await?;
        if request.status == RequestStatus::Matched {
            // Asked through the scheduler, so a request closed at night is asked in the morning.
            self.store.schedule(work.tx(), &Job::Feedback { request_id }.at(now_ms), now_ms).await?;
        }
        tracing::info!(request_id = request_id.0, ?ending, "request closed");
        Ok(())
    }
}
