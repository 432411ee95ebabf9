//! What coordinators do by hand (reassign, offer to someone they chose, remove a
//! supporter), and pausing or resuming a supporter's offers.

use crate::ids::RequestId;
use chrono::{DateTime, Utc};

use super::{Flow, Program, Refusal};
use crate::domain::choices::Role;
use crate::domain::notice::{Ending, Location, Notice, ThreadUpdate};
use crate::store::assignments::AssignmentStatus;
use crate::store::offers::{ExclusionWhy, OfferEnd};
use crate::store::requests::{RequestRow, RequestStatus};
use crate::store::roster::RosterEntry;

impl Program {
    /// The coordinator takes the request back from its supporter (or pending offer) and
    /// passes it to the next candidate.
    pub async fn coordinator_reassign(&self, request_id: RequestId, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        self.coordinating(&mut work, request_id, clicker).await?;
        if !self.store.reopen_request(work.tx(), request_id).await? {
            return Err(Refusal::RequestGone.into());
        }
        self.withdraw_pending_offer(&mut work, request_id).await?;
        let mut previous = String::new();
        if let Some(a) = self.store.active_assignment_in(work.tx(), request_id).await? {
            let now_ms = work.now_ms();
            self.store.end_assignment(work.tx(), a.id, AssignmentStatus::Reassigned, false, now_ms).await?;
            previous = a.supporter.clone();
            work.tell(Notice::AssignmentEnded {
                supporter: a.supporter.clone(),
                assignment_id: a.id,
                ending: Ending::ClosedByCoordinator,
                at: Location::of(a.channel, a.message_ts),
            });
        }
        let update = ThreadUpdate::Reassigned { by: clicker.to_string(), supporter: previous };
        self.tell_thread(&mut work, request_id, update, false).await?;
        self.pass_on(&mut work, request_id).await?;
        self.commit(work).await?;
        tracing::info!(request_id = request_id.0, "reassigned");
        Ok(())
    }

    /// The request a coordinator acts on, once they may: a program-wide coordinator on any
    /// request, a site's coordinator on their site's. Anyone else is refused before the
    /// request is even looked up.
    pub(super) async fn coordinating(
        &self,
        work: &mut super::Work,
        request_id: RequestId,
        clicker: &str,
    ) -> Flow<RequestRow> {
        if !self.is_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        let request = self.store.request_in(work.tx(), request_id).await?.ok_or(Refusal::RequestGone)?;
        if !self.may_coordinate(clicker, &request) {
            return Err(Refusal::OtherSite.into());
        }
        Ok(request)
    }

    /// A coordinator offers the request to a supporter they chose (`Offer to NAME`, `Assign to`).
    /// A supporter who was part of the same event is offered only once the coordinator,
    /// warned, confirms (`anyway`).
    pub async fn coordinator_offer(&self, request_id: RequestId, supporter: &str, clicker: &str, anyway: bool) -> Flow {
        let mut work = self.begin().await?;
        let request = self.coordinating(&mut work, request_id, clicker).await?;
        if request.status != RequestStatus::Open {
            return Err(Refusal::RequestGone.into());
        }
        if request.requester == supporter {
            return Err(Refusal::OwnRequest.into());
        }
        let Some(on_roster) = self.store.supporter_in(work.tx(), supporter).await? else {
            return Err(Refusal::NotOnRoster.into());
        };
        if on_roster.training_lapsed(self.today(work.now)) {
            return Err(Refusal::TrainingLapsed.into());
        }
        // The requester asked not to talk with them; the coordinator is not told why.
        match self.store.exclusion_of_in(work.tx(), request_id, supporter).await? {
            Some(ExclusionWhy::RatherNot) => return Err(Refusal::CannotOffer.into()),
            Some(ExclusionWhy::SameEvent) if !anyway => return Err(Refusal::SameEvent.into()),
            Some(ExclusionWhy::SameEvent) => {
                self.store.lift_same_event_exclusion(work.tx(), request_id, supporter).await?;
            }
            None => {}
        }
        self.withdraw_pending_offer(&mut work, request_id).await?;
        self.create_offer(&mut work, &request, supporter, Some(clicker)).await?.ok_or(Refusal::NoLongerAvailable)?;
        let update = ThreadUpdate::Offered {
            supporter: supporter.to_string(),
            reason: Default::default(),
            by: Some(clicker.to_string()),
        };
        self.tell_thread(&mut work, request_id, update, false).await?;
        self.commit(work).await
    }

