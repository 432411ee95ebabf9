#![no_main]
//! Roster CSV files.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = peer_support::cli::roster::parse_roster(text);
});
