//! What the person who asks sees: confirmations, where their request stands, check-ins,
//! feedback, and the consent and outreach DMs a colleague or leader started.

use super::*;
use crate::ids::RequestId;

impl Views<'_> {
    pub fn status_none(&self) -> Message {
        Message::new(t!(self, "status-none"), vec![section(&t!(self, "status-none-text")), self.crisis()])
    }

    pub fn status_open(&self, request_id: RequestId, supporter: Option<&str>, offered: bool) -> Message {
        let stage = match (supporter, offered) {
            (Some(s), _) => t!(self, "status-matched", who = mention(s)),
            (None, true) => t!(self, "status-offered"),
            (None, false) => t!(self, "status-finding"),
        };
        Message::new(
            stage.clone(),
            vec![
                section(&format!("*{}*\n{stage}", t!(self, "status-title"))),
                actions(
                    "status",
                    vec![button(&t!(self, "button-withdraw-mine"), action::WITHDRAW, &request_id.to_string(), "")],
                ),
                self.crisis(),
            ],
        )
    }

    pub fn withdrawn(&self) -> Message {
        Message::new(t!(self, "withdrawn"), vec![section(&t!(self, "withdrawn-text")), self.crisis()])
    }

    pub fn request_received(&self, by_day: &str) -> Message {
        Message::new(
            t!(self, "request-received"),
            vec![
                section(&format!(
                    "{}\n\n{}",
                    t!(self, "request-received-text"),
                    t!(self, "request-received-next", by_day = by_day)
                )),
                self.crisis(),
            ],
        )
    }

    /// A team debrief is in: when a facilitator is due, and a way to withdraw it.
    pub fn debrief_received(&self, request_id: RequestId, by_day: &str) -> Message {
        Message::new(
            t!(self, "debrief-received"),
            vec![
                section(&format!(
                    "{}\n\n{}",
                    t!(self, "debrief-received-text"),
                    t!(self, "debrief-received-next", by_day = by_day)
                )),
                actions(
                    "debrief_request",
                    vec![button(&t!(self, "button-withdraw-request"), action::WITHDRAW, &request_id.to_string(), "")],
                ),
                self.crisis(),
            ],
        )
    }

    /// The person who asked for a debrief learns who will lead it.
    pub fn debrief_matched(&self, facilitator: &str) -> Message {
        Message::new(
            t!(self, "debrief-matched", who = mention(facilitator)),
            vec![section(&t!(self, "debrief-matched-text", who = mention(facilitator))), self.crisis()],
        )
    }

    pub fn requester_matched(&self, supporter: &str, contact: Option<ContactPref>, by_day: &str) -> Message {
        let how = self.contact_words(contact).to_lowercase();
        Message::new(
            t!(self, "requester-matched", who = mention(supporter), by_day = by_day),
            vec![
                section(&format!(
                    "{}\n\n{}",
                    t!(self, "requester-matched-text", who = mention(supporter), by_day = by_day, how = how),
                    t!(self, "requester-matched-withdraw")
                )),
                self.crisis(),
            ],
        )
    }

    pub fn consent_ask(&self, referrer: Option<&str>, token: &str) -> Message {
        let opening = match referrer {
            Some(r) => t!(self, "consent-ask-named", who = mention(r)),
            None => t!(self, "consent-ask-unnamed"),
        };
        Message::new(
            t!(self, "consent-ask"),
            vec![
                section(&format!("{opening}\n\n{}", t!(self, "consent-ask-question"))),
                actions(
                    "consent",
                    vec![
                        button(&t!(self, "button-consent-yes"), action::CONSENT_YES, token, "primary"),
                        button(&t!(self, "button-consent-no"), action::CONSENT_NO, token, ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    /// A warm handoff: the resource, how to reach it, and why it was suggested.
    pub fn handoff(&self, resource: usize) -> Option<Message> {
        let r = self.settings.program.resources.get(resource)?;
        Some(Message::new(
            t!(self, "handoff", resource = r.name.clone()),
            vec![
                section(&format!(
                    "{}\n\n*{}* {}\n\n{}",
                    t!(self, "handoff-text", resource = escape(&r.name)),
                    t!(self, "handoff-how"),
                    escape(&r.contact),
                    t!(self, "handoff-choice")
                )),
                self.crisis(),
            ],
        ))
    }

    /// A consent or outreach DM once its yes led to a request.
    pub fn said_yes(&self) -> Message {
        Message::new(t!(self, "said-yes"), vec![section(&t!(self, "said-yes-text")), self.crisis()])
    }

    pub fn consent_declined(&self) -> Message {
        Message::new(t!(self, "thanks-for-telling"), vec![section(&t!(self, "consent-declined-text")), self.crisis()])
    }

    pub fn referrer_told(&self, colleague: &str) -> Message {
        let text = t!(self, "referrer-told", who = mention(colleague));
        Message::new(text.clone(), vec![section(&text)])
    }

    /// A check-in, in words that fit where the request stands.
    pub fn check_in(&self, stage: CheckInStage, token: &str) -> Message {
        let opening = match stage {
            CheckInStage::NotYetContacted => t!(self, "check-in-not-yet-contacted"),
            CheckInStage::Contacted => t!(self, "check-in-contacted"),
            CheckInStage::Talked => t!(self, "check-in-talked"),
            CheckInStage::DebriefPlanned => t!(self, "check-in-debrief-planned"),
            CheckInStage::AfterDebrief => t!(self, "check-in-after-debrief"),
        };
        Message::new(
            t!(self, "check-in"),
            vec![
                section(&format!("{opening} {}", t!(self, "check-in-no-reply"))),
                actions(
                    "checkin",
                    vec![
                        button(&t!(self, "button-checkin-okay"), action::CHECKIN_OKAY, token, ""),
                        button(&t!(self, "button-checkin-talk-again"), action::CHECKIN_TALK_AGAIN, token, "primary"),
                        button(&t!(self, "button-checkin-resources"), action::CHECKIN_RESOURCES, token, ""),
                        button(&t!(self, "button-checkin-stop"), action::CHECKIN_STOP, token, ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    /// The check-in once answered: the answer in place of the buttons.
    pub fn check_in_answered(&self, answer: CheckInAnswer) -> Message {
        let (chosen, then) = match answer {
            CheckInAnswer::Okay => (t!(self, "button-checkin-okay"), t!(self, "check-in-okay-then")),
            CheckInAnswer::TalkAgain => (t!(self, "button-checkin-talk-again"), t!(self, "check-in-talk-again-then")),
            CheckInAnswer::Resources => (t!(self, "button-checkin-resources"), t!(self, "check-in-resources-then")),
            CheckInAnswer::Stop => (t!(self, "button-checkin-stop"), t!(self, "check-in-stop-then")),
        };
        Message::new(
            t!(self, "you-answered-plain", chosen = chosen.clone(), then = then.clone()),
            vec![
                section(&format!(
                    "{}\n{}",
                    t!(self, "you-answered", chosen = chosen, then = then),
                    t!(self, "peer-support-is-here")
                )),
                self.crisis(),
            ],
        )
    }

    /// A press on a check-in that was already answered, or has closed.
    pub fn check_in_already_answered(&self) -> Message {
        let text = t!(self, "check-in-already-answered");
        Message::new(
            text.clone(),
            vec![section(&format!("{text} {}", t!(self, "check-in-already-answered-next"))), self.crisis()],
        )
    }

    pub fn talk_again_requested(&self, supporter: &str) -> Message {
        Message::new(
            t!(self, "talk-again-requested", who = mention(supporter)),
            vec![section(&t!(self, "talk-again-requested-text", who = mention(supporter))), self.crisis()],
        )
    }

    pub fn feedback(&self, token: &str) -> Message {
        Message::new(
            t!(self, "feedback"),
            vec![
                section(&t!(self, "feedback-text")),
                actions(
                    "feedback",
                    vec![
                        button(&t!(self, "button-feedback-yes"), action::FEEDBACK, &format!("{token}:yes"), ""),
                        button(
                            &t!(self, "button-feedback-somewhat"),
                            action::FEEDBACK,
                            &format!("{token}:somewhat"),
                            "",
                        ),
                        button(
                            &t!(self, "button-feedback-not-really"),
                            action::FEEDBACK,
                            &format!("{token}:not_really"),
                            "",
                        ),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    pub fn feedback_thanks(&self) -> Message {
        let text = t!(self, "feedback-thanks");
        Message::new(text.clone(), vec![section(&text)])
    }

    // ----- outreach ----------------------------------------------------------------------

    /// " after a patient death", or nothing.
    fn after_event(&self, event: Option<EventKind>) -> String {
        // Fluent trims a message's leading space, so it is added here.
        event.map(|e| format!(" {}", t!(self, "after-event", event = self.label(e).to_lowercase()))).unwrap_or_default()
    }

    pub fn outreach_dm(&self, outreach_id: i64, event: Option<EventKind>, note: Option<&str>, token: &str) -> Message {
        let after = self.after_event(event);
        let mut blocks = vec![section(&format!(
            "{} {}",
            t!(self, "touching-base", after = after.clone()),
            t!(self, "outreach-dm-text", program = escape(self.program()))
        ))];
        if let Some(note) = note.filter(|n| !n.trim().is_empty()) {
            blocks.extend(quoted_sections("", &capped(note, OUTREACH_NOTE_MAX, &t!(self, "shortened"))));
        }
        blocks.push(actions(
            &format!("outreach:{outreach_id}"),
            vec![
                button(&t!(self, "button-outreach-yes"), action::OUTREACH_YES, token, "primary"),
                button(&t!(self, "button-outreach-not-now"), action::OUTREACH_NOT_NOW, token, ""),
                button(&t!(self, "button-outreach-ask-again"), action::OUTREACH_ASK_AGAIN, token, ""),
            ],
        ));
        blocks.push(self.crisis());
        Message::new(t!(self, "outreach-dm", after = after), blocks)
    }

    pub fn outreach_again(&self, event: Option<EventKind>, token: &str) -> Message {
        let after = self.after_event(event);
        Message::new(
            t!(self, "outreach-again"),
            vec![
                section(&t!(self, "outreach-again-text", after = after)),
                actions(
                    "outreach:again",
                    vec![
                        button(&t!(self, "button-outreach-yes"), action::OUTREACH_YES, token, "primary"),
                        button(&t!(self, "button-outreach-not-now"), action::OUTREACH_NOT_NOW, token, ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    pub fn outreach_not_now(&self) -> Message {
        Message::new(t!(self, "thanks-for-telling"), vec![section(&t!(self, "outreach-not-now-text")), self.crisis()])
    }

    pub fn outreach_ask_again_later(&self, when: &str) -> Message {
        Message::new(
            t!(self, "outreach-ask-again"),
            vec![section(&t!(self, "outreach-ask-again-text", when = when)), self.crisis()],
        )
    }
}
