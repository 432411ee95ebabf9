//! A sent form (the request form, the team debrief form): checked against what the form
//! offered, then handed to the domain. What someone typed goes on to the coordinators
//! only, never into an error or a log.

use super::bot::{Ack, Bot};
use super::forms;
use super::views::{debrief_field, field, option_value};
use crate::domain::program::{DebriefForm, FlowError, Refusal};
use crate::domain::request_form::RequestForm;

/// What a form says when saving failed on our side (its message in the catalog).
pub(super) const NOT_SAVED: &str = "form-not-saved";

/// A modal's answer: one field's problem, shown under it.
pub(super) fn form_error(block: &str, text: &str) -> Ack {
    Ack::form_errors([(block.to_string(), text.to_string())])
}

impl Bot {
    /// The request form, sent: checked against what the form offered, then submitted.
    pub(super) async fn submit_request(&self, user: &str, mut form: RequestForm, metadata: &str) -> Ack {
        let program = self.program();
        // Keep only departments and sites the form offers, so a forged submission cannot
        // write its own text into the database.
        let choices = match program.form_choices().await {
            Ok(choices) => choices,
            Err(e) => {
                tracing::error!(error = %e, "request form not checked");
                return form_error(field::CONTACT, &self.views_for(user).await.text(NOT_SAVED, None));
            }
        };
        // The form's values are the names as shown (cut to Slack's length); the full
        // name is kept.
        let offered = |list: &[String], chosen: String| list.iter().find(|name| option_value(name) == chosen).cloned();
        form.department = form.department.and_then(|d| offered(&choices.departments, d));
        form.site = form.site.and_then(|s| offered(&choices.sites, s));
        let problems = form.problems(user);
        let views = self.views_for(user).await;
        if !problems.is_empty() {
            return Ack::form_errors(
                problems.iter().map(|p| (forms::block_of(p.field).to_string(), views.text(p.message, None))),
            );
        }
        let (source, again) = forms::request_source(metadata);
        // "I'd like to talk again": prefer the same supporter, if they are still on the roster.
        if let Some(again) = again {
            match program.supporter(&again).await {
                Ok(Some(_)) => form.preferred_supporter = Some(again),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "preferred supporter not looked up"),
            }
        }
        // "Meet the supporters": an interest the program lists, and a supporter who is on
        // the roster and listed; anything else a forged form sends is dropped.
        form.interest = form
            .interest
            .and_then(|i| self.settings().program.interests.iter().find(|k| option_value(k) == i).cloned());
        if let Some(who) = form.asked_for.take() {
            match program.supporter(&who).await {
                Ok(Some(s)) if s.listed => {
                    form.preferred_supporter = Some(who.clone());
                    form.asked_for = Some(who);
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "asked-for supporter not looked up"),
            }
        }
        tracing::info!("request form submitted");
        let answered = forms::answered_message(metadata);
        match program.submit_request(user, form, source).await {
            Ok(()) => {
                // The DM whose yes opened the form now shows the answer instead of its buttons.
                if let Some((channel, ts)) = answered {
                    let bot = self.clone();
                    let who = user.to_string();
                    self.after_ack(async move {
                        let m = bot.views_for(&who).await.said_yes();
                        if let Err(e) = bot.api().update_message(&channel, &ts, m.into_edit()).await {
                            tracing::warn!(error = %e, "answered message not changed");
                        }
                    })
                    .await;
                }
                Ack::Empty
            }
            Err(FlowError::Refused(Refusal::NotEligible)) => {
                form_error(field::CONTACT, &self.views_for(user).await.not_eligible_inline())
            }
            Err(FlowError::Refused(r)) => form_error(field::CONTACT, &self.views_for(user).await.refusal(&r).text),
            Err(e) => {
                tracing::error!(error = %e, "request not saved");
                form_error(field::CONTACT, &self.views_for(user).await.text(NOT_SAVED, None))
            }
        }
    }

    /// The team debrief form, sent: the unit must be one the form offered, so a forged
    /// submission cannot write its own text into the database.
    pub(super) async fn submit_debrief(&self, user: &str, unit: Option<String>, mut form: DebriefForm) -> Ack {
        let program = self.program();
        let views = self.views_for(user).await;
        let units = match program.form_choices().await {
            Ok(choices) => choices.departments,
            Err(e) => {
                tracing::error!(error = %e, "debrief form not checked");
                return form_error(debrief_field::UNIT, &self.views_for(user).await.text(NOT_SAVED, None));
            }
        };
        form.unit = match unit.as_deref() {
            Some(super::views::PREFER_NOT_TO_SAY) => String::new(),
            Some(chosen) => match units.iter().find(|name| option_value(name) == chosen) {
                Some(name) => name.clone(),
                None => return form_error(debrief_field::UNIT, &views.text("form-choose-team", None)),
            },
            None => return form_error(debrief_field::UNIT, &views.text("form-choose-team", None)),
        };
        if form.size.is_none() {
            return form_error(debrief_field::SIZE, &views.text("form-choose-size", None));
        }
        if form.when.is_none() {
            return form_error(debrief_field::WHEN, &views.text("form-choose-when", None));
        }
        match program.request_debrief(user, form).await {
            Ok(()) => Ack::Empty,
            Err(FlowError::Refused(Refusal::NotEligible)) => {
                form_error(debrief_field::UNIT, &self.views_for(user).await.not_eligible_inline())
            }
            Err(FlowError::Refused(r)) => form_error(debrief_field::UNIT, &self.views_for(user).await.refusal(&r).text),
            Err(e) => {
                tracing::error!(error = %e, "team debrief not saved");
                form_error(debrief_field::UNIT, &views.text(NOT_SAVED, None))
            }
        }
    }
}
