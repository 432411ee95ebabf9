#![no_main]
//! Interactivity bodies: clicks and view submissions, `payload=<json>`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = peer_support::slack::inbound::parse_interaction(body);
});
