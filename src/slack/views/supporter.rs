//! What a supporter sees: offers, assignments, nudges, safety guidance, and their
//! availability.

use super::*;

impl Views<'_> {
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
                header("Can you take a peer support request?"),
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
                actions(&format!("assignment:{id}"), {
                    let mut buttons = vec![
                        button("Contact made", action::CONTACT_MADE, &id, "primary"),
                        button("Conversation happened", action::CONVERSATION_HAPPENED, &id, ""),
                        button("I have a safety concern", action::SAFETY_CONCERN, &id, "danger"),
                    ];
                    buttons.extend(self.connect_button(summary.request_id));
                    buttons
                }),
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
                    "Thank you for raising this. The coordinators have been told and will contact you.\n\n{}{}",
                    escape(&self.settings.program.safety_guidance),
                    match self.settings.program.backup_contact.trim() {
                        "" => String::new(),
                        backup => format!("\n\n*Backup, any time of day:* {}", escape(backup)),
                    }
                )),
                self.crisis(),
            ],
        )
    }

    // ----- the coordinators' messages --------------------------------------------------

    pub(super) fn request_facts(&self, s: &RequestSummary) -> String {
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
}
