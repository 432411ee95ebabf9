//! Team debriefs: after a hard event on a unit, someone asks for a group debrief led by a
//! trained facilitator. It runs as a request of its own kind: offered to facilitators
//! with Accept and Decline, on the same cascade, timeout, alert and SLA clock, and counted
//! apart. No attendee list is kept; the one free-text box goes to the coordinators only.

use super::{Flow, Program, Refusal};
use crate::domain::choices::{EventKind, MeetWhen, TeamSize};
use crate::domain::notice::{Notice, Private, PrivateDetails};
use crate::store::requests::{NewRequest, RequestKind};

/// The debrief form, as the domain sees it. `unit` is one of the offered departments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DebriefForm {
    pub unit: String,
    pub event: Option<EventKind>,
    pub size: Option<TeamSize>,
    pub when: Option<MeetWhen>,
    pub note: Option<Private>,
}

impl Program {
    /// A team debrief, asked for: stored with the unit and the enumerated choices only,
    /// offered to the best facilitator, and the coordinators alerted.
    pub async fn request_debrief(&self, user: &str, form: DebriefForm) -> Flow {
        if !self.is_eligible(user) {
            return Err(Refusal::NotEligible.into());
        }
        let mut work = self.begin().await?;
        let new = NewRequest {
            requester: user.to_string(),
            origin: super::Origin::Myself,
            requester_department: form.unit.clone(),
            contact_pref: crate::domain::choices::ContactPref::SlackMessage.code().to_string(),
            kind: RequestKind::TeamDebrief,
            team_size: form.size.map(|s| s.code().to_string()).unwrap_or_default(),
            meet_when: form.when.map(|w| w.code().to_string()).unwrap_or_default(),
            ..NewRequest::default()
        };
        let now_ms = work.now_ms();
        let id = self.store.insert_request(work.tx(), &new, now_ms).await?;
        let request = self.store.request_in(work.tx(), id).await?.ok_or(Refusal::RequestGone)?;
        self.count_request(&mut work, &request, &["requests"]).await?;
        let details = PrivateDetails { event: form.event, note: form.note, ..Default::default() };
        let (match_by, key) = self.open_request(&mut work, &request, &[], details).await?;
        work.tell(Notice::DebriefReceived { requester: user.to_string(), request_id: id, match_by });
        self.commit_new(work, key, id, "team debrief requested").await
    }
}
