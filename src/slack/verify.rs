//! Slack request signatures: HMAC-SHA256 of `v0:timestamp:body` with the signing secret,
//! compared in constant time, within five minutes either side of now.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::settings::Secret;

/// Slack's replay window.
pub const MAX_SKEW_SECS: i64 = 300;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("missing X-Slack-Signature or X-Slack-Request-Timestamp")]
    Missing,
    #[error("timestamp is not a number")]
    BadTimestamp,
    #[error("timestamp outside the five-minute window")]
    Stale,
    #[error("signature does not match")]
    Mismatch,
}

/// `v0=` and the hex HMAC that Slack would send for `body` at `timestamp`.
pub fn sign(secret: &Secret, timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()).expect("HMAC takes any key length");
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks a request's signature headers against its raw body.
pub fn verify(
    secret: &Secret,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now_secs: i64,
) -> Result<(), SignatureError> {
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(SignatureError::Missing);
    };
    let ts: i64 = timestamp.trim().parse().map_err(|_| SignatureError::BadTimestamp)?;
    // abs_diff: a timestamp near i64::MIN or MAX cannot overflow the comparison.
    if now_secs.abs_diff(ts) > MAX_SKEW_SECS.unsigned_abs() {
        return Err(SignatureError::Stale);
    }
    // One HMAC, over the body as text. Slack's bodies are UTF-8, for which this is the raw
    // bytes; signers that sign text (Slack's own SDK among them) sign a non-UTF-8 body's
    // lossy decoding, and such a body is then refused as malformed (400), changing nothing.
    let text = String::from_utf8_lossy(body);
    let expected = sign(secret, timestamp.trim(), text.as_bytes());
    if expected.as_bytes().ct_eq(signature.trim().as_bytes()).into() { Ok(()) } else { Err(SignatureError::Mismatch) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret::new("8f742231b10e8888abcd99yyyzzz85a5")
    }

    #[test]
    fn slacks_documented_example_verifies() {
        // The example from Slack's "Verifying requests from Slack" guide.
        let body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        let sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        assert_eq!(verify(&secret(), Some("1531420618"), Some(sig), body, 1531420618), Ok(()));
    }

    #[test]
    fn every_kind_of_bad_signature_is_refused() {
        let body = b"command=%2Fpeer-support";
        let now = 1_700_000_000;
        let good = sign(&secret(), &now.to_string(), body);
        let ts = now.to_string();
        assert_eq!(verify(&secret(), None, Some(&good), body, now), Err(SignatureError::Missing));
        assert_eq!(verify(&secret(), Some(&ts), None, body, now), Err(SignatureError::Missing));
        assert_eq!(verify(&secret(), Some("soon"), Some(&good), body, now), Err(SignatureError::BadTimestamp));
        assert_eq!(verify(&secret(), Some(&ts), Some(&good), b"command=%2Fother", now), Err(SignatureError::Mismatch));
        assert_eq!(verify(&Secret::new("other"), Some(&ts), Some(&good), body, now), Err(SignatureError::Mismatch));
        assert_eq!(verify(&secret(), Some(&ts), Some(&good), body, now + 301), Err(SignatureError::Stale));
        assert_eq!(verify(&secret(), Some(&ts), Some(&good), body, now - 301), Err(SignatureError::Stale));
        assert_eq!(verify(&secret(), Some(&ts), Some(&good), body, now + 299), Ok(()));
        // Extreme timestamps are stale, not an overflow.
        for extreme in [i64::MIN, i64::MAX] {
            let t = extreme.to_string();
            assert_eq!(verify(&secret(), Some(&t), Some(&good), body, now), Err(SignatureError::Stale));
            assert_eq!(verify(&secret(), Some(&ts), Some(&good), body, extreme), Err(SignatureError::Stale));
        }
    }

    #[test]
    fn a_body_that_is_not_utf8_is_checked_once_as_its_lossy_text() {
        let body: &[u8] = b"%%%=&&==%zz\x00\xff";
        let ts = "1700000000";
        let as_text = sign(&secret(), ts, String::from_utf8_lossy(body).as_bytes());
        assert_eq!(verify(&secret(), Some(ts), Some(&as_text), body, 1_700_000_000), Ok(()));
        // The raw bytes are not tried a second time.
        let raw = sign(&secret(), ts, body);
        assert_eq!(verify(&secret(), Some(ts), Some(&raw), body, 1_700_000_000), Err(SignatureError::Mismatch));
        // A UTF-8 body must match its own bytes exactly.
        let utf8_sig = sign(&secret(), ts, "text=ok\u{fffd}".as_bytes());
        assert_eq!(
            verify(&secret(), Some(ts), Some(&utf8_sig), b"text=ok", 1_700_000_000),
            Err(SignatureError::Mismatch)
        );
    }
}
