//! What the person who asks sees: confirmations, where their request stands, check-ins,
//! feedback, and the consent and outreach DMs a colleague or leader started.

use super::*;

impl Views<'_> {
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

    /// A team debrief is in: when a facilitator is due, and a way to withdraw it.
    pub fn debrief_received(&self, request_id: i64, by_day: &str) -> Message {
        Message::new(
            "Thank you. Your request for a team debrief is in.",
            vec![
                section(&format!(
                    "Thank you for looking out for your team. Your request for a debrief is in, and only the program's \
                     coordinators and the facilitator will know who asked.\n\n\
                     We'll find a trained facilitator by *{by_day}*, and you'll get a message here naming them. \
                     They'll reach out to you to arrange a time."
                )),
                actions(
                    "debrief_request",
                    vec![button("Withdraw request", action::WITHDRAW, &request_id.to_string(), "")],
                ),
                self.crisis(),
            ],
        )
    }

    /// The person who asked for a debrief learns who will lead it.
    pub fn debrief_matched(&self, facilitator: &str) -> Message {
        Message::new(
            format!("{} will lead your team's debrief.", mention(facilitator)),
            vec![
                section(&format!(
                    "{} will lead your team's debrief and will message you to arrange a time and place. \
                     You don't need to do anything before then.",
                    mention(facilitator)
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

    /// A warm handoff: the resource, how to reach it, and why it was suggested.
    pub fn handoff(&self, resource: usize) -> Option<Message> {
        let r = self.settings.program.resources.get(resource)?;
        let name = escape(&r.name);
        Some(Message::new(
            format!("Your peer supporter thought {} could help too.", r.name),
            vec![
                section(&format!(
                    "Your peer supporter thought *{name}* could help, alongside your conversations with them. \
                     Some things are easier with more support, and reaching out is a strong thing to do.\n\n\
                     *How to reach them:* {}\n\nIt's your choice, and nobody will check whether you do.",
                    escape(&r.contact)
                )),
                self.crisis(),
            ],
        ))
    }

    /// A consent or outreach DM once its yes led to a request.
    pub fn said_yes(&self) -> Message {
        Message::new(
            "You said yes, and your request is in.",
            vec![
                section(
                    "You said yes, and your request is in. You'll get a message here naming your supporter. \
                     `/peer-support status` shows where it stands.",
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

    /// A check-in, in words that fit where the request stands.
    pub fn check_in(&self, stage: CheckInStage, token: &str) -> Message {
        let opening = match stage {
            CheckInStage::NotYetContacted => {
                "Just checking in. Your peer supporter will be in touch soon, if they haven't been already. \
                 How are you doing in the meantime?"
            }
            CheckInStage::Contacted => {
                "Just checking in now that your peer supporter has been in touch. How are you doing?"
            }
            CheckInStage::Talked => {
                "Just checking in after your conversation with a peer supporter. How are you doing?"
            }
            CheckInStage::DebriefPlanned => {
                "Just checking in while your team's debrief is being arranged. How are you doing in the meantime?"
            }
            CheckInStage::AfterDebrief => "Just checking in after your team's debrief. How are you doing?",
        };
        Message::new(
            "Checking in: how are you doing?",
            vec![
                section(&format!("{opening} There's no need to reply; these buttons are here if they help.")),
                actions(
                    "checkin",
                    vec![
                        button("I'm doing okay", action::CHECKIN_OKAY, token, ""),
                        button("I'd like to talk again", action::CHECKIN_TALK_AGAIN, token, "primary"),
                        button("Show me other resources", action::CHECKIN_RESOURCES, token, ""),
                        button("Please stop checking in", action::CHECKIN_STOP, token, ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    /// The check-in once answered: the answer in place of the buttons.
    pub fn check_in_answered(&self, answer: CheckInAnswer) -> Message {
        let (chosen, then) = match answer {
            CheckInAnswer::Okay => ("I'm doing okay", "Thank you for letting us know. We're glad."),
            CheckInAnswer::TalkAgain => (
                "I'd like to talk again",
                "A form to ask again is open. If you closed it, `/peer-support` opens it any time.",
            ),
            CheckInAnswer::Resources => ("Show me other resources", "They're in the message below."),
            CheckInAnswer::Stop => ("Please stop checking in", "Understood. We won't check in again."),
        };
        let text = format!("You answered: {chosen}. {then}");
        Message::new(
            text.clone(),
            vec![
                section(&format!("You answered *{chosen}*. {then}\n`/peer-support` is here whenever you need it.")),
                self.crisis(),
            ],
        )
    }

    /// A press on a check-in that was already answered, or has closed.
    pub fn check_in_already_answered(&self) -> Message {
        let text = "This check-in has already been answered or has closed, so nothing more was counted.";
        Message::new(
            text,
            vec![
                section(&format!(
                    "{text} If you'd like to talk to someone, type `/peer-support` to ask for a peer supporter, \
                     or `/peer-support status` to see where a request stands."
                )),
                self.crisis(),
            ],
        )
    }

    pub fn talk_again_requested(&self, supporter: &str) -> Message {
        Message::new(
            format!("We've let {} know.", mention(supporter)),
            vec![
                section(&format!(
                    "You answered *I'd like to talk again*. We've let {} know, and they will reach out soon.",
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
}
