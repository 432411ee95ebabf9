//! What each person's Home tab shows, as data: one query a section, whatever the page
//! holds. The Slack edge renders it.

use super::{CoordinatorScope, Program, RequesterStatus};
use crate::domain::report::Report;
use crate::store::Error;
use crate::store::requests::{QueueRow, SupporterItem};
use crate::store::roster::Supporter;

/// Requests a Home tab lists on one page of the queue.
pub const QUEUE_PAGE: usize = 8;
/// Supporters on one page of the roster.
pub const ROSTER_PAGE: usize = 10;
/// Listed supporters a Home tab reads ("Meet the supporters").
pub const DIRECTORY_PAGE: usize = 20;
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
    /// "Meet the supporters": who chose to be listed (the first page), and how many are.
    pub directory: Vec<Supporter>,
    pub directory_total: usize,
}

#[derive(Clone, Debug)]
pub struct SupporterHome {
    pub me: Supporter,
    pub offers: Vec<SupporterItem>,
    pub assignments: Vec<SupporterItem>,
}

#[derive(Clone, Debug)]
pub struct CoordinatorHome {
    /// The program's counts, or their sites' for a site's coordinator.
    pub report: Report,
    /// A program-wide coordinator's breakdown by site (empty for a site's coordinator).
    pub by_site: Vec<(String, Report)>,
    /// Whose queue this is: the program's, or the named sites'.
    pub sites: Option<Vec<String>>,
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
        let coordinator = match self.coordinator_scope(user) {
            Some(scope) => Some(self.coordinator_home(&scope, queue_page, roster_page).await?),
            None => None,
        };
        Ok(Home {
            request,
            supporter,
            coordinator,
            leader: self.is_leader(user),
            directory: self.store.listed_supporters(DIRECTORY_PAGE as i64).await?,
            directory_total: self.store.count_listed().await? as usize,
        })
    }

    /// The coordinators' tools: this month's counts, a page of the queue and (for the
    /// program's coordinators) of the roster. A site's coordinator sees their sites only.
    pub async fn coordinator_home(
        &self,
        scope: &CoordinatorScope,
        queue_page: usize,
        roster_page: usize,
    ) -> Result<CoordinatorHome, Error> {
        let month = self.month();
        let stats = self.stats(scope, &month).await?;
        let sites = match scope {
            CoordinatorScope::All => None,
            CoordinatorScope::Sites(sites) => Some(sites.clone()),
        };
        let (roster_total, roster) = match scope {
            CoordinatorScope::All => (
                self.store.count_supporters().await? as usize,
                self.store.supporters_page((roster_page * ROSTER_PAGE) as i64, ROSTER_PAGE as i64).await?,
            ),
            CoordinatorScope::Sites(_) => (0, vec![]),
        };
        let offset = (queue_page * QUEUE_PAGE) as i64;
        Ok(CoordinatorHome {
            report: stats.report,
            by_site: stats.by_site,
            queue_total: self.store.count_unclosed(sites.as_deref()).await? as usize,
            queue: self.store.queue_page(offset, QUEUE_PAGE as i64, sites.as_deref()).await?,
            sites,
            roster_total,
            roster,
        })
    }

    /// A month's counts as this coordinator may see them: the program's with a line per
    /// site, or their own sites' only.
    pub async fn stats(&self, scope: &CoordinatorScope, month: &str) -> Result<Stats, Error> {
        let counts = self.store.counts_for_month(month).await?;
        Ok(match scope {
            CoordinatorScope::All => Stats {
                report: Report::from_counts(month, &counts),
                by_site: self
                    .settings
                    .program
                    .sites
                    .iter()
                    .map(|s| (s.name.clone(), Report::for_sites(month, &counts, std::slice::from_ref(&s.name))))
                    .collect(),
            },
            CoordinatorScope::Sites(sites) => {
                Stats { report: Report::for_sites(month, &counts, sites), by_site: vec![] }
            }
        })
    }
}

/// A month's counts for one coordinator: the report, and the program's breakdown by site.
#[derive(Clone, Debug)]
pub struct Stats {
    pub report: Report,
    pub by_site: Vec<(String, Report)>,
}
