//! The ids a view gives Slack and Slack gives back: what each button does (action ids),
//! which modal was sent (callback ids), and each form's fields (block ids). Button values
//! carry row ids only.

/// Action IDs: what each button or picker does. Values carry row ids only.
pub mod action {
    pub const OFFER_ACCEPT: &str = "offer_accept";
    pub const OFFER_DECLINE: &str = "offer_decline";
    pub const CONTACT_MADE: &str = "assignment_contact_made";
    pub const CONVERSATION_HAPPENED: &str = "assignment_conversation_happened";
    pub const SAFETY_CONCERN: &str = "assignment_safety_concern";
    pub const REASSIGN: &str = "request_reassign";
    pub const CLOSE: &str = "request_close";
    pub const OFFER_TO: &str = "request_offer_to";
    pub const ASSIGN_TO: &str = "request_assign_to";
    pub const WITHDRAW: &str = "request_withdraw";
    pub const CONSENT_YES: &str = "consent_yes";
    pub const CONSENT_NO: &str = "consent_no";
    pub const CHECKIN_OKAY: &str = "checkin_okay";
    pub const CHECKIN_TALK_AGAIN: &str = "checkin_talk_again";
    pub const CHECKIN_RESOURCES: &str = "checkin_resources";
    pub const CHECKIN_STOP: &str = "checkin_stop";
    pub const FEEDBACK: &str = "feedback";
    pub const OUTREACH_YES: &str = "outreach_yes";
    pub const OUTREACH_NOT_NOW: &str = "outreach_not_now";
    pub const OUTREACH_ASK_AGAIN: &str = "outreach_ask_again";
    pub const CONNECT_RESOURCE: &str = "request_connect_resource";
    pub const NOMINATION_ADD: &str = "nomination_add";
    pub const CARE_FINE: &str = "supporter_care_fine";
    pub const CARE_TALK: &str = "supporter_care_talk";
    pub const CARE_PAUSE: &str = "supporter_care_pause";
}

/// Modal callback IDs.
pub mod callback {
    pub const REQUEST: &str = "request";
    pub const OUTREACH: &str = "outreach";
    pub const ROSTER_ENTRY: &str = "roster_entry";
    pub const ADMIN: &str = "admin";
    pub const HANDOFF: &str = "handoff";
    pub const NOMINATE: &str = "nominate";
    pub const DEBRIEF: &str = "team_debrief";
    pub const SUPPORTER_PAUSE: &str = "supporter_care_pause";
}

/// Block IDs of the supporter's pause modal.
pub mod care_field {
    pub const UNTIL: &str = "pause_until";
}

/// Block IDs of the team debrief modal.
pub mod debrief_field {
    pub const UNIT: &str = "unit";
    pub const EVENT: &str = "event_kind";
    pub const SIZE: &str = "team_size";
    pub const WHEN: &str = "meet_when";
    pub const NOTE: &str = "note";
}

/// Block IDs of the roster modal.
pub mod roster_field {
    pub const USER: &str = "supporter";
    pub const ROLE: &str = "role";
    pub const DEPARTMENT: &str = "department";
    pub const SPECIALTY: &str = "specialty";
    pub const SITE: &str = "site";
    pub const GENDER: &str = "gender";
    pub const SENIORITY: &str = "seniority";
    pub const MAX_ACTIVE: &str = "max_active";
    pub const FACILITATOR: &str = "facilitator";
    pub const TRAINED_UNTIL: &str = "trained_until";
}

/// Block IDs of the nomination modal.
pub mod nomination_field {
    pub const NOMINEE: &str = "nominee";
    pub const ROLE: &str = "nominee_role";
}

/// Block IDs of the handoff modal.
pub mod handoff_field {
    pub const RESOURCE: &str = "resource";
}

/// Block IDs of the outreach modal.
pub mod outreach_field {
    pub const COLLEAGUES: &str = "colleagues";
    pub const EVENT: &str = "event_kind";
    pub const NOTE: &str = "leader_note";
}

/// Block IDs of the request modal (also the element action IDs).
pub mod field {
    pub const FOR_WHOM: &str = "for_whom";
    pub const COLLEAGUE: &str = "colleague";
    pub const CHECKED: &str = "checked_with_them";
    pub const TOPICS: &str = "topics";
    pub const ROLE: &str = "role";
    pub const DEPARTMENT: &str = "department";
    pub const SITE: &str = "site";
    pub const PREFS: &str = "preferences";
    pub const PREF_ROLE: &str = "preferred_role";
    pub const PREF_GENDER: &str = "preferred_gender";
    pub const PREF_SENIORITY: &str = "preferred_seniority";
    pub const CONTACT: &str = "contact";
    pub const TIMES: &str = "good_times";
    pub const NOTE: &str = "note";
    pub const RATHER_NOT: &str = "rather_not";
    pub const ASK_SUPPORTER: &str = "ask_supporter";
    pub const ASK_INTEREST: &str = "ask_interest";
    pub const ASK_MUST: &str = "ask_must";
}

/// Option values that mean "no answer".
pub const PREFER_NOT_TO_SAY: &str = "prefer_not_to_say";
pub const NO_PREFERENCE: &str = "no_preference";
