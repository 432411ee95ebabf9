//! What each person's Home tab shows, as data: one query a section, whatever the page
//! holds. The Slack edge renders it.

use super::{Program, RequesterStatus};
use crate::domain::report::Report;
use crate::store::Error;
use crate::store::requests::{QueueRow, SupporterItem};
use crate::store::roster::Supporter;

/// Requests a Home tab lists on one page of the queue.
pub const QUEUE_PAGE: usize = 8;
/// Supporters on one page of the roster.
pub const ROSTER_PAGE: usize = 10;
/// Offers and assignments a supporter's Home lists.
pub const SUPPORTER_ITEMS: usize = 10;

/// Everything one person's Home tab shows.
#[derive(Clone, Debug)]
pub struct Home {
    /// Their own open request, if any.
    pub request: Option<RequesterStatus>,
    /// When they are on the roster.
    pub supporter: Option<SupporterHome>,
    /// When they coordinate.
    pub coordinator: Option<CoordinatorHome>,
    pub leader: bool,
}

#[derive(Clone, Debug)]
pub struct SupporterHome {
    pub me: Supporter,
    pub offers: Vec<SupporterItem>,
    pub assignments: Vec<SupporterItem>,
}

#[derive(Clone, Debug)]
pub struct CoordinatorHome {
    pub report: Report,
    pub queue_total: usize,
    pub queue: Vec<QueueRow>,
    pub roster_total: usize,
    pub roster: Vec<Supporter>,
}

impl Program {
    /// `user`'s Home tab, at these pages of the queue and roster.
    pub async fn home(&self, user: &str, queue_page: usize, roster_page: usize) -> Result<Home, Error> {
        let request = self.requester_status(user).await?;
        let supporter = match self.store.supporter(user).await? {
            Some(me) => Some(SupporterHome {
                offers: self.store.offers_for_home(user, SUPPORTER_ITEMS as i64).await?,
                assignments: self.store.assignments_for_home(user, SUPPORTER_ITEMS as i64).await?,
                me,
            }),
            None => None,
        };
        let coordinator = match self.is_coordinator(user) {
            true => Some(self.coordinator_home(queue_page, roster_page).await?),
            false => None,
        };
        Ok(Home { request, supporter, coordinator, leader: self.is_leader(user) })
    }

    /// The coordinators' tools: this month's counts, a page of the queue and of the roster.
    pub async fn coordinator_home(&self, queue_page: usize, roster_page: usize) -> Result<CoordinatorHome, Error> {
        let month = self.month();
        Ok(CoordinatorHome {
            report: Report::from_counts(&month, &self.store.counts_for_month(&month).await?),
            queue_total: self.store.count_unclosed().await? as usize,
            queue: self.store.queue_page((queue_page * QUEUE_PAGE) as i64, QUEUE_PAGE as i64).await?,
            roster_total: self.store.count_supporters().await? as usize,
            roster: self.store.supporters_page((roster_page * ROSTER_PAGE) as i64, ROSTER_PAGE as i64).await?,
        })
    }
}