    /// A colleague nominates someone as a peer supporter: every coordinator hears, and the
    /// month counts it. Nothing else is kept.
    pub async fn nominate(&self, nominator: &str, nominee: &str, role: Option<Role>) -> Flow {
        if self.store.supporter(nominee).await?.is_some() {
            return Err(Refusal::AlreadyOnRoster.into());
        }
        let mut work = self.begin().await?;
        let month = self.month();
        self.store.bump_count(work.tx(), &month, "nominations", 1).await?;
        for coordinator in self.coordinators() {
            work.tell(Notice::Nomination {
                coordinator: coordinator.clone(),
                nominee: nominee.to_string(),
                nominator: nominator.to_string(),
                role,
            });
        }
        self.commit(work).await?;
        tracing::info!("supporter nominated");
        Ok(())
    }

    /// A coordinator removes a supporter who has left: their pending offers pass on.
    pub async fn remove_supporter(&self, supporter: &str, clicker: &str) -> Flow {
        if !self.is_program_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        let mut work = self.begin().await?;
        let offers = self.store.pending_offers_of_in(work.tx(), supporter).await?;
        if !self.store.remove_supporter(work.tx(), supporter).await? {
            return Err(Refusal::NotOnRoster.into());
        }
        for offer in offers {
            self.end_offer_and_pass_on(&mut work, offer.id, OfferEnd::Withdrawn).await?;
        }
        self.commit(work).await?;
        tracing::info!("supporter removed from the roster");
        Ok(())
    }

    /// Adds or updates roster entries; someone new is first checked on one
    /// `follow_up.supporter_check_in` from now.
    pub async fn add_supporters(&self, entries: &[RosterEntry]) -> Result<(), crate::store::Error> {
        let now = self.clock.now();
        let every = chrono::Duration::from_std(self.settings.follow_up.supporter_check_in).unwrap_or_default();
        self.store.upsert_supporters(entries, now.timestamp_millis(), (now + every).timestamp_millis()).await?;
        Ok(())
    }

    /// A coordinator adds a supporter or changes their entry.
    pub async fn save_supporter(&self, entry: RosterEntry, clicker: &str) -> Flow {
        if !self.is_program_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        self.add_supporters(&[entry]).await?;
        tracing::info!("roster entry saved");
        Ok(())
    }

    /// A supporter's own entry in "Meet the supporters": whether they are listed, and
    /// their areas of interest (only names the program lists are kept).
    pub async fn set_directory_entry(
        &self,
        supporter: &str,
        interests: Option<Vec<String>>,
        listed: Option<bool>,
    ) -> Flow {
        let known = &self.settings.program.interests;
        let interests: Option<Vec<String>> = interests
            .map(|chosen| known.iter().filter(|k| chosen.iter().any(|c| c.eq_ignore_ascii_case(k))).cloned().collect());
        let mut work = self.begin().await?;
        let now_ms = work.now_ms();
        if !self.store.set_directory_entry(work.tx(), supporter, interests.as_deref(), listed, now_ms).await? {
            return Err(Refusal::NotOnRoster.into());
        }
        self.commit(work).await?;
        tracing::info!("directory entry changed");
        Ok(())
    }

    /// Pauses or resumes offers to a supporter: themselves, or a coordinator for them.
    pub async fn set_availability(
        &self,
        supporter: &str,
        clicker: &str,
        paused: bool,
        until: Option<DateTime<Utc>>,
    ) -> Flow {
        if supporter != clicker && !self.is_program_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        let mut work = self.begin().await?;
        let now_ms = work.now_ms();
        let until_ms = until.map(|u| u.timestamp_millis());
        if !self.store.set_availability(work.tx(), supporter, paused, until_ms, now_ms).await? {
            return Err(Refusal::NotOnRoster.into());
        }
        self.commit(work).await
    }
}
