#![no_main]
//! Slash command form bodies.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = peer_support::slack::inbound::parse_command(body);
});
