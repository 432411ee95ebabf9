//! Home tabs waiting to be republished. A change marks the people it touched; a burst of
//! changes publishes each tab once. Only people who opened their Home since start are
//! marked (opening it always publishes it fresh).

use std::collections::{BTreeSet, HashSet};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

#[derive(Clone, Default)]
pub struct HomeQueue {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    dirty: Mutex<BTreeSet<String>>,
    viewers: Mutex<HashSet<String>>,
    wake: Notify,
}

impl HomeQueue {
    /// `user` opened their Home tab: later changes republish it.
    pub fn viewing(&self, user: &str) {
        self.inner.viewers.lock().expect("viewers lock").insert(user.to_string());
    }

    /// Marks these people's Home tabs for republishing.
    pub fn mark(&self, people: impl IntoIterator<Item = String>) {
        let touched = {
            let viewers = self.inner.viewers.lock().expect("viewers lock");
            let mut dirty = self.inner.dirty.lock().expect("homes lock");
            let before = dirty.len();
            dirty.extend(people.into_iter().filter(|p| viewers.contains(p)));
            dirty.len() > before
        };
        if touched {
            self.inner.wake.notify_one();
        }
    }

    /// Waits until something is marked.
    pub async fn changed(&self) {
        self.inner.wake.notified().await
    }

    /// The tabs to republish now.
    pub fn take(&self) -> BTreeSet<String> {
        std::mem::take(&mut *self.inner.dirty.lock().expect("homes lock"))
    }
}
