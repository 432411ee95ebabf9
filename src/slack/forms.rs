//! The values of the bot's modals, read into the domain's types. Pure: option values
//! come back from the client, so unknown codes are dropped here and never stored.

use chrono::NaiveDate;

use super::inbound::ViewRef;
use super::views::{NO_PREFERENCE, PREFER_NOT_TO_SAY, field, roster_field};
use crate::domain::choices::{ContactPref, Gender, GoodTime, Role, Seniority, Topic};
use crate::domain::notice::Private;
use crate::domain::program::RequestSource;
use crate::domain::request_form::{ForWhom, FormField, RequestForm};
use crate::settings::is_slack_user_id;
use crate::store::roster::{RosterColumns, RosterEntry};

fn chosen<T>(value: Option<String>, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    value.filter(|v| v != PREFER_NOT_TO_SAY && v != NO_PREFERENCE).and_then(|v| parse(&v))
}

/// The request modal's values as the domain's form.
pub fn request_form(view: &ViewRef) -> RequestForm {
    let state = &view.state;
    let checked = state.options(field::CHECKED);
    let prefs = state.options(field::PREFS);
    let free_value = |v: Option<String>| v.filter(|v| v != PREFER_NOT_TO_SAY);
    RequestForm {
        for_whom: if state.option(field::FOR_WHOM).as_deref() == Some("colleague") {
            ForWhom::Colleague
        } else {
            ForWhom::Myself
        },
        colleague: state.user(field::COLLEAGUE).filter(|c| is_slack_user_id(c)),
        checked_with_them: checked.iter().any(|c| c == "checked"),
        name_me_to_them: checked.iter().any(|c| c == "name_me"),
        topics: state.options(field::TOPICS).iter().filter_map(|t| Topic::from_code(t)).collect(),
        role: chosen(state.option(field::ROLE), Role::from_code),
        department: free_value(state.option(field::DEPARTMENT)),
        site: free_value(state.option(field::SITE)),
        same_role: prefs.iter().any(|p| p == "same_role"),
        outside_department: prefs.iter().any(|p| p == "outside_department"),
        outside_site: prefs.iter().any(|p| p == "outside_site"),
        specific_role: chosen(state.option(field::PREF_ROLE), Role::from_code),
        gender: chosen(state.option(field::PREF_GENDER), Gender::from_code),
        seniority: chosen(state.option(field::PREF_SENIORITY), Seniority::from_code),
        contact: chosen(state.option(field::CONTACT), ContactPref::from_code),
        good_times: state.options(field::TIMES).iter().filter_map(|t| GoodTime::from_code(t)).collect(),
        note: state.text(field::NOTE).map(Private::new),
        preferred_supporter: None,
        rather_not: state.users(field::RATHER_NOT).into_iter().filter(|u| is_slack_user_id(u)).take(10).collect(),
        // Checked against the roster and the program's list before anything is stored.
        asked_for: chosen(state.option(field::ASK_SUPPORTER), |u| is_slack_user_id(u).then(|| u.to_string())),
        interest: chosen(state.option(field::ASK_INTEREST), |i| Some(i.to_string())),
        must: state.option(field::ASK_MUST).as_deref() == Some("must"),
    }
}

/// The request form's metadata for a yes pressed on a DM: its token, and where the DM
/// lives, so that once the form is sent the DM can show the answer instead of buttons.
pub fn answer_metadata(prefix: &str, token: &str, channel: Option<&str>, ts: Option<&str>) -> String {
    match (channel, ts) {
        (Some(channel), Some(ts)) => format!("{prefix}:{token}@{channel}:{ts}"),
        _ => format!("{prefix}:{token}"),
    }
}

/// Where the DM whose yes opened the form lives, if its metadata says.
pub fn answered_message(metadata: &str) -> Option<(String, String)> {
    let (_, at) = metadata.split_once('@')?;
    let (channel, ts) = at.split_once(':')?;
    let plausible = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    (plausible(channel) && plausible(ts)).then(|| (channel.to_string(), ts.to_string()))
}

/// What opened the request form, from its metadata: a consent or outreach yes (with
/// its one-time token), "talk again" (with the supporter to prefer), or the person.
pub fn request_source(metadata: &str) -> (RequestSource, Option<String>) {
    let metadata = metadata.split_once('@').map_or(metadata, |(before, _)| before);
    if let Some(token) = metadata.strip_prefix("referral:") {
        (RequestSource::Referral { token: token.to_string() }, None)
    } else if let Some(token) = metadata.strip_prefix("outreach:") {
        (RequestSource::Outreach { token: token.to_string() }, None)
    } else if let Some(again) = metadata.strip_prefix("again:").filter(|s| is_slack_user_id(s)) {
        (RequestSource::Myself, Some(again.to_string()))
    } else {
        (RequestSource::Myself, None)
    }
}

/// The request modal's block that shows a problem with `field`.
pub fn block_of(field: FormField) -> &'static str {
    match field {
        FormField::Colleague => field::COLLEAGUE,
        FormField::CheckedWithThem => field::CHECKED,
        FormField::Contact => field::CONTACT,
    }
}

/// The roster modal's values; a problem names its block and what to do.
pub fn roster_entry(view: &ViewRef) -> Result<RosterEntry, (&'static str, &'static str)> {
    let state = &view.state;
    let supporter = state
        .user(roster_field::USER)
        .filter(|u| is_slack_user_id(u))
        .ok_or((roster_field::USER, "form-choose-supporter"))?;
    let max_active = state
        .text(roster_field::MAX_ACTIVE)
        .and_then(|m| m.parse::<i64>().ok())
        .filter(|m| (1..=50).contains(m))
        .ok_or((roster_field::MAX_ACTIVE, "form-whole-number"))?;
    let text = |block: &str| state.text(block).unwrap_or_default();
    Ok(RosterEntry {
        slack_user_id: supporter,
        role: state.option(roster_field::ROLE).and_then(|r| Role::from_code(&r)),
        department: text(roster_field::DEPARTMENT),
        specialty: text(roster_field::SPECIALTY),
        site: text(roster_field::SITE),
        gender: state.option(roster_field::GENDER).and_then(|g| Gender::from_code(&g)),
        seniority: state.option(roster_field::SENIORITY).and_then(|x| Seniority::from_code(&x)),
        max_active,
        facilitator: !state.options(roster_field::FACILITATOR).is_empty(),
        trained_until: state
            .date(roster_field::TRAINED_UNTIL)
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        interests: vec![],
        listed: false,
        columns: RosterColumns::FORM,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_metadata_says_what_opened_it() {
        assert_eq!(request_source("self"), (RequestSource::Myself, None));
        assert_eq!(request_source("referral:abc"), (RequestSource::Referral { token: "abc".into() }, None));
        assert_eq!(request_source("outreach:abc"), (RequestSource::Outreach { token: "abc".into() }, None));
        let with_place = answer_metadata("outreach", "abc", Some("D1"), Some("17.5"));
        assert_eq!(request_source(&with_place), (RequestSource::Outreach { token: "abc".into() }, None));
        assert_eq!(answered_message(&with_place), Some(("D1".into(), "17.5".into())));
        assert_eq!(answered_message("outreach:abc"), None);
        assert_eq!(answered_message("outreach:abc@D1:<bad>"), None);
        assert_eq!(request_source("again:U012ABCDEF"), (RequestSource::Myself, Some("U012ABCDEF".into())));
        assert_eq!(request_source("again:not an id"), (RequestSource::Myself, None));
        assert_eq!(request_source(""), (RequestSource::Myself, None));
    }
}
