//! One arm per [`Command`]: who may do it is the domain's to check, from the database;
//! each arm makes one domain call and says what happened, kindly. No SQL here, and no
//! Block Kit beyond choosing which view answers.

use crate::ids::UserId;
use std::time::Instant;

use serde_json::json;

use super::bot::{Ack, Bot};
use super::command::{Command, Origin, RosterAction};
use super::forms;
use super::submit::{NOT_SAVED, form_error};
use super::views::{Message, care_field, handoff_field, nomination_field, outreach_field, roster_field};
use crate::domain::notice::{CheckInAnswer, OutreachAnswer, SupporterAnswer};
use crate::domain::program::{AnswerKind, CheckInOutcome, DebriefForm, FlowError, Refusal};

impl Bot {
    /// Acts on one command; returns the immediate answer to Slack.
    pub(super) async fn dispatch(&self, origin: Origin, command: Command, received: Instant) -> Ack {
        let program = self.program().clone();
        // What answers the person in the ack looks up their language first (one users.info,
        // then cached); what answers after the ack (a form, a click's result) looks it up
        // there, so a first-time person's ack does not wait for Slack.
        let views = if command.words_before_ack() { self.views_for(&origin.user).await } else { self.views() };
        let user = origin.user.clone();
        match command {
            // ----- /peer-support ---------------------------------------------------------
            Command::AskForSupport { from_home } => {
                // From Home, someone with a request open is shown where it stands.
                if from_home && let Ok(Some(status)) = self.status_if_open(&user).await {
                    return self.answer(&origin, status, false).await;
                }
                if !program.is_eligible(&user) {
                    return self.answer(&origin, self.views_for(&user).await.not_eligible(), !from_home).await;
                }
                self.open_request_modal(&origin, true, "self".into(), received).await;
                Ack::Empty
            }
            Command::Help => Ack::reply(views.help()),
            Command::Resources => Ack::reply(views.resources()),
            Command::Status => match self.status_message(&user).await {
                Ok(m) => Ack::reply(m),
                Err(e) => self.internal(e),
            },
            Command::SetAvailability { paused, until, from_home } => {
                let until = match until {
                    Some(day) => match program.end_of_day(day) {
                        Some(end) => Some(end),
                        None => return Ack::Empty,
                    },
                    None => None,
                };
                match program.set_availability(&user, &user, paused, until).await {
                    Ok(()) => {
                        self.refresh_homes(vec![user.to_string()]);
                        if from_home { Ack::Empty } else { Ack::reply(views.availability(paused)) }
                    }
                    Err(FlowError::Refused(_)) if !from_home => Ack::reply(views.not_a_supporter()),
                    Err(e) => self.settle(Err(e), &origin, "supporter_availability").await,
                }
            }
            Command::UnknownSubcommand | Command::UnknownCommand => Ack::reply(views.unknown_subcommand()),

            // ----- /peer-outreach and /peer-admin ------------------------------------------
            Command::OpenOutreachForm { from_home } => {
                if !program.is_leader(&user) {
                    return self.refuse(&origin, Refusal::LeadersOnly, "/peer-outreach", from_home).await;
                }
                self.open_view_after_ack(&origin, received, |v| v.outreach_modal()).await;
                Ack::Empty
            }
            Command::OpenAdminTools => {
                if !program.is_coordinator(&user) {
                    return self.refuse(&origin, Refusal::CoordinatorsOnly, "/peer-admin", false).await;
                }
                self.open_admin_modal(&origin, received).await;
                Ack::Empty
            }
            Command::AdminStats { month } => {
                let Some(scope) = program.coordinator_scope(&user) else {
                    return self.refuse(&origin, Refusal::CoordinatorsOnly, "/peer-admin", false).await;
                };
                let month = month.unwrap_or_else(|| program.calendar().month_of(program.clock().now()));
                match program.stats(&scope, &month).await {
                    Ok(stats) => Ack::reply(views.stats(&stats, &scope)),
                    Err(e) => self.internal(e),
                }
            }
            Command::AdminStatsBadMonth | Command::AdminUnknown => {
                if !program.is_coordinator(&user) {
                    return self.refuse(&origin, Refusal::CoordinatorsOnly, "/peer-admin", false).await;
                }
                let hint =
                    if matches!(command, Command::AdminStatsBadMonth) { "admin-bad-month" } else { "admin-help" };
                Ack::reply(views.say(hint))
            }

            // ----- the supporter's buttons -----------------------------------------------
            Command::AcceptOffer { offer_id } => {
                self.settle(program.accept(offer_id, &user).await, &origin, "offer_accept").await
            }
            Command::DeclineOffer { offer_id } => {
                self.settle(program.decline(offer_id, &user).await, &origin, "offer_decline").await
            }
            Command::ContactMade { assignment_id } => {
                let done = program.contact_made(assignment_id, &user).await;
                if done.is_ok() {
                    self.tell_after_ack(&origin, views.say("contact-made-noted")).await;
                }
                self.settle(done, &origin, "contact_made").await
            }
            Command::ConversationHappened { assignment_id } => {
                self.settle(program.conversation_happened(assignment_id, &user).await, &origin, "conversation_happened")
                    .await
            }
            Command::SafetyConcern { assignment_id } => {
                self.settle(program.safety_concern(assignment_id, &user).await, &origin, "safety_concern").await
            }

            // ----- the coordinators' buttons ---------------------------------------------
            Command::Reassign { request_id } => {
                self.settle(program.coordinator_reassign(request_id, &user).await, &origin, "reassign").await
            }
            Command::Close { request_id } => {
                self.settle(program.coordinator_close(request_id, &user).await, &origin, "close").await
            }
            Command::OfferTo { request_id, supporter, anyway } => {
                match program.coordinator_offer(request_id, &supporter, &user, anyway).await {
                    // Warned first: the coordinator decides, with `Offer anyway`.
                    Err(FlowError::Refused(Refusal::SameEvent)) => {
                        tracing::info!(
                            request_id = request_id.0,
                            refused = "same_event",
                            "offer_to held for a warning"
                        );
                        self.tell_after_ack(&origin, views.same_event_warning(request_id, &supporter)).await;
                        Ack::Empty
                    }
                    done => self.settle(done, &origin, "offer_to").await,
                }
            }
            Command::OpenDebriefForm { from_home } => {
                if !program.is_eligible(&user) {
                    return self.answer(&origin, self.views_for(&user).await.not_eligible(), !from_home).await;
                }
                let units = match program.form_choices().await {
                    Ok(choices) => choices.departments,
                    Err(e) => return self.internal(e),
                };
                self.open_view_after_ack(&origin, received, move |v| v.debrief_modal(&units)).await;
                Ack::Empty
            }
            Command::SubmitDebrief { unit, event, size, when, note } => {
                self.submit_debrief(&user, unit, DebriefForm { event, size, when, note, ..Default::default() }).await
            }
            Command::SupporterCheckIn { answer } => {
                match program.answer_supporter_check_in(&user, answer).await {
                    Ok(()) => self.replace_after_ack(&origin, views.supporter_check_in_answered(answer, None)).await,
                    Err(FlowError::Refused(Refusal::AlreadyDone)) => {
                        self.tell_after_ack(&origin, views.check_in_already_answered()).await
                    }
                    Err(e) => return self.settle(Err(e), &origin, "supporter_checkin_answer").await,
                }
                Ack::Empty
            }
            Command::SetDirectoryEntry { listed, interests } => {
                let done = program.set_directory_entry(&user, interests, listed).await;
                if done.is_ok() {
                    // Everyone's Home shows the directory: the change reaches each as they next look.
                    self.refresh_homes(vec![user.to_string()]);
                }
                match done {
                    Ok(()) => Ack::Empty,
                    Err(e) => self.settle(Err(e), &origin, "directory_entry").await,
                }
            }
            Command::OpenSupporterPause => {
                let today = program.today(program.clock().now());
                let initial = (today + chrono::Days::new(30)).format("%Y-%m-%d").to_string();
                let metadata = match (origin.channel_id.as_deref(), origin.message_ts.as_deref()) {
                    (Some(channel), Some(ts)) => format!("{channel}:{ts}"),
                    _ => String::new(),
                };
                self.open_view_after_ack(&origin, received, move |v| v.supporter_pause_modal(&metadata, &initial))
                    .await;
                Ack::Empty
            }
            Command::SubmitSupporterPause { until, metadata } => {
                let Some(until) = until else {
                    return form_error(care_field::UNTIL, &views.text("form-choose-pause-end", None));
                };
                match program.answer_supporter_check_in(&user, SupporterAnswer::Pause { until }).await {
                    Ok(()) => {
                        self.refresh_homes(vec![user.to_string()]);
                        // The check-in DM now shows the answer instead of its buttons.
                        if let Some((channel, ts)) = forms::answered_message(&format!("@{metadata}")) {
                            let bot = self.clone();
                            let who = user.clone();
                            self.after_ack(async move {
                                let views = bot.views_for(&who).await;
                                let day = views.date(until);
                                let m = views.supporter_check_in_answered(SupporterAnswer::Pause { until }, Some(&day));
                                if let Err(e) = bot.api().update_message(&channel, &ts, m.into_edit()).await {
                                    tracing::warn!(error = %e, "answered check-in not changed");
                                }
                            })
                            .await;
                        }
                        Ack::Empty
                    }
                    Err(FlowError::Refused(Refusal::AlreadyDone)) => {
                        form_error(care_field::UNTIL, &views.text("form-pause-already-answered", None))
                    }
                    Err(FlowError::Refused(r)) => form_error(care_field::UNTIL, &views.refusal(&r).text),
                    Err(e) => {
                        tracing::error!(error = %e, "pause not saved");
                        form_error(care_field::UNTIL, &views.text(NOT_SAVED, None))
                    }
                }
            }
            Command::OpenNomination { .. } => {
                self.open_view_after_ack(&origin, received, |v| v.nomination_modal()).await;
                Ack::Empty
            }
            Command::SubmitNomination { nominee, role } => {
                let Some(nominee) = nominee else {
                    return form_error(nomination_field::NOMINEE, &views.text("form-choose-colleague", None));
                };
                match program.nominate(&user, &nominee, role).await {
                    Ok(()) => Ack::update_view(views.nomination_thanks()),
                    Err(FlowError::Refused(r)) => form_error(nomination_field::NOMINEE, &views.refusal(&r).text),
                    Err(e) => {
                        tracing::error!(error = %e, "nomination not sent");
                        form_error(nomination_field::NOMINEE, &views.text(NOT_SAVED, None))
                    }
                }
            }
            Command::AddNominee { nominee, role } => {
                if !program.is_program_coordinator(&user) {
                    return self.refuse(&origin, Refusal::CoordinatorsOnly, "roster", true).await;
                }
                self.open_view_after_ack(&origin, received, move |v| v.roster_modal_for_nominee(&nominee, role)).await;
                Ack::Empty
            }
            Command::OpenHandoff { request_id } => {
                if let Err(e) = program.may_hand_off(request_id, &user).await {
                    return self.settle(Err(e), &origin, "open_handoff").await;
                }
                self.open_view_after_ack(&origin, received, move |v| v.handoff_modal(request_id)).await;
                Ack::Empty
            }
            Command::SubmitHandoff { request_id, resource } => {
                let (Some(request_id), Some(resource)) = (request_id, resource) else {
                    return form_error(handoff_field::RESOURCE, &views.text("form-choose-resource", None));
                };
                match program.hand_off(request_id, resource, &user).await {
                    Ok(()) => Ack::Empty,
                    Err(FlowError::Refused(r)) => form_error(handoff_field::RESOURCE, &views.refusal(&r).text),
                    Err(e) => {
                        tracing::error!(error = %e, "handoff not saved");
                        form_error(handoff_field::RESOURCE, &views.text(NOT_SAVED, None))
                    }
                }
            }
            Command::OpenRosterForm => {
                if !program.is_program_coordinator(&user) {
                    return self.refuse(&origin, Refusal::CoordinatorsOnly, "roster", true).await;
                }
                self.open_view_after_ack(&origin, received, |v| v.roster_modal(None)).await;
                Ack::Empty
            }
            Command::RosterMenu { action, supporter } => self.roster_menu(&origin, action, supporter, received).await,

            // ----- the requester's buttons -----------------------------------------------
            Command::Withdraw { request_id } => {
                let done = program.withdraw(request_id, &user).await;
                if done.is_ok() {
                    self.tell_after_ack(&origin, views.withdrawn()).await;
                }
                self.settle(done, &origin, "withdraw").await
            }
            Command::CheckIn { token, answer } => self.check_in_answer(&origin, &token, answer, received).await,
            Command::Feedback { token, answer } => match program.answer_feedback(&token, answer).await {
                Ok(()) | Err(FlowError::Refused(_)) => {
                    self.replace_after_ack(&origin, views.feedback_thanks()).await;
                    Ack::Empty
                }
                Err(e) => self.settle(Err(e), &origin, "feedback_answer").await,
            },
            Command::ConsentYes { token } => {
                if let Err(e) = program.may_answer(&token, AnswerKind::Consent, &user).await {
                    return self.settle(Err(e), &origin, "consent_answer").await;
                }
                match program.has_open_request(&user).await {
                    Err(e) => self.internal(e),
                    Ok(true) => self.settle(Err(Refusal::AlreadyOpen.into()), &origin, "consent_answer").await,
                    Ok(false) => {
                        let metadata = forms::answer_metadata(
                            "referral",
                            &token,
                            origin.channel_id.as_deref(),
                            origin.message_ts.as_deref(),
                        );
                        self.open_request_modal(&origin, false, metadata, received).await;
                        Ack::Empty
                    }
                }
            }
            Command::ConsentNo { token } => match program.decline_consent(&token, &user).await {
                Ok(()) | Err(FlowError::Refused(Refusal::AlreadyDone)) => {
                    self.replace_after_ack(&origin, views.consent_declined()).await;
                    Ack::Empty
                }
                Err(e) => self.settle(Err(e), &origin, "consent_answer").await,
            },
            Command::OutreachYes { token } => {
                if let Err(e) = program.may_answer(&token, AnswerKind::Outreach, &user).await {
                    return self.settle(Err(e), &origin, "outreach_answer").await;
                }
                match self.status_if_open(&user).await {
                    Ok(Some(status)) => {
                        self.tell_after_ack(&origin, status).await;
                        Ack::Empty
                    }
                    Ok(None) => {
                        let metadata = forms::answer_metadata(
                            "outreach",
                            &token,
                            origin.channel_id.as_deref(),
                            origin.message_ts.as_deref(),
                        );
                        self.open_request_modal(&origin, false, metadata, received).await;
                        Ack::Empty
                    }
                    Err(e) => self.internal(e),
                }
            }
            Command::OutreachAnswer { token, answer } => match program.answer_outreach(&token, &user, answer).await {
                Ok(()) | Err(FlowError::Refused(Refusal::AlreadyDone)) => {
                    let m = match answer {
                        OutreachAnswer::NotNow => views.outreach_not_now(),
                        OutreachAnswer::AskAgain => {
                            let now = program.clock().now();
                            let when = program.calendar().add(now, self.settings().follow_up.ask_again_after);
                            views.outreach_ask_again_later(&views.when(now, when))
                        }
                    };
                    self.replace_after_ack(&origin, m).await;
                    Ack::Empty
                }
                Err(e) => self.settle(Err(e), &origin, "outreach_answer").await,
            },

            // ----- the Home tab ------------------------------------------------------------
            Command::HomeOpened => {
                tracing::debug!("home opened");
                self.home_opened(&user).await;
                Ack::Empty
            }
            Command::HomePage { pages } => {
                let bot = self.clone();
                self.after_ack(async move { bot.publish_home(&user, pages).await }).await;
                Ack::Empty
            }

            // ----- modal submissions ---------------------------------------------------------
            Command::SubmitRequest { form, metadata } => self.submit_request(&user, *form, &metadata).await,
            Command::SubmitOutreach { colleagues, event, note } => {
                if colleagues.is_empty() {
                    return form_error(outreach_field::COLLEAGUES, &views.text("form-choose-colleagues", None));
                }
                let colleagues: Vec<String> = colleagues.iter().map(UserId::to_string).collect();
                match program.start_outreach(&user, &colleagues, event, note.as_ref()).await {
                    Ok(_) => Ack::Empty,
                    Err(FlowError::Refused(r)) => form_error(outreach_field::COLLEAGUES, &views.refusal(&r).text),
                    Err(e) => {
                        tracing::error!(error = %e, "outreach not saved");
                        form_error(outreach_field::COLLEAGUES, &views.text(NOT_SAVED, None))
                    }
                }
            }
            Command::SaveRosterEntry { entry } => {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err((block, problem)) => return form_error(block, &views.text(problem, None)),
                };
                let supporter = entry.slack_user_id.clone();
                match program.save_supporter(entry, &user).await {
                    Ok(()) => {
                        self.refresh_homes(vec![supporter]);
                        Ack::Empty
                    }
                    Err(FlowError::Refused(r)) => form_error(roster_field::USER, &views.refusal(&r).text),
                    Err(e) => {
                        tracing::error!(error = %e, "roster entry not saved");
                        form_error(roster_field::USER, &views.text("form-roster-not-saved", None))
                    }
                }
            }

            Command::UrlVerification { challenge } => Ack::Json(json!({ "challenge": challenge })),
            Command::Ignored { kind } => {
                tracing::debug!(kind, "nothing to do");
                Ack::Empty
            }
        }
    }

    /// A check-in answer, counted once: the message then shows the answer instead of the
    /// buttons. "Talk again" asks the same supporter while they are still assigned, and
    /// otherwise opens a new request that prefers them.
    async fn check_in_answer(&self, origin: &Origin, token: &str, answer: CheckInAnswer, received: Instant) -> Ack {
        let views = self.views_for(&origin.user).await;
        let outcome = match self.program().answer_check_in(token, &origin.user, answer).await {
            Ok(outcome) => outcome,
            Err(FlowError::Refused(Refusal::AlreadyDone)) => {
                self.tell_after_ack(origin, views.check_in_already_answered()).await;
                return Ack::Empty;
            }
            Err(e) => return self.settle(Err(e), origin, "checkin_answer").await,
        };
        match outcome {
            CheckInOutcome::AskAgain { prefer } => {
                let metadata = prefer.as_ref().map(|s| format!("again:{s}")).unwrap_or_else(|| "self".into());
                self.open_request_modal(origin, false, metadata, received).await;
                self.replace_after_ack(origin, views.check_in_answered(answer)).await;
            }
            CheckInOutcome::SupporterTold { supporter } => {
                self.replace_after_ack(origin, views.talk_again_requested(&supporter)).await;
            }
            CheckInOutcome::Noted => {
                self.replace_after_ack(origin, views.check_in_answered(answer)).await;
                if answer == CheckInAnswer::Resources {
                    self.tell_after_ack(origin, views.resources()).await;
                }
            }
        }
        Ack::Empty
    }

    /// A coordinator's choice from a roster row's menu: edit, pause, resume or remove.
    async fn roster_menu(&self, origin: &Origin, action: RosterAction, supporter: UserId, received: Instant) -> Ack {
        let program = self.program().clone();
        let user = origin.user.clone();
        if !program.is_program_coordinator(&user) {
            return self.refuse(origin, Refusal::CoordinatorsOnly, "roster", true).await;
        }
        let result = match action {
            RosterAction::Edit => {
                let existing = match program.supporter(&supporter).await {
                    Ok(existing) => existing,
                    Err(e) => return self.internal(e),
                };
                self.open_view_after_ack(origin, received, move |v| v.roster_modal(existing.as_ref())).await;
                return Ack::Empty;
            }
            RosterAction::Pause | RosterAction::Resume => {
                program.set_availability(&supporter, &user, action == RosterAction::Pause, None).await
            }
            RosterAction::Remove => program.remove_supporter(&supporter, &user).await,
        };
        if result.is_ok() {
            self.refresh_homes(vec![user.to_string(), supporter.to_string()]);
        }
        self.settle(result, origin, "roster_menu").await
    }

    /// Says who may use a command or button, and nothing more changes.
    async fn refuse(&self, origin: &Origin, refusal: Refusal, what: &'static str, after_ack: bool) -> Ack {
        if after_ack {
            return self.settle(Err(refusal.into()), origin, what).await;
        }
        tracing::info!(command = what, refused = refusal.kind(), "command refused");
        let id = match refusal {
            Refusal::LeadersOnly => "refuse-peer-outreach",
            _ => "refuse-peer-admin",
        };
        Ack::reply(self.views_for(&origin.user).await.say(id))
    }

    /// A reply to a slash command goes in the ack; to a click, after it.
    async fn answer(&self, origin: &Origin, m: Message, in_ack: bool) -> Ack {
        if in_ack {
            return Ack::reply(m);
        }
        self.tell_after_ack(origin, m).await;
        Ack::Empty
    }
}
