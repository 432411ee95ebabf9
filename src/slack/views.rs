//! Every message and modal the bot shows, as Block Kit. Short, warm and plain: what
//! happens next, when, and who will know. Anything that offers help shows the crisis line.

use serde_json::{Value, json};

use super::blocks::*;
use crate::domain::choices::{ContactPref, EventKind, Gender, GoodTime, Role, Seniority, Topic};
use crate::domain::matching::Candidate;
use crate::domain::notice::{Ending, MatchState, OfferGoneWhy, PrivateDetails, RequestSummary, ThreadUpdate};
use crate::domain::program::Refusal;
use crate::settings::Settings;

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
}

/// Modal callback IDs.
pub mod callback {
    pub const REQUEST: &str = "request";
    pub const OUTREACH: &str = "outreach";
    pub const ROSTER_ENTRY: &str = "roster_entry";
    pub const ADMIN: &str = "admin";
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
}

/// Option values that mean "no answer".
pub const PREFER_NOT_TO_SAY: &str = "prefer_not_to_say";
pub const NO_PREFERENCE: &str = "no_preference";

/// A message: fallback text (notifications, screen readers) and blocks.
#[derive(Clone, Debug)]
pub struct Message {
    pub text: String,
    pub blocks: Value,
}

impl Message {
    fn new(text: impl Into<String>, blocks: Vec<Value>) -> Self {
        Self { text: text.into(), blocks: Value::Array(blocks) }
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

fn mention(user: &str) -> String {
    format!("<@{user}>")
}

fn contact_words(c: Option<ContactPref>) -> &'static str {
    c.map(|c| c.label()).unwrap_or("A Slack message")
}

fn times_words(times: &[GoodTime]) -> String {
    if times.is_empty() {
        "any time".into()
    } else {
        times.iter().map(|t| t.label().to_lowercase()).collect::<Vec<_>>().join(", ")
    }
}

fn role_words(role: Option<Role>) -> &'static str {
    role.map(|r| r.label()).unwrap_or("Not given")
}

impl<'a> Views<'a> {
    pub fn new(settings: &'a Settings) -> Self {
        Self { settings }
    }

    fn crisis(&self) -> Value {
        context(&format!(":telephone_receiver: {}", escape(&self.settings.program.crisis_line)))
    }

    fn program(&self) -> &str {
        &self.settings.program.name
    }

    // ----- the request modal ---------------------------------------------------------

