//! Every message and modal the bot shows, as Block Kit, by audience: [`requester`],
//! [`supporter`], [`coordinator`], [`leader`], and the request form in [`modals`]. Short,
//! warm and plain: what happens next, when, and who will know. Anything that offers help
//! shows the crisis line. This file holds the ids, the shared pieces and the replies
//! anyone can get.

mod coordinator;
mod leader;
mod modals;
pub use modals::{FormDirectory, choice_select, option_value};
mod requester;
mod supporter;

use serde_json::{Value, json};

use super::blocks::*;
use crate::domain::choices::{ContactPref, EventKind, Gender, GoodTime, MeetWhen, Role, Seniority, TeamSize, Topic};
use crate::domain::matching::Candidate;
use crate::domain::notice::{
    AlertNow, CheckInAnswer, CheckInStage, DebriefSummary, Ending, MatchState, OfferGoneWhy, PrivateDetails,
    RequestSummary, SupporterAnswer, ThreadUpdate,
};
use crate::domain::program::{CoordinatorScope, Refusal};
use crate::settings::Settings;
use crate::store::surges::SurgeSummary;

/// The longest free text the request form takes (Slack enforces it; a forged
/// submission is cut here).
pub const REQUEST_NOTE_MAX: usize = 2000;
/// The longest note a leader's outreach takes.
pub const OUTREACH_NOTE_MAX: usize = 1500;

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

/// A message: fallback text (notifications, screen readers), blocks, and attachments
/// (only a coordinator's alert has one: its state line, which an edit can change while
/// leaving the blocks above it, and the free text in them, as they are).
#[derive(Clone, Debug)]
pub struct Message {
    pub text: String,
    pub blocks: Value,
    pub attachments: Value,
}

impl Message {
    pub(super) fn new(text: impl Into<String>, blocks: Vec<Value>) -> Self {
        Self { text: text.into(), blocks: Value::Array(blocks), attachments: Value::Array(vec![]) }
    }

    fn with_attachment_blocks(mut self, blocks: Vec<Value>) -> Self {
        self.attachments = json!([{ "color": "#8a8a8a", "blocks": blocks }]);
        self
    }

    /// A private reply to a slash command or a click.
    pub fn ephemeral(&self) -> Value {
        json!({ "response_type": "ephemeral", "replace_original": false, "text": self.text, "blocks": self.blocks })
    }
}

/// Renders with the program's words (its name, crisis line, resources).
pub struct Views<'a> {
    pub settings: &'a Settings,
}

pub(super) fn mention(user: &str) -> String {
    format!("<@{user}>")
}

pub(super) fn contact_words(c: Option<ContactPref>) -> &'static str {
    c.map(|c| c.label()).unwrap_or("A Slack message")
}

pub(super) fn times_words(times: &[GoodTime]) -> String {
    if times.is_empty() {
        "any time".into()
    } else {
        times.iter().map(|t| t.label().to_lowercase()).collect::<Vec<_>>().join(", ")
    }
}

pub(super) fn role_words(role: Option<Role>) -> &'static str {
    role.map(|r| r.label()).unwrap_or("Not given")
}

impl<'a> Views<'a> {
    pub fn new(settings: &'a Settings) -> Self {
        Self { settings }
    }

    pub(super) fn crisis(&self) -> Value {
        context(&format!(":telephone_receiver: {}", escape(&self.settings.program.crisis_line)))
    }

    pub(super) fn program(&self) -> &str {
        &self.settings.program.name
    }

    // ----- the request modal ---------------------------------------------------------

    pub fn help(&self) -> Message {
        Message::new(
            format!("{}: how to use it", self.program()),
            vec![
                section(&format!(
                    "*{}* connects you with a trained colleague for a confidential conversation.\n\
                     • `/peer-support`: ask for support, for yourself or a colleague\n\
                     • `/peer-support status`: see or withdraw your request\n\
                     • `/peer-support resources`: other support you can reach today\n\
                     • `/peer-support team`: ask for a debrief for your team after a hard event\n\
                     • `/peer-support nominate`: suggest a colleague who would make a good peer supporter\n\
                     • `/peer-support pause` or `/peer-support resume`: supporters, stop or restart offers",
                    escape(self.program())
                )),
                self.crisis(),
            ],
        )
    }

