//! Typed ids. A request's id cannot be passed where an offer's is wanted, and a person's
//! Slack id never reaches a log through `{:?}`. Every layer shares them, so they live at
//! the crate root (as [`crate::choices`] do); in SQLite they are plain integers and text.

use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, sqlx::Type)]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }
    };
}

row_id!(
    /// A request for support (`requests.id`): one-on-one or a team debrief.
    RequestId
);
row_id!(
    /// One offer of a request to one supporter (`offers.id`).
    OfferId
);
row_id!(
    /// A supporter's accepted request (`assignments.id`).
    AssignmentId
);

/// A person's Slack user id ("U0123ABC"). Shown to Slack (mentions, DMs); its `Debug`
/// hides it, so a struct logged with `{:?}` names no one.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize, sqlx::Type)]
#[serde(transparent)]
#[sqlx(transparent)]
pub struct UserId(pub String);

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserId(..)")
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UserId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for UserId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for UserId {
    fn from(id: &str) -> Self {
        UserId(id.to_string())
    }
}

impl From<String> for UserId {
    fn from(id: String) -> Self {
        UserId(id)
    }
}

impl PartialEq<str> for UserId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for UserId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_show_as_their_numbers_and_a_person_is_hidden_from_debug() {
        assert_eq!("42".parse::<RequestId>(), Ok(RequestId(42)));
        assert!("x".parse::<OfferId>().is_err());
        assert_eq!(AssignmentId(7).to_string(), "7");
        let user = UserId::from("U0SECRET");
        assert_eq!(format!("{user:?}"), "UserId(..)");
        assert_eq!(user.to_string(), "U0SECRET");
        assert_eq!(serde_json::to_string(&RequestId(3)).unwrap(), "3");
    }
}
