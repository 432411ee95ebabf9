//! What only the coordinators may read (a request's topics and free text), held in
//! memory from the moment it is submitted until each coordinator's alert is posted.
//! It is never written down: after a restart it is gone, and the alert says so.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::notice::PrivateDetails;

/// A shared, in-memory hand-off between the request flow and the alerts' delivery.
#[derive(Clone, Default)]
pub struct Relay {
    inner: Arc<Mutex<Held>>,
}

#[derive(Default)]
struct Held {
    next: u64,
    details: HashMap<u64, (PrivateDetails, usize)>,
}

impl Relay {
    /// A relay whose keys start at a random point, so a key queued by an earlier run of
    /// the bot can never name what this run holds.
    pub fn new() -> Self {
        let relay = Self::default();
        relay.inner.lock().expect("relay lock").next = random_u64() >> 1;
        relay
    }

    /// Holds `details` for `copies` alerts; returns the key the alerts carry.
    pub fn hold(&self, details: PrivateDetails, copies: usize) -> u64 {
        let mut held = self.inner.lock().expect("relay lock");
        held.next = held.next.wrapping_add(1);
        let key = held.next;
        if copies > 0 {
            held.details.insert(key, (details, copies));
        }
        key
    }

    /// The details for an alert about to be posted (it may fail and be tried again).
    pub fn peek(&self, key: u64) -> Option<PrivateDetails> {
        self.inner.lock().expect("relay lock").details.get(&key).map(|(details, _)| details.clone())
    }

    /// One alert is done with the details (posted, or not needed); the last releases them.
    pub fn release_one(&self, key: u64) {
        let mut held = self.inner.lock().expect("relay lock");
        if let Some((_, remaining)) = held.details.get_mut(&key) {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                held.details.remove(&key);
            }
        }
    }

    /// Drops what is held under `key` (the request was not saved, or has ended).
    pub fn forget(&self, key: u64) {
        self.inner.lock().expect("relay lock").details.remove(&key);
    }

    /// How many requests' details are held now.
    pub fn held(&self) -> usize {
        self.inner.lock().expect("relay lock").details.len()
    }
}

/// 64 bits from the operating system's random source.
pub fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notice::Private;

    #[test]
    fn details_are_released_with_the_last_alert() {
        let relay = Relay::new();
        let details = PrivateDetails { note: Some(Private::new("note")), ..Default::default() };
        let key = relay.hold(details.clone(), 2);
        assert_eq!(relay.peek(key), Some(details.clone()));
        relay.release_one(key);
        assert_eq!(relay.peek(key), Some(details), "a second alert still needs them");
        relay.release_one(key);
        assert_eq!(relay.held(), 0);
        assert_eq!(relay.peek(key), None);
    }

    #[test]
    fn two_runs_do_not_share_keys() {
        let (a, b) = (Relay::new(), Relay::new());
        assert_ne!(a.hold(PrivateDetails::default(), 1), b.hold(PrivateDetails::default(), 1));
    }
}
