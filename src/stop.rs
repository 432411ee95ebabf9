//! Stopping the background loops. Every loop waits on the same `watch` channel.

use tokio::sync::watch;

/// Resolves once `stop` says true, even when it was said before this receiver was made
/// (`changed()` alone would wait for a second change that never comes).
pub async fn until_stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await.map(|_| ());
}
