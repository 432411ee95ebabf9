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
        if let Some(debrief) = &summary.debrief {
            return self.debrief_offer(offer_id, summary, debrief, answer_within);
        }
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
        if let Some(debrief) = &summary.debrief {
            return self.debrief_assignment(assignment_id, summary, debrief, by_day);
        }
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
        if let Some(debrief) = &s.debrief {
            let mut lines = vec![format!("*Asked by:* {}", mention(&s.requester)), self.debrief_facts(s, debrief)];
            if !s.site.is_empty() {
                lines.push(format!("*Site:* {}", escape(&s.site)));
            }
            return lines.join("\n");
        }
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

    /// The unit, its size and when the team could meet, in one line.
    fn debrief_facts(&self, s: &RequestSummary, d: &DebriefSummary) -> String {
        let unit = if s.department.is_empty() { "a unit".to_string() } else { escape(&s.department) };
        let size = d.size.map(|x| x.label().to_lowercase()).unwrap_or_else(|| "size not given".into());
        let when = d.when.map(|w| w.label().to_lowercase()).unwrap_or_else(|| "any time that works".into());
        format!("*Team:* {unit}, {size}\n*They could meet:* {when}")
    }

    /// A team debrief offered to a facilitator: the unit, size and timing, never who is in it.
    fn debrief_offer(&self, offer_id: i64, s: &RequestSummary, d: &DebriefSummary, answer_within: &str) -> Message {
        let id = offer_id.to_string();
        Message::new(
            "A team would like a debrief. Can you lead it?",
            vec![
                header("Can you lead a team debrief?"),
                section(&format!(
                    "A team has been through something hard and would like a debrief.\n{}",
                    self.debrief_facts(s, d)
                )),
                context(&format!(
                    "If you can't lead it, Decline passes it on at once, no explanation needed. Unanswered, it passes on after {answer_within}."
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

    /// The facilitator's debrief after Accept: who asked for it, to arrange a time.
    fn debrief_assignment(&self, assignment_id: i64, s: &RequestSummary, d: &DebriefSummary, by_day: &str) -> Message {
        let id = assignment_id.to_string();
        Message::new(
            format!("Thank you. Please reach out to {} by {by_day} to arrange the debrief.", mention(&s.requester)),
            vec![
                section(&format!(
                    "Thank you for leading this. Please reach out to {} by *{by_day}* to arrange a time and place.\n{}",
                    mention(&s.requester),
                    self.debrief_facts(s, d)
                )),
                context(
                    "Keep no notes and no attendance list. Press Contact made once you've reached them, and Conversation happened after the debrief.",
                ),
                actions(&format!("assignment:{id}"), {
                    let mut buttons = vec![
                        button("Contact made", action::CONTACT_MADE, &id, "primary"),
                        button("Conversation happened", action::CONVERSATION_HAPPENED, &id, ""),
                        button("I have a safety concern", action::SAFETY_CONCERN, &id, "danger"),
                    ];
                    buttons.extend(self.connect_button(s.request_id));
                    buttons
                }),
            ],
        )
    }

    /// A supporter's own check-in: how the role is going for them.
    pub fn supporter_check_in(&self) -> Message {
        Message::new(
            "How is being a peer supporter going for you?",
            vec![
                section(
                    "How is being a peer supporter going for you? Supporting colleagues can weigh on you too. \
                     Whatever you choose, only the coordinators hear, and only if you'd like to talk.",
                ),
                actions(
                    "supporter_check_in",
                    vec![
                        button("I'm doing fine", action::CARE_FINE, "care", ""),
                        button("I'd like to talk to someone", action::CARE_TALK, "care", "primary"),
                        button("Pause me for a while", action::CARE_PAUSE, "care", ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    /// The check-in once answered: the answer in place of the buttons.
    pub fn supporter_check_in_answered(&self, answer: SupporterAnswer, until: Option<&str>) -> Message {
        let text = match answer {
            SupporterAnswer::Fine => "*I'm doing fine.* Thank you for letting us know, and for all you do.".to_string(),
            SupporterAnswer::WouldLikeToTalk => {
                "*I'd like to talk to someone.* The coordinators know, and one of them will reach out soon.".to_string()
            }
            SupporterAnswer::Pause { .. } => format!(
                "*Pause me for a while.* No new requests will come to you until {}. Take the time you need.",
                until.unwrap_or("the day you chose")
            ),
        };
        Message::new(text.clone(), vec![section(&text), self.crisis()])
    }

    /// "Pause me for a while": the day the pause ends.
    pub fn supporter_pause_modal(&self, metadata: &str, initial: &str) -> Value {
        json!({
            "type": "modal",
            "callback_id": callback::SUPPORTER_PAUSE,
            "private_metadata": metadata,
            "title": plain("Pause for a while"),
            "submit": plain("Pause"),
            "close": plain("Cancel"),
            "blocks": [
                section("No new requests will come to you until the end of the day you choose. Anything you are already supporting goes on."),
                input(care_field::UNTIL, "Pause until", json!({ "type": "datepicker", "initial_date": initial }), false, None),
            ],
        })
    }

    /// A supporter's training date, told to them.
    pub fn training_date(&self, until: &str, ended: bool) -> Message {
        let text = if ended {
            format!(
                "Your peer supporter training date ({until}) has passed, so new requests are paused for now. \
                 Anything you are supporting goes on. Once you've renewed, a coordinator will update the roster."
            )
        } else {
            format!(
                "Your peer supporter training runs until {until}. To keep receiving requests after that, please renew it; \
                 a coordinator can tell you how."
            )
        };
        Message::new(text.clone(), vec![section(&text)])
    }
}