    pub fn unknown_subcommand(&self) -> Message {
        Message::new(
            "I didn't recognise that. Try /peer-support help.",
            vec![section("I didn't recognise that. `/peer-support help` lists what I can do."), self.crisis()],
        )
    }

    pub fn resources(&self) -> Message {
        let mut lines = vec![format!("Other support you can reach, any time:")];
        for r in &self.settings.program.resources {
            lines.push(format!("• *{}*: {}", escape(&r.name), escape(&r.contact)));
        }
        if self.settings.program.resources.is_empty() {
            lines.push("• Your program coordinators can point you to local services.".into());
        }
        Message::new("Other support you can reach", vec![section(&lines.join("\n")), self.crisis()])
    }

    /// For someone the program does not list as eligible: kind words, resources, crisis line.
    /// The same, short enough to stand under a form's field.
    pub fn not_eligible_inline(&self) -> String {
        format!(
            "{} isn't open to your team through Slack yet. `/peer-support resources` lists support you can reach today. {}",
            self.program(),
            self.settings.program.crisis_line
        )
    }

    pub fn not_eligible(&self) -> Message {
        let mut m = self.resources();
        let blocks = m.blocks.as_array_mut().expect("blocks");
        blocks.insert(
            0,
            section(&format!(
                "Thank you for reaching out. {} isn't open to your team through Slack yet, \
                 but you don't have to wait for support: these can help today.",
                escape(self.program())
            )),
        );
        m.text = "Support you can reach today".into();
        m
    }

    pub fn modal_failed(&self) -> Message {
        Message::new(
            "Sorry, the form didn't open.",
            vec![
                section(
                    "Sorry, the form didn't open. Please try again in a moment: press the button again, or type `/peer-support`.",
                ),
                self.crisis(),
            ],
        )
    }

    pub fn something_went_wrong(&self) -> Message {
        Message::new(
            "Sorry, something went wrong on our side.",
            vec![section(
                "Sorry, something went wrong on our side, and nothing was changed. Please try again in a moment.",
            )],
        )
    }

    pub fn refusal(&self, refusal: &Refusal) -> Message {
        let coordinators = self.settings.program.coordinators.iter().map(|c| mention(c)).collect::<Vec<_>>().join(", ");
        let text = match refusal {
            Refusal::NoLongerAvailable => {
                "This request is no longer available. Thank you for being ready to help.".to_string()
            }
            Refusal::NotYourOffer => "This offer was made to another supporter, so only they can answer it.".into(),
            Refusal::NotYourAssignment => "Only the supporter on this assignment can use these buttons.".into(),
            Refusal::CoordinatorsOnly => {
                format!(
                    "Only the program's coordinators can do this. If something needs changing, ask one of them: {coordinators}."
                )
            }
            Refusal::LeadersOnly => {
                "Only the program's leaders can start outreach. A coordinator can help if something happened.".into()
            }
            Refusal::NotYourRequest => "Only the person who asked can withdraw this request.".into(),
            Refusal::AlreadyDone => "That's already recorded. Thank you.".into(),
            Refusal::AlreadyOpen => {
                "You already have a request open. `/peer-support status` shows where it stands.".into()
            }
            Refusal::NotOnRoster => {
                "That person isn't on the supporter roster. Choose someone on the roster, or add them first.".into()
            }
            Refusal::RequestGone => "This request has already been closed or withdrawn.".into(),
            Refusal::NotEligible => return self.not_eligible(),
            Refusal::AlreadyOnRoster => "They're already a peer supporter. Thank you for thinking of them.".into(),
            Refusal::DateInThePast => "Please choose a day from today on.".into(),
            Refusal::SameEvent => "They were part of the same event this request came from.".into(),
            Refusal::OtherSite => "This request belongs to another site, so its coordinators look after it.".into(),
            Refusal::TrainingLapsed => "Their peer supporter training date has passed, so requests can't go to them \
                until the roster shows a later date. Please choose someone else."
                .into(),
            Refusal::CannotOffer => "This request can't go to that supporter. Please choose someone else.".into(),
            Refusal::OwnRequest => {
                "That is the person who asked for support, so this can't go to them. Please choose another supporter."
                    .into()
            }
        };
        Message::new(text.clone(), vec![section(&text)])
    }