    /// The private request form. `for_colleague` offers the "A colleague" choice;
    /// `metadata` travels with the form (how it was opened, ids only).
    pub fn request_modal(
        &self,
        departments: &[String],
        sites: &[String],
        for_colleague: bool,
        metadata: &str,
    ) -> Value {
        let mut blocks = vec![section(&format!(
            "*{}* puts you in touch with a trained colleague for a confidential, one-on-one conversation. \
             It isn't therapy, and no notes are kept. Only the program's coordinators see who asked.",
            escape(self.program())
        ))];
        if for_colleague {
            blocks.push(input(
                field::FOR_WHOM,
                "Who is this for?",
                json!({ "type": "radio_buttons", "options": [option("Myself", "myself"), option("A colleague", "colleague")],
                        "initial_option": option("Myself", "myself") }),
                false,
                None,
            ));
            blocks.push(input(
                field::COLLEAGUE,
                "Your colleague",
                user_select("Choose a colleague"),
                true,
                Some("Only if this is for a colleague. We'll ask them privately; nothing starts unless they say yes."),
            ));
            blocks.push(input(
                field::CHECKED,
                "Before you refer a colleague",
                checkboxes(vec![
                    option("I have checked with them", "checked"),
                    option("You may tell them it was me", "name_me"),
                ]),
                true,
                None,
            ));
        }
        let with_unsaid = |mut opts: Vec<Value>| {
            opts.push(option("Prefer not to say", PREFER_NOT_TO_SAY));
            opts
        };
        let values = |list: &[String]| list.iter().take(99).map(|v| option(&short(v), &short(v))).collect::<Vec<_>>();
        blocks.extend([
            input(
                field::TOPICS,
                "What is it about?",
                checkboxes(Topic::ALL.iter().map(|t| option(t.label(), t.code())).collect()),
                true,
                Some("Optional. Only the coordinators see this."),
            ),
            input(
                field::ROLE,
                "Your role",
                static_select("Choose", with_unsaid(Role::ALL.iter().map(|r| option(r.label(), r.code())).collect())),
                false,
                None,
            ),
            input(
                field::DEPARTMENT,
                "Your department",
                static_select("Choose", with_unsaid(values(departments))),
                true,
                None,
            ),
            input(field::SITE, "Your site", static_select("Choose", with_unsaid(values(sites))), true, None),
            input(
                field::PREFS,
                "Who would you like to talk to?",
                checkboxes(vec![
                    option("Someone in the same role as me", "same_role"),
                    option("Someone outside my department", "outside_department"),
                ]),
                true,
                Some("Optional. We'll only offer your request to supporters who fit what you choose."),
            ),
            input(
                field::PREF_ROLE,
                "A supporter in a specific role",
                static_select("No preference", Role::ALL.iter().map(|r| option(r.label(), r.code())).collect()),
                true,
                None,
            ),
            input(
                field::PREF_GENDER,
                "A supporter who is",
                static_select("No preference", Gender::ALL.iter().map(|g| option(g.label(), g.code())).collect()),
                true,
                None,
            ),
            input(
                field::PREF_SENIORITY,
                "A supporter who is, in their career",
                static_select("No preference", Seniority::ALL.iter().map(|s| option(s.label(), s.code())).collect()),
                true,
                None,
            ),
            input(
                field::CONTACT,
                "How would you like to be reached?",
                radio(ContactPref::ALL.iter().map(|c| option(c.label(), c.code())).collect()),
                false,
                None,
            ),
            input(
                field::TIMES,
                "Good times to reach you",
                checkboxes(GoodTime::ALL.iter().map(|t| option(t.label(), t.code())).collect()),
                true,
                None,
            ),
            input(
                field::NOTE,
                "Anything the coordinator should know",
                json!({ "type": "plain_text_input", "multiline": true, "max_length": REQUEST_NOTE_MAX }),
                true,
                Some("Optional. Only the coordinators read this; it is never stored."),
            ),
            self.crisis(),
        ]);
        json!({
            "type": "modal",
            "callback_id": callback::REQUEST,
            "private_metadata": metadata,
            "title": plain("Peer support"),
            "submit": plain("Send"),
            "close": plain("Cancel"),
            "blocks": blocks,
        })
    }

    // ----- replies to commands -------------------------------------------------------

