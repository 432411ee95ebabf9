//! What Slack confirmed, written down: where a post landed, and, when the thing it is
//! about ended while it was on its way, the edit that says so.

use super::*;
use crate::store::Tx;
use crate::store::assignments::AssignmentStatus;
use crate::store::offers::OfferStatus;

impl Deliverer {
    /// Writes where a post landed. When the thing it is about ended while it was on its
    /// way, the edit that says so is pointed at it (or queued); returns whether a row was
    /// queued.
    pub(super) async fn record(
        &self,
        tx: &mut Tx<'static>,
        row: &DeliveryRow,
        record: Record,
    ) -> Result<bool, sqlx::Error> {
        let store = self.inner.program.store();
        match record {
            Record::Nothing => Ok(false),
            Record::Digest { digest, horizon } => {
                store.save_surge_digest(tx, &digest).await?;
                let dropped = store.drop_queued_digests(tx, &row.lane, row.id, horizon).await?;
                if dropped > 0 {
                    tracing::debug!(dropped, "surge digest covered later digest edits");
                }
                Ok(false)
            }
            Record::Trail { request_id, recipient, at } => {
                store.insert_trail(tx, request_id, &recipient, &at.channel, &at.ts).await?;
                Ok(false)
            }
            Record::OutreachDm { outreach_id } => {
                if store.erase_outreach_note_if_sent(tx, outreach_id).await? {
                    tracing::info!(outreach_id, "outreach delivered; its note is erased");
                }
                Ok(false)
            }
            Record::Offer { offer_id, at } => {
                let status = store.set_offer_message(tx, offer_id, &at.channel, &at.ts).await?;
                let why = match status {
                    Some(OfferStatus::Pending | OfferStatus::Accepted) => return Ok(false),
                    Some(OfferStatus::TimedOut) => OfferGoneWhy::TimedOut,
                    Some(OfferStatus::Declined) => OfferGoneWhy::Declined,
                    _ => OfferGoneWhy::NoLongerNeeded,
                };
                tracing::info!(offer_id = offer_id.0, "offer posted after it ended; changing it");
                let edit = EditOf { kind: "offer_gone", field: "offer_id", id: offer_id.0 };
                let notice = Notice::OfferGone { supporter: row.lane.clone(), offer_id, why, at: Some(at.clone()) };
                self.point_edit_at(tx, row, edit, &at, notice).await
            }
            Record::Alert { request_id, coordinator, at, summary } => {
                if store.insert_alert(tx, request_id, &coordinator, &at.channel, &at.ts).await? {
                    return Ok(false);
                }
                tracing::info!(request_id = request_id.0, "alert posted after its request ended; scrubbing it");
                let edit = EditOf { kind: "scrub_alert", field: "summary.request_id", id: request_id.0 };
                let notice = Notice::ScrubAlert {
                    coordinator,
                    summary: *summary,
                    ending: Ending::Withdrawn,
                    at: Some(at.clone()),
                };
                self.point_edit_at(tx, row, edit, &at, notice).await
            }
            Record::Assignment { assignment_id, at } => {
                let status = store.set_assignment_message(tx, assignment_id, &at.channel, &at.ts).await?;
                let ending = match status {
                    Some(AssignmentStatus::Active) => return Ok(false),
                    None => Ending::Withdrawn,
                    Some(_) => Ending::ClosedByCoordinator,
                };
                let edit = EditOf { kind: "assignment_ended", field: "assignment_id", id: assignment_id.0 };
                let notice = Notice::AssignmentEnded {
                    supporter: row.lane.clone(),
                    assignment_id,
                    ending,
                    at: Some(at.clone()),
                };
                self.point_edit_at(tx, row, edit, &at, notice).await
            }
        }
    }

    /// A post landed after what it is about ended: the edit already queued for it is
    /// pointed at where it landed, or, when none was queued, `otherwise` is. Returns
    /// whether a row was queued.
    async fn point_edit_at(
        &self,
        tx: &mut Tx<'static>,
        row: &DeliveryRow,
        edit: EditOf<'_>,
        at: &Location,
        otherwise: Notice,
    ) -> Result<bool, sqlx::Error> {
        let store = self.inner.program.store();
        if store.hand_location_to_edits(tx, &row.lane, edit, &at.channel, &at.ts).await? > 0 {
            return Ok(false);
        }
        self.queue(tx, &otherwise).await.map(|_| true)
    }

    async fn queue(&self, tx: &mut Tx<'static>, notice: &Notice) -> Result<(), sqlx::Error> {
        let row = NewDelivery {
            lane: notice.recipient().to_string(),
            notice: serde_json::to_string(notice).map_err(|e| sqlx::Error::Encode(Box::new(e)))?,
            request_id: notice.request_id(),
            outreach_id: notice.outreach_id(),
        };
        let now_ms = self.inner.program.clock().now_ms();
        self.inner.program.store().queue_deliveries(tx, &[row], now_ms).await
    }
}