    /// A refusal met by someone asking for help: never a dead end. It says what to do
    /// next and shows the crisis line.
    pub fn requester_refusal(&self, refusal: &Refusal) -> Message {
        let what = match refusal {
            Refusal::NotEligible => return self.not_eligible(),
            Refusal::AlreadyOpen => {
                return self.with_next_step("You already have a request open, so a second one wasn't started.");
            }
            Refusal::RequestGone => "This request has already been closed or withdrawn, so nothing changed.",
            Refusal::AlreadyDone => "That's already been answered, so nothing more was counted.",
            Refusal::NotYourRequest => "This was meant for someone else, so only they can answer it.",
            other => return self.refusal(other),
        };
        self.with_next_step(what)
    }

    /// `what` happened; here is the way on, and the crisis line.
    fn with_next_step(&self, what: &str) -> Message {
        Message::new(
            what,
            vec![
                section(&format!(
                    "{what}\n\nIf you'd like to talk to someone, type `/peer-support` to ask for a peer supporter. \
                     `/peer-support status` shows where your request stands."
                )),
                self.crisis(),
            ],
        )
    }

    /// Something failed on our side while a person was asking for help.
    pub fn requester_went_wrong(&self) -> Message {
        let text = "Sorry, something went wrong on our side, and nothing was changed. Please try again in a moment.";
        Message::new(text, vec![section(text), self.crisis()])
    }

    /// What a message about a purged request becomes: it names nobody.
    pub fn redacted(&self) -> Message {
        let text = "This was about a peer support request that has closed. Nothing about it is kept.";
        Message::new(text, vec![context(text)])
    }

    pub fn acknowledged(&self, text: &str) -> Message {
        Message::new(text, vec![section(text)])
    }

    // ----- the requester's notices ---------------------------------------------------
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn settings() -> Settings {
        Settings::load_with_env(None, Some(Default::default())).unwrap()
    }

