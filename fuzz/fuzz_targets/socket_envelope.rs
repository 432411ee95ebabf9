#![no_main]
//! Socket Mode envelopes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = peer_support::slack::socket::read_envelope(text);
});
