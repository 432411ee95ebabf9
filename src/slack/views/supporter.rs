//! What a supporter sees: offers, assignments, nudges, safety guidance, their own
//! check-ins and training dates, and their availability.

use super::*;
use crate::ids::{AssignmentId, OfferId, RequestId};

impl Views<'_> {
    pub fn availability(&self, paused: bool) -> Message {
        let text = if paused { t!(self, "availability-paused") } else { t!(self, "availability-back") };
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn not_a_supporter(&self) -> Message {
        let text = t!(self, "not-a-supporter");
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn offer(
        &self,
        offer_id: OfferId,
        summary: &RequestSummary,
        reveal_requester: bool,
        answer_within: &str,
    ) -> Message {
        if let Some(debrief) = &summary.debrief {
            return self.debrief_offer(offer_id, summary, debrief, answer_within);
        }
        let who = if reveal_requester {
            t!(self, "offer-who-named", who = mention(&summary.requester))
        } else {
            t!(self, "offer-who-unnamed")
        };
        let id = offer_id.to_string();
        Message::new(
            t!(self, "offer"),
            vec![
                header(&t!(self, "offer-title")),
                section(&format!(
                    "{who}\n*{}* {}\n*{}* {}\n*{}* {}",
                    t!(self, "fact-their-role"),
                    self.role_words(summary.role),
                    t!(self, "fact-they-would-like"),
                    self.contact_words(summary.contact_pref),
                    t!(self, "fact-good-times"),
                    self.times_words(&summary.good_times)
                )),
                context(&t!(self, "offer-decline-note", within = answer_within)),
                self.accept_decline(&id),
            ],
        )
    }

    /// `Accept` and `Decline` on an offer.
    fn accept_decline(&self, id: &str) -> SlackBlock {
        actions(
            &format!("offer:{id}"),
            vec![
                button(&t!(self, "button-accept"), action::OFFER_ACCEPT, id, "primary"),
                button(&t!(self, "button-decline"), action::OFFER_DECLINE, id, ""),
            ],
        )
    }

    /// The assignment's buttons: contact made, conversation happened, a safety concern,
    /// and the warm handoff when the program lists resources.
    fn assignment_buttons(&self, id: &str, request_id: RequestId) -> SlackBlock {
        let mut buttons = vec![
            button(&t!(self, "button-contact-made"), action::CONTACT_MADE, id, "primary"),
            button(&t!(self, "button-conversation-happened"), action::CONVERSATION_HAPPENED, id, ""),
            button(&t!(self, "button-safety-concern"), action::SAFETY_CONCERN, id, "danger"),
        ];
        buttons.extend(self.connect_button(request_id));
        actions(&format!("assignment:{id}"), buttons)
    }

    pub fn assignment(&self, assignment_id: AssignmentId, summary: &RequestSummary, by_day: &str) -> Message {
        let id = assignment_id.to_string();
        if let Some(debrief) = &summary.debrief {
            return self.debrief_assignment(assignment_id, summary, debrief, by_day);
        }
        let who = mention(&summary.requester);
        Message::new(
            t!(self, "assignment", who = who.clone(), by_day = by_day),
            vec![
                section(&format!(
                    "{}\n*{}* {}\n*{}* {}\n*{}* {}",
                    t!(self, "assignment-text", who = who, by_day = by_day),
                    t!(self, "fact-they-would-like"),
                    self.contact_words(summary.contact_pref),
                    t!(self, "fact-good-times"),
                    self.times_words(&summary.good_times),
                    t!(self, "fact-their-role"),
                    self.role_words(summary.role)
                )),
                context(&t!(self, "assignment-note")),
                self.assignment_buttons(&id, summary.request_id),
            ],
        )
    }

    pub fn offer_gone(&self, why: OfferGoneWhy) -> Message {
        let text = match why {
            OfferGoneWhy::Declined => t!(self, "offer-gone-declined"),
            OfferGoneWhy::TimedOut => t!(self, "offer-gone-timed-out"),
            OfferGoneWhy::PassedOn => t!(self, "offer-gone-passed-on"),
            OfferGoneWhy::NoLongerNeeded => t!(self, "offer-gone-not-needed"),
        };
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn assignment_ended(&self, ending: Ending) -> Message {
        let text = match ending {
            Ending::ConversationHappened => t!(self, "assignment-ended-conversation"),
            Ending::ClosedByCoordinator => t!(self, "assignment-ended-coordinator"),
            Ending::Withdrawn => t!(self, "assignment-ended-withdrawn"),
        };
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn supporter_paused(&self) -> Message {
        let text = t!(self, "supporter-paused");
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn supporter_nudge(&self, requester: &str) -> Message {
        let who = mention(requester);
        Message::new(t!(self, "nudge", who = who.clone()), vec![section(&t!(self, "nudge-text", who = who))])
    }

    pub fn talk_again_to_supporter(&self, requester: &str) -> Message {
        let text = t!(self, "talk-again-to-supporter", who = mention(requester));
        Message::new(text.clone(), vec![section(&text)])
    }

    pub fn safety_guidance(&self) -> Message {
        let backup = match self.settings.program.backup_contact.trim() {
            "" => String::new(),
            backup => format!("\n\n*{}* {}", t!(self, "safety-backup"), escape(backup)),
        };
        Message::new(
            t!(self, "safety-guidance"),
            vec![
                section(&format!(
                    "{}\n\n{}{backup}",
                    t!(self, "safety-guidance-text"),
                    escape(&self.settings.program.safety_guidance)
                )),
                self.crisis(),
            ],
        )
    }

    // ----- the coordinators' messages --------------------------------------------------

    pub(super) fn request_facts(&self, s: &RequestSummary) -> String {
        if let Some(debrief) = &s.debrief {
            let mut lines = vec![
                format!("*{}* {}", t!(self, "fact-asked-by"), mention(&s.requester)),
                self.debrief_facts(s, debrief),
            ];
            if !s.site.is_empty() {
                lines.push(format!("*{}* {}", t!(self, "fact-site"), escape(&s.site)));
            }
            return lines.join("\n");
        }
        let mut lines = vec![
            format!("*{}* {}", t!(self, "fact-from"), mention(&s.requester)),
            format!("*{}* {}", t!(self, "fact-role"), self.role_words(s.role)),
        ];
        if !s.department.is_empty() {
            lines.push(format!("*{}* {}", t!(self, "fact-department"), escape(&s.department)));
        }
        if !s.site.is_empty() {
            lines.push(format!("*{}* {}", t!(self, "fact-site"), escape(&s.site)));
        }
        lines.push(format!(
            "*{}* {}, {}",
            t!(self, "fact-contact"),
            self.contact_words(s.contact_pref),
            self.times_words(&s.good_times)
        ));
        if !s.preferences.is_empty() {
            let words: Vec<String> = s.preferences.iter().map(|p| self.preference(p)).collect();
            lines.push(format!("*{}* {}", t!(self, "fact-would-like"), words.join(", ")));
        }
        lines.join("\n")
    }

    /// The unit, its size and when the team could meet, in one line.
    fn debrief_facts(&self, s: &RequestSummary, d: &DebriefSummary) -> String {
        let unit = if s.department.is_empty() { t!(self, "debrief-a-unit") } else { escape(&s.department) };
        let size = d.size.map(|x| self.label(x).to_lowercase()).unwrap_or_else(|| t!(self, "debrief-size-not-given"));
        let when = d.when.map(|w| self.label(w).to_lowercase()).unwrap_or_else(|| t!(self, "debrief-any-time"));
        format!("*{}* {unit}, {size}\n*{}* {when}", t!(self, "fact-team"), t!(self, "fact-could-meet"))
    }

    /// A team debrief offered to a facilitator: the unit, size and timing, never who is in it.
    fn debrief_offer(&self, offer_id: OfferId, s: &RequestSummary, d: &DebriefSummary, answer_within: &str) -> Message {
        let id = offer_id.to_string();
        Message::new(
            t!(self, "debrief-offer"),
            vec![
                header(&t!(self, "debrief-offer-title")),
                section(&format!("{}\n{}", t!(self, "debrief-offer-text"), self.debrief_facts(s, d))),
                context(&t!(self, "debrief-offer-decline-note", within = answer_within)),
                self.accept_decline(&id),
            ],
        )
    }

    /// The facilitator's debrief after Accept: who asked for it, to arrange a time.
    fn debrief_assignment(
        &self,
        assignment_id: AssignmentId,
        s: &RequestSummary,
        d: &DebriefSummary,
        by_day: &str,
    ) -> Message {
        let id = assignment_id.to_string();
        let who = mention(&s.requester);
        Message::new(
            t!(self, "debrief-assignment", who = who.clone(), by_day = by_day),
            vec![
                section(&format!(
                    "{}\n{}",
                    t!(self, "debrief-assignment-text", who = who, by_day = by_day),
                    self.debrief_facts(s, d)
                )),
                context(&t!(self, "debrief-assignment-note")),
                self.assignment_buttons(&id, s.request_id),
            ],
        )
    }

    /// A supporter's own check-in: how the role is going for them.
    pub fn supporter_check_in(&self) -> Message {
        Message::new(
            t!(self, "supporter-check-in"),
            vec![
                section(&t!(self, "supporter-check-in-text")),
                actions(
                    "supporter_check_in",
                    vec![
                        button(&t!(self, "button-care-fine"), action::CARE_FINE, "care", ""),
                        button(&t!(self, "button-care-talk"), action::CARE_TALK, "care", "primary"),
                        button(&t!(self, "button-care-pause"), action::CARE_PAUSE, "care", ""),
                    ],
                ),
                self.crisis(),
            ],
        )
    }

    /// The check-in once answered: the answer in place of the buttons.
    pub fn supporter_check_in_answered(&self, answer: SupporterAnswer, until: Option<&str>) -> Message {
        let text = match answer {
            SupporterAnswer::Fine => t!(self, "care-answered-fine", chosen = t!(self, "button-care-fine")),
            SupporterAnswer::WouldLikeToTalk => t!(self, "care-answered-talk", chosen = t!(self, "button-care-talk")),
            SupporterAnswer::Pause { .. } => t!(
                self,
                "care-answered-pause",
                chosen = t!(self, "button-care-pause"),
                until = until.map(str::to_string).unwrap_or_else(|| t!(self, "care-the-day-you-chose"))
            ),
        };
        Message::new(text.clone(), vec![section(&text), self.crisis()])
    }

    /// "Pause me for a while": the day the pause ends.
    pub fn supporter_pause_modal(&self, metadata: &str, initial: &str) -> SlackView {
        let blocks = vec![
            section(&t!(self, "care-pause-text")),
            input(
                care_field::UNTIL,
                &t!(self, "care-pause-until"),
                date_picker(None).with_initial_date(initial.to_string()),
                false,
                None,
            ),
        ];
        let (title, submit, cancel) =
            (t!(self, "care-pause-title"), t!(self, "care-pause-submit"), t!(self, "modal-cancel"));
        let view = modal(callback::SUPPORTER_PAUSE, &title, &cancel, Some(&submit), blocks);
        SlackView::Modal(view.with_private_metadata(metadata.to_string()))
    }

    /// A supporter's training date, told to them.
    pub fn training_date(&self, until: &str, ended: bool) -> Message {
        let text = if ended {
            t!(self, "training-ended", until = until)
        } else {
            t!(self, "training-ends-soon", until = until)
        };
        Message::new(text.clone(), vec![section(&text)])
    }
}