    fn buttons(m: &Message) -> Vec<String> {
        m.blocks
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["type"] == "actions")
            .flat_map(|b| b["elements"].as_array().unwrap().iter())
            .filter(|e| e["type"] == "button")
            .map(|e| e["text"]["text"].as_str().unwrap().to_string())
            .collect()
    }

    fn summary() -> RequestSummary {
        RequestSummary {
            request_id: 7,
            requester: "UREQ".into(),
            role: Some(Role::Nurse),
            department: "ICU".into(),
            site: "Main".into(),
            contact_pref: Some(ContactPref::Phone),
            good_times: vec![GoodTime::Mornings],
            preferences: vec![],
            debrief: None,
        }
    }

    /// Slack's limits on a message: 50 blocks, 3,000 characters a section, 75 a button.
    fn within_slacks_limits(m: &Message) {
        let blocks = m.blocks.as_array().unwrap();
        assert!(blocks.len() <= 50, "{} blocks", blocks.len());
        for b in blocks {
            if let Some(t) = b["text"]["text"].as_str() {
                assert!(t.chars().count() <= 3000, "a section of {} characters", t.chars().count());
            }
            for e in b["elements"].as_array().into_iter().flatten() {
                if let Some(t) = e["text"]["text"].as_str() {
                    assert!(t.chars().count() <= 75, "a button text of {} characters", t.chars().count());
                }
            }
        }
    }

    #[test]
    fn the_longest_notes_fit_in_the_alert_and_the_outreach_dm() {
        let s = settings();
        let v = Views::new(&s);
        for note in [
            "&".repeat(REQUEST_NOTE_MAX),
            "<\n".repeat(REQUEST_NOTE_MAX / 2),
            "\u{1F49C}&".repeat(REQUEST_NOTE_MAX / 2),
            "x".repeat(60_000),
        ] {
            let details = PrivateDetails {
                topics: Topic::ALL.to_vec(),
                note: Some(crate::domain::notice::Private::new(note.clone())),
                event: Some(EventKind::MassCasualty),
                resent: false,
            };
            let alert = v.coordinator_alert(&summary(), &details, &MatchState::NoSupporter, &[]);
            within_slacks_limits(&alert);
            let dm = v.outreach_dm(1, Some(EventKind::PatientDeath), Some(&note), "t0ken");
            within_slacks_limits(&dm);
            if note.len() > 10_000 {
                assert!(alert.blocks.to_string().contains("shortened"), "the coordinator is told it was cut");
            }
        }
    }

    #[test]
    fn the_offer_hides_who_asked_until_accept() {
        let s = settings();
        let v = Views::new(&s);
        let offer = v.offer(3, &summary(), false, "4 hours");
        assert_eq!(buttons(&offer), ["Accept", "Decline"]);
        assert!(!offer.blocks.to_string().contains("UREQ"));
        assert!(v.offer(3, &summary(), true, "4 hours").blocks.to_string().contains("UREQ"));
        let assignment = v.assignment(4, &summary(), "Tuesday");
        assert_eq!(buttons(&assignment), ["Contact made", "Conversation happened", "I have a safety concern"]);
        assert!(assignment.blocks.to_string().contains("<@UREQ>"));
    }

    #[test]
    fn a_debrief_offer_names_the_team_never_who_asked() {
        let s = settings();
        let v = Views::new(&s);
        let debrief = RequestSummary {
            debrief: Some(DebriefSummary { size: Some(TeamSize::Large), when: Some(MeetWhen::Soon) }),
            ..summary()
        };
        for reveal in [false, true] {
            let offer = v.offer(3, &debrief, reveal, "4 hours");
            within_slacks_limits(&offer);
            assert_eq!(buttons(&offer), ["Accept", "Decline"]);
            let text = offer.blocks.to_string();
            assert!(text.contains("ICU") && text.contains("11 to 20 people") && !text.contains("UREQ"));
        }
        let assignment = v.assignment(4, &debrief, "Tuesday");
        assert!(assignment.blocks.to_string().contains("<@UREQ>"));
        assert_eq!(buttons(&assignment), ["Contact made", "Conversation happened", "I have a safety concern"]);
        let check_in = v.supporter_check_in();
        within_slacks_limits(&check_in);
        assert_eq!(buttons(&check_in), ["I'm doing fine", "I'd like to talk to someone", "Pause me for a while"]);
    }

    #[test]
    fn messages_that_offer_help_show_the_crisis_line() {
        let s = settings();
        let v = Views::new(&s);
        let crisis = &escape(&s.program.crisis_line);
        for m in [
            v.request_received("Tuesday"),
            v.requester_matched("US", None, "Tuesday"),
            v.resources(),
            v.not_eligible(),
            v.consent_ask(None, "t0ken"),
            v.help(),
        ] {
            assert!(m.blocks.to_string().contains(crisis.as_str()), "{}", m.text);
        }
        assert!(v.request_modal(&[], &[], &FormDirectory::default(), true, "").to_string().contains(crisis.as_str()));
    }

    #[test]
    fn the_scrubbed_alert_keeps_no_details() {
        let s = settings();
        let v = Views::new(&s);
        let m = v.scrubbed_alert(&summary(), Ending::ClosedByCoordinator);
        let text = m.blocks.to_string();
        assert!(!text.contains("ICU") && !text.contains("Phone") && !text.contains("Nurse"));
    }

    #[test]
    fn a_long_list_of_departments_is_grouped_and_nothing_is_cut() {
        let names: Vec<String> = (0..250).map(|i| format!("Department {i:03}")).collect();
        let select = choice_select(&names);
        let groups = select["option_groups"].as_array().expect("grouped beyond 100");
        assert!(groups.len() <= 100);
        let mut shown = Vec::new();
        for g in groups {
            let options = g["options"].as_array().unwrap();
            assert!(!options.is_empty() && options.len() <= 100);
            assert!(g["label"]["text"].as_str().unwrap().chars().count() <= 75);
            shown.extend(options.iter().map(|o| o["value"].as_str().unwrap().to_string()));
        }
        for name in &names {
            assert!(shown.contains(name), "{name} was cut");
        }
        assert!(shown.contains(&PREFER_NOT_TO_SAY.to_string()));
        let few = choice_select(&names[..5]);
        assert_eq!(few["options"].as_array().unwrap().len(), 6, "a short list stays one list");
    }
}
