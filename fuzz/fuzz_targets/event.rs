#![no_main]
//! Events API bodies.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = peer_support::slack::inbound::parse_event(body);
});
