#![no_main]
//! Signature headers and bodies: never a panic; a body passes only with its own signature.
use libfuzzer_sys::fuzz_target;
use peer_support::settings::Secret;
use peer_support::slack::verify::verify;

fuzz_target!(|input: (&str, &str, &[u8], i64)| {
    let (timestamp, signature, body, now) = input;
    let _ = verify(&Secret::new("fuzz-secret"), Some(timestamp), Some(signature), body, now);
});