    pub fn help(&self) -> Message {
        Message::new(
            format!("{}: how to use it", self.program()),
            vec![
                section(&format!(
                    "*{}* connects you with a trained colleague for a confidential conversation.\n\
                     • `/peer-support`: ask for support, for yourself or a colleague\n\
                     • `/peer-support status`: see or withdraw your request\n\
                     • `/peer-support resources`: other support you can reach today\n\
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

    pub fn status_none(&self) -> Message {
        Message::new(
            "You have no open request.",
            vec![
                section("You have no open request. Type `/peer-support` whenever you'd like to talk to someone."),
                self.crisis(),
            ],
        )
    }

    pub fn status_open(&self, request_id: i64, supporter: Option<&str>, offered: bool) -> Message {
        let stage = match (supporter, offered) {
            (Some(s), _) => format!("{} will reach out to you.", mention(s)),
            (None, true) => "We've asked a supporter and are waiting to hear back.".into(),
            (None, false) => "We're finding you a supporter. A coordinator is keeping an eye on it.".into(),
        };
        Message::new(
            stage.clone(),
            vec![
                section(&format!("*Your request*\n{stage}")),
                actions("status", vec![button("Withdraw my request", action::WITHDRAW, &request_id.to_string(), "")]),
                self.crisis(),
            ],
        )
    }

    pub fn withdrawn(&self) -> Message {
        Message::new(
            "Your request is withdrawn.",
            vec![
                section(
                    "Your request is withdrawn, and nothing about it is kept. You can ask again any time with `/peer-support`.",
                ),
                self.crisis(),
            ],
        )
    }

    pub fn availability(&self, paused: bool) -> Message {
        let text = if paused {
            "Offers are paused. Type `/peer-support resume` when you're ready again."
        } else {
            "You're available for offers again. Thank you."
        };
        Message::new(text, vec![section(text)])
    }

    pub fn not_a_supporter(&self) -> Message {
        let text = "You're not on the supporter roster, so there's nothing to pause. A coordinator can add you.";
        Message::new(text, vec![section(text)])
    }

    pub fn modal_failed(&self) -> Message {
        Message::new(
            "Sorry, the form didn't open.",
            vec![section("Sorry, the form didn't open. Please type `/peer-support` again in a moment."), self.crisis()],
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
            Refusal::OwnRequest => {
                "That is the person who asked for support, so this can't go to them. Please choose another supporter."
                    .into()
            }
        };
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn acknowledged(&self, text: &str) -> Message {
        Message::new(text, vec![section(text)])
    }

    // ----- the requester's notices ---------------------------------------------------

    pub fn request_received(&self, by_day: &str) -> Message {
        Message::new(
            "Thank you for reaching out. Your request is in.",
            vec![
                section(&format!(
                    "Thank you for reaching out. Your request is in, and only the program's coordinators can see who asked.\n\n\
                     We'll match you with a peer supporter by *{by_day}*, and you'll get a message here naming your supporter. \
                     `/peer-support status` shows where it stands, and lets you withdraw it."
                )),
                self.crisis(),
            ],
        )
    }

    pub fn requester_matched(&self, supporter: &str, contact: Option<ContactPref>, by_day: &str) -> Message {
        let how = contact_words(contact).to_lowercase();
        Message::new(
            format!("{} will reach out to you by {by_day}.", mention(supporter)),
            vec![
                section(&format!(
                    "{} will reach out to you by *{by_day}*, with {how} as you asked. You don't need to do anything before then.\n\n\
                     If you'd rather not go ahead, `/peer-support status` lets you withdraw; nobody will ask why.",
                    mention(supporter)
                )),
                self.crisis(),
            ],
        )
    }

    pub fn consent_ask(&self, referrer: Option<&str>, token: &str) -> Message {
        let who = match referrer {
            Some(r) => format!("{} thought", mention(r)),
            None => "A colleague thought".into(),
        };
        Message::new(
            "A colleague thought you might welcome a conversation.",
            vec![
                section(&format!(
                    "{who} you might welcome a conversation with a peer supporter. Peer support is a confidential, \
                     one-on-one talk with a trained colleague. It's optional, and no notes are kept.\n\n\
                     Would you like us to connect you? Nobody else will know what you decide."
                )),
                actions(
                    "consent",
                    vec![
                        button("Yes, connect me", action::CONSENT_YES, token, "primary"),
                        button("No, thank you", action::CONSENT_NO, token, ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    pub fn consent_declined(&self) -> Message {
        Message::new(
            "Thank you for letting us know.",
            vec![
                section(
                    "Thank you for letting us know. Nothing more will happen, and nobody is told your answer. `/peer-support` is here if you ever want it.",
                ),
                self.crisis(),
            ],
        )
    }

    pub fn referrer_told(&self, colleague: &str) -> Message {
        let text = format!(
            "Thank you for looking out for {}. We've sent them a private message. What they decide stays with them.",
            mention(colleague)
        );
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn check_in(&self, request_id: i64) -> Message {
        let id = request_id.to_string();
        Message::new(
            "Checking in: how are you doing?",
            vec![
                section(
                    "Just checking in after your conversation with a peer supporter. How are you doing? \
                     There's no need to reply; these buttons are here if they help.",
                ),
                actions(
                    &format!("checkin:{id}"),
                    vec![
                        button("I'm doing okay", action::CHECKIN_OKAY, &id, ""),
                        button("I'd like to talk again", action::CHECKIN_TALK_AGAIN, &id, "primary"),
                        button("Show me other resources", action::CHECKIN_RESOURCES, &id, ""),
                        button("Please stop checking in", action::CHECKIN_STOP, &id, ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    pub fn check_in_okay(&self) -> Message {
        Message::new(
            "Thank you for letting us know.",
            vec![
                section("Thank you for letting us know. We're glad. `/peer-support` is here whenever you need it."),
                self.crisis(),
            ],
        )
    }

    pub fn check_in_stopped(&self) -> Message {
        Message::new(
            "We won't check in again.",
            vec![
                section("Understood. We won't check in again. `/peer-support` is here whenever you need it."),
                self.crisis(),
            ],
        )
    }

    pub fn talk_again_requested(&self, supporter: &str) -> Message {
        Message::new(
            format!("We've let {} know.", mention(supporter)),
            vec![
                section(&format!(
                    "We've let {} know you'd like to talk again. They will reach out soon.",
                    mention(supporter)
                )),
                self.crisis(),
            ],
        )
    }

    pub fn feedback(&self, token: &str) -> Message {
        Message::new(
            "Was this helpful?",
            vec![
                section(
                    "Thank you for reaching out to peer support. *Was this helpful?* Your answer is anonymous and optional.",
                ),
                actions(
                    "feedback",
                    vec![
                        button("Yes", action::FEEDBACK, &format!("{token}:yes"), ""),
                        button("Somewhat", action::FEEDBACK, &format!("{token}:somewhat"), ""),
                        button("Not really", action::FEEDBACK, &format!("{token}:not_really"), ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    pub fn feedback_thanks(&self) -> Message {
        let text = "Thank you. Your answer helps the program, and it isn't linked to you.";
        Message::new(text, vec![section(text)])
    }

    // ----- coordinators' tools --------------------------------------------------------

    /// Adds or edits a supporter; `existing` fills the form for an edit.
    pub fn roster_modal(&self, existing: Option<&crate::store::roster::Supporter>) -> Value {
        let text = |block: &str, label: &str, value: &str| {
            let mut el = json!({ "type": "plain_text_input", "max_length": 80 });
            if !value.is_empty() {
                el["initial_value"] = json!(value);
            }
            input(block, label, el, true, None)
        };
        let select = |block: &str, label: &str, options: Vec<Value>, current: Option<Value>| {
            let mut el = static_select("Choose", options);
            if let Some(c) = current {
                el["initial_option"] = c;
            }
            input(block, label, el, true, None)
        };
        let mut user = json!({ "type": "users_select", "placeholder": plain("Choose a person") });
        let role_current = existing.and_then(|s| Role::from_code(&s.role)).map(|r| option(r.label(), r.code()));
        let gender_current = existing.and_then(|s| Gender::from_code(&s.gender)).map(|g| option(g.label(), g.code()));
        let seniority_current =
            existing.and_then(|s| Seniority::from_code(&s.seniority)).map(|x| option(x.label(), x.code()));
        if let Some(s) = existing {
            user["initial_user"] = json!(s.slack_user_id);
        }
        let mut max =
            json!({ "type": "number_input", "is_decimal_allowed": false, "min_value": "1", "max_value": "50" });
        max["initial_value"] = json!(existing.map(|s| s.max_active).unwrap_or(2).to_string());
        json!({
            "type": "modal",
            "callback_id": callback::ROSTER_ENTRY,
            "title": plain(if existing.is_some() { "Edit supporter" } else { "Add supporter" }),
            "submit": plain("Save"),
            "close": plain("Cancel"),
            "blocks": [
                input(roster_field::USER, "Supporter", user, false, None),
                select(roster_field::ROLE, "Role", Role::ALL.iter().map(|r| option(r.label(), r.code())).collect(), role_current),
                text(roster_field::DEPARTMENT, "Department", existing.map(|s| s.department.as_str()).unwrap_or("")),
                text(roster_field::SPECIALTY, "Specialty", existing.map(|s| s.specialty.as_str()).unwrap_or("")),
                text(roster_field::SITE, "Site", existing.map(|s| s.site.as_str()).unwrap_or("")),
                select(roster_field::GENDER, "Gender", Gender::ALL.iter().map(|g| option(g.label(), g.code())).collect(), gender_current),
                select(roster_field::SENIORITY, "Career stage", Seniority::ALL.iter().map(|x| option(x.label(), x.code())).collect(), seniority_current),
                input(roster_field::MAX_ACTIVE, "Requests at once", max, false, None),
            ],
        })
    }

    /// The coordinators' tools as a modal (`/peer-admin`).
    pub fn admin_modal(&self, blocks: Vec<Value>) -> Value {
        let mut blocks = blocks;
        blocks.truncate(100);
        json!({ "type": "modal", "callback_id": callback::ADMIN, "title": plain("Peer support admin"), "close": plain("Done"), "blocks": blocks })
    }

    pub fn report(&self, report: &crate::domain::report::Report) -> Message {
        let lines: Vec<String> = report.lines.iter().map(|l| format!("{}: *{}*", l.label, l.shown.text())).collect();
        Message::new(
            format!("Program counts for {}", report.month),
            vec![
                header(&format!("Program counts for {}", report.month)),
                section(&lines.join("\n")),
                context("Counts from 1 to 4 show as \"fewer than 5\". Times are business time, estimated from ranges."),
            ],
        )
    }

    // ----- outreach ----------------------------------------------------------------------

    pub fn outreach_modal(&self) -> Value {
        json!({
            "type": "modal",
            "callback_id": callback::OUTREACH,
            "title": plain("Offer peer support"),
            "submit": plain("Send"),
            "close": plain("Cancel"),
            "blocks": [
                section("Everyone you choose gets a private, caring message offering a confidential conversation with a peer supporter. \
                         You'll be told how many it went to, never who answers or how."),
                input(outreach_field::COLLEAGUES, "Colleagues involved",
                      json!({ "type": "multi_users_select", "placeholder": plain("Choose colleagues"), "max_selected_items": 1000 }),
                      false, None),
                input(outreach_field::EVENT, "What happened",
                      static_select("Choose (optional)", EventKind::ALL.iter().map(|e| option(e.label(), e.code())).collect()),
                      true, Some("Optional. It is mentioned in the message, in these words.")),
                input(outreach_field::NOTE, "A personal note",
                      json!({ "type": "plain_text_input", "multiline": true, "max_length": OUTREACH_NOTE_MAX }),
                      true, Some("Optional. Shown in each message, then erased once every message is sent.")),
                self.crisis(),
            ],
        })
    }

    pub fn outreach_dm(&self, outreach_id: i64, event: Option<EventKind>, note: Option<&str>, token: &str) -> Message {
        let after = event.map(|e| format!(" after {}", e.label().to_lowercase())).unwrap_or_default();
        let mut blocks = vec![section(&format!(
            "Touching base{after}. {} offers everyone involved a confidential, one-on-one conversation with a trained \
             colleague. It's entirely optional, it isn't therapy, and no notes are kept. Nobody is told whether you answer.",
            escape(self.program())
        ))];
        if let Some(note) = note.filter(|n| !n.trim().is_empty()) {
            blocks.extend(quoted_sections("", &capped(note, OUTREACH_NOTE_MAX)));
        }
        blocks.push(actions(
            &format!("outreach:{outreach_id}"),
            vec![
                button("Yes, I'd like to talk", action::OUTREACH_YES, token, "primary"),
                button("Not now", action::OUTREACH_NOT_NOW, token, ""),
                button("Ask me again in a few days", action::OUTREACH_ASK_AGAIN, token, ""),
            ],
        ));
        blocks.push(self.crisis());
        Message::new(format!("Touching base{after}: peer support is here if you'd like it."), blocks)
    }

    pub fn outreach_again(&self, event: Option<EventKind>, token: &str) -> Message {
        let after = event.map(|e| format!(" after {}", e.label().to_lowercase())).unwrap_or_default();
        Message::new(
            "Checking in again, as you asked.",
            vec![
                section(&format!(
                    "Checking in again{after}, as you asked. Would you like a confidential conversation with a peer supporter? \
                     There's no wrong answer."
                )),
                actions(
                    "outreach:again",
                    vec![
                        button("Yes, I'd like to talk", action::OUTREACH_YES, token, "primary"),
                        button("Not now", action::OUTREACH_NOT_NOW, token, ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    pub fn outreach_not_now(&self) -> Message {
        Message::new(
            "Thank you for letting us know.",
            vec![
                section(
                    "Thank you for letting us know. Nobody is told your answer. `/peer-support` is here whenever you'd like it.",
                ),
                self.crisis(),
            ],
        )
    }

    pub fn outreach_ask_again_later(&self, when: &str) -> Message {
        Message::new(
            "We'll check in again.",
            vec![
                section(&format!("Of course. We'll check in again {when}. Nobody is told your answer.")),
                self.crisis(),
            ],
        )
    }

    pub fn outreach_on_its_way(&self, count: usize) -> Message {
        let text = format!(
            "Thank you for looking after your team. Your message is on its way to the {count} colleague{} you chose. \
             You won't be told who answers or how; the totals appear only in the program's monthly counts.",
            if count == 1 { "" } else { "s" }
        );
        Message::new(text.clone(), vec![section(&text)])
    }

    // ----- the supporter's messages ----------------------------------------------------

    pub fn offer(
        &self,
        offer_id: i64,
        summary: &RequestSummary,
        reveal_requester: bool,
        answer_within: &str,
    ) -> Message {
        let who = if reveal_requester {
            format!("{} would like to talk.", mention(&summary.requester))
        } else {
            "A colleague would like to talk.".into()
        };
        let id = offer_id.to_string();
        Message::new(
            "A colleague would like to talk. Can you take it?",
            vec![
                header("A colleague would like to talk"),
                section(&format!(
                    "{who}\n*Their role:* {}\n*They'd like:* {}\n*Good times:* {}",
                    role_words(summary.role),
                    contact_words(summary.contact_pref),
                    times_words(&summary.good_times)
                )),
                context(&format!(
                    "If you can't take it, Decline passes it on at once, no explanation needed. Unanswered, it passes on after {answer_within}."
                )),
                actions(
                    &format!("offer:{id}"),
                    vec![
                        button("Accept", action::OFFER_ACCEPT, &id, "primary"),
                        button("Decline", action::OFFER_DECLINE, &id, ""),
                    ],
                ),
            ],
        )
    }

    pub fn assignment(&self, assignment_id: i64, summary: &RequestSummary, by_day: &str) -> Message {
        let id = assignment_id.to_string();
        Message::new(
            format!("Thank you. Please reach out to {} by {by_day}.", mention(&summary.requester)),
            vec![
                section(&format!(
                    "Thank you for taking this. Please reach out to {} by *{by_day}*.\n*They'd like:* {}\n*Good times:* {}\n*Their role:* {}",
                    mention(&summary.requester),
                    contact_words(summary.contact_pref),
                    times_words(&summary.good_times),
                    role_words(summary.role)
                )),
                context(
                    "Keep no notes. Press Contact made once you've reached them, and Conversation happened when you've talked.",
                ),
                actions(
                    &format!("assignment:{id}"),
                    vec![
                        button("Contact made", action::CONTACT_MADE, &id, "primary"),
                        button("Conversation happened", action::CONVERSATION_HAPPENED, &id, ""),
                        button("I have a safety concern", action::SAFETY_CONCERN, &id, "danger"),
                    ],
                ),
            ],
        )
    }

    pub fn offer_gone(&self, why: OfferGoneWhy) -> Message {
        let text = match why {
            OfferGoneWhy::Declined => "Thank you for letting us know. We've asked someone else.",
            OfferGoneWhy::TimedOut => {
                "This request has passed to another supporter, since it wasn't answered in time. Nothing to do."
            }
            OfferGoneWhy::PassedOn => "This request has passed to another supporter. Thank you.",
            OfferGoneWhy::NoLongerNeeded => "This request is no longer needed. Thank you for being ready to help.",
        };
        Message::new(text, vec![section(text)])
    }

    pub fn assignment_ended(&self, ending: Ending) -> Message {
        let text = match ending {
            Ending::ConversationHappened => "Thank you for being there for a colleague. This assignment is closed.",
            Ending::ClosedByCoordinator => {
                "A coordinator has closed or passed on this assignment. Thank you for your care."
            }
            Ending::Withdrawn => "Your colleague withdrew their request. Thank you for being ready to help.",
        };
        Message::new(text, vec![section(text)])
    }

    pub fn supporter_paused(&self) -> Message {
        let text = "The last three offers passed without an answer, so we've paused new offers to you. \
                    No worries. When you're ready again, type `/peer-support resume`.";
        Message::new(text, vec![section(text)])
    }

    pub fn supporter_nudge(&self, requester: &str) -> Message {
        let text = format!(
            "A gentle reminder: {} is waiting to hear from you. If you've already been in touch, press Contact made on the assignment. \
             If you can't reach out after all, that's okay: tell a coordinator and they'll pass it on.",
            mention(requester)
        );
        Message::new(format!("A gentle reminder about {}", mention(requester)), vec![section(&text)])
    }

    pub fn talk_again_to_supporter(&self, requester: &str) -> Message {
        let text = format!("{} would like to talk again. Please reach out when you can.", mention(requester));
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn safety_guidance(&self) -> Message {
        Message::new(
            "Thank you for raising this. A coordinator has been told.",
            vec![
                section(&format!(
                    "Thank you for raising this. The coordinators have been told and will contact you.\n\n{}",
                    escape(&self.settings.program.safety_guidance)
                )),
                self.crisis(),
            ],
        )
    }

    // ----- the coordinators' messages --------------------------------------------------

    fn request_facts(&self, s: &RequestSummary) -> String {
        let mut lines = vec![format!("*From:* {}", mention(&s.requester)), format!("*Role:* {}", role_words(s.role))];
        if !s.department.is_empty() {
            lines.push(format!("*Department:* {}", escape(&s.department)));
        }
        if !s.site.is_empty() {
            lines.push(format!("*Site:* {}", escape(&s.site)));
        }
        lines.push(format!("*Contact:* {}, {}", contact_words(s.contact_pref), times_words(&s.good_times)));
        if !s.preferences.is_empty() {
            lines.push(format!("*Would like:* {}", s.preferences.join(", ")));
        }
        lines.join("\n")
    }

    /// The coordinators' alert. `names` gives display names for `Offer to NAME`.
    pub fn coordinator_alert(
        &self,
        summary: &RequestSummary,
        details: &PrivateDetails,
        state: &MatchState,
        names: &[(String, String)],
    ) -> Message {
        let id = summary.request_id;
        let mut blocks = vec![header(&format!("Peer support request #{id}")), section(&self.request_facts(summary))];
        if !details.topics.is_empty() {
            let topics = details.topics.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ");
            blocks.push(section(&format!("*About:* {topics}")));
        }
        if details.resent {
            blocks.push(context(
                "Sent again after a restart. Anything they wrote was in the first message, which did not arrive; \
                 it is not kept, so please ask them.",
            ));
        }
        if let Some(note) = &details.note {
            blocks.extend(quoted_sections("*In their words:*\n", &capped(note.reveal(), REQUEST_NOTE_MAX)));
        }
        blocks.extend(self.match_state_blocks(id, state, names));
        blocks.push(actions(
            &format!("request:{id}"),
            vec![
                button("Reassign", action::REASSIGN, &id.to_string(), ""),
                button("Close", action::CLOSE, &id.to_string(), ""),
            ],
        ));
        blocks.push(context("What they wrote and what it's about are removed from this message when the request closes. Please keep no notes."));
        Message::new(format!("Peer support request #{id} from {}", mention(&summary.requester)), blocks)
    }

    fn match_state_blocks(&self, request_id: i64, state: &MatchState, names: &[(String, String)]) -> Vec<Value> {
        match state {
            MatchState::Offered { supporter, reason } => {
                vec![section(&format!("*Offered to* {} ({reason})", mention(supporter)))]
            }
            MatchState::Candidates { candidates: c } => self.candidate_blocks(request_id, c, names),
            MatchState::NoSupporter => self.no_supporter_blocks(request_id),
        }
    }

    fn candidate_blocks(&self, request_id: i64, candidates: &[Candidate], names: &[(String, String)]) -> Vec<Value> {
        let name_of =
            |id: &str| names.iter().find(|(u, _)| u == id).map(|(_, n)| n.clone()).unwrap_or_else(|| id.to_string());
        let lines = candidates
            .iter()
            .map(|c| format!("• {} ({})", mention(&c.supporter), c.reason))
            .collect::<Vec<_>>()
            .join("\n");
        vec![
            section(&format!("*Best matches:*\n{lines}")),
            actions(
                &format!("candidates:{request_id}"),
                candidates
                    .iter()
                    .map(|c| {
                        button(
                            &short(&format!("Offer to {}", name_of(&c.supporter))),
                            action::OFFER_TO,
                            &format!("{request_id}:{}", c.supporter),
                            "",
                        )
                    })
                    .collect(),
            ),
        ]
    }

    fn no_supporter_blocks(&self, request_id: i64) -> Vec<Value> {
        vec![
            section(
                "*No supporter* who fits this request is available right now. You can offer it to anyone on the roster:",
            ),
            actions(
                &format!("assign:{request_id}"),
                vec![json!({
                    "type": "users_select",
                    "action_id": action::ASSIGN_TO,
                    "placeholder": plain("Assign to"),
                })],
            ),
            context("Assign to"),
        ]
    }

    pub fn thread_update(&self, request_id: i64, update: &ThreadUpdate, names: &[(String, String)]) -> Message {
        let text = match update {
            ThreadUpdate::Offered { supporter, reason, by } => {
                let by = by.as_deref().map(|b| format!(" by {}", mention(b))).unwrap_or_default();
                let reason = if reason.is_empty() { String::new() } else { format!(" ({reason})") };
                format!("Offered to {}{by}{reason}.", mention(supporter))
            }
            ThreadUpdate::Declined { supporter } => format!("{} declined.", mention(supporter)),
            ThreadUpdate::TimedOut { supporter } => {
                format!("{} didn't answer in time.", mention(supporter))
            }
            ThreadUpdate::LeftRoster { supporter } => {
                format!("{} left the roster, so the offer is passing on.", mention(supporter))
            }
            ThreadUpdate::Accepted { supporter } => {
                format!("{} accepted and will reach out.", mention(supporter))
            }
            ThreadUpdate::ContactMade { supporter } => {
                format!("{} has made contact.", mention(supporter))
            }
            ThreadUpdate::NoSupporter => "No supporter is available for this request.".into(),
            ThreadUpdate::Candidates { .. } => "The next best matches:".into(),
            ThreadUpdate::Reassigned { by, supporter } if supporter.is_empty() => {
                format!("{} is reassigning this request.", mention(by))
            }
            ThreadUpdate::Reassigned { by, supporter } => {
                format!("{} took this request back from {}.", mention(by), mention(supporter))
            }
            ThreadUpdate::Closed { by: Some(by) } => format!("Closed by {}.", mention(by)),
            ThreadUpdate::Closed { by: None } => "Closed: the conversation happened.".into(),
            ThreadUpdate::Withdrawn => "The requester withdrew this request.".into(),
            ThreadUpdate::StillWaiting { waited } => {
                format!("Request #{request_id} is still waiting for a supporter after {waited}.")
            }
            ThreadUpdate::NoContactYet { supporter } => {
                format!("{} hasn't marked contact made yet.", mention(supporter))
            }
        };
        let mut blocks = vec![section(&text)];
        match update {
            ThreadUpdate::NoSupporter => blocks.extend(self.no_supporter_blocks(request_id)),
            ThreadUpdate::Candidates { candidates: c } => blocks.extend(self.candidate_blocks(request_id, c, names)),
            ThreadUpdate::StillWaiting { .. } | ThreadUpdate::NoContactYet { .. } => blocks.push(actions(
                &format!("request:{request_id}"),
                vec![
                    button("Reassign", action::REASSIGN, &request_id.to_string(), ""),
                    button("Close", action::CLOSE, &request_id.to_string(), ""),
                ],
            )),
            _ => {}
        }
        Message::new(text, blocks)
    }

    /// The alert once the request has ended: the free text and topics are gone.
    pub fn scrubbed_alert(&self, summary: &RequestSummary, ending: Ending) -> Message {
        let how = match ending {
            Ending::ConversationHappened => "Closed: the conversation happened.",
            Ending::ClosedByCoordinator => "Closed by a coordinator.",
            Ending::Withdrawn => "Withdrawn by the requester.",
        };
        let id = summary.request_id;
        let who = if ending == Ending::Withdrawn { "the requester".to_string() } else { mention(&summary.requester) };
        let text = format!("Peer support request #{id} from {who}. {how}");
        Message::new(
            text.clone(),
            vec![
                section(&format!("~Peer support request #{id}~ from {who}\n{how}")),
                context("The details were removed when the request ended."),
            ],
        )
    }

    pub fn safety_alert(&self, request_id: i64, assignment_id: i64, supporter: &str) -> Message {
        let text = format!(
            ":rotating_light: *Safety concern:* {} raised a safety concern on request #{request_id} (assignment {assignment_id}). Please contact them now.",
            mention(supporter)
        );
        Message::new(format!("Safety concern on request #{request_id}"), vec![section(&text)])
    }
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
        assert!(v.request_modal(&[], &[], true, "").to_string().contains(crisis.as_str()));
    }

    #[test]
    fn the_scrubbed_alert_keeps_no_details() {
        let s = settings();
        let v = Views::new(&s);
        let m = v.scrubbed_alert(&summary(), Ending::ClosedByCoordinator);
        let text = m.blocks.to_string();
        assert!(!text.contains("ICU") && !text.contains("Phone") && !text.contains("Nurse"));
    }
}
