//! The roster's forms and nominations: what a coordinator fills in to add or edit a
//! supporter, and how a colleague is put forward to become one.

use super::*;

impl Views<'_> {
    /// Adds or edits a supporter; `existing` fills the form for an edit.
    pub fn roster_modal(&self, existing: Option<&crate::store::roster::Supporter>) -> SlackView {
        let title = if existing.is_some() { t!(self, "roster-edit-title") } else { t!(self, "roster-add-title") };
        self.roster_modal_titled(existing, &title)
    }

    /// The form to add a nominated colleague, filled with who and their role.
    pub fn roster_modal_for_nominee(&self, nominee: &str, role: Option<Role>) -> SlackView {
        let prefill = crate::store::roster::Supporter::new(nominee, role.map(|r| r.code()).unwrap_or(""));
        self.roster_modal_titled(Some(&prefill), &t!(self, "roster-add-title"))
    }

    fn roster_modal_titled(&self, existing: Option<&crate::store::roster::Supporter>, title: &str) -> SlackView {
        let text = |block: &str, label: &str, value: &str| {
            let mut el = text_input(80, false);
            if !value.is_empty() {
                el.initial_value = Some(value.to_string());
            }
            input(block, label, el, true, None)
        };
        let choose = t!(self, "choose");
        let select = |block: &str, label: &str, options: Vec<SelectOption>, current: Option<SelectOption>| {
            let mut el = static_select(&choose, options);
            el.initial_option = current;
            input(block, label, el, true, None)
        };
        let mut user = user_select(&t!(self, "choose-a-person"));
        let role_current = existing.and_then(|s| Role::from_code(&s.role)).map(|r| option(&self.label(r), r.code()));
        let gender_current =
            existing.and_then(|s| Gender::from_code(&s.gender)).map(|g| option(&self.label(g), g.code()));
        let seniority_current =
            existing.and_then(|s| Seniority::from_code(&s.seniority)).map(|x| option(&self.label(x), x.code()));
        if let Some(s) = existing {
            user.initial_user = Some(s.slack_user_id.clone());
        }
        let max = number_input(1, 50).with_initial_value(existing.map(|s| s.max_active).unwrap_or(2).to_string());
        let leads = option(&t!(self, "roster-can-lead"), "yes");
        let mut facilitator = checkboxes(vec![leads.clone()]);
        if existing.is_some_and(|s| s.facilitator) {
            facilitator.initial_options = Some(vec![text_choice(leads)]);
        }
        let mut trained = date_picker(Some(&t!(self, "choose-a-date")));
        trained.initial_date = existing.and_then(|s| s.trained_until()).map(|day| day.format("%Y-%m-%d").to_string());
        let existing_text = |f: fn(&crate::store::roster::Supporter) -> &str| existing.map(f).unwrap_or("");
        let blocks = vec![
            input(roster_field::USER, &t!(self, "roster-supporter"), user, false, None),
            select(roster_field::ROLE, &t!(self, "roster-role"), self.options(Role::ALL), role_current),
            text(roster_field::DEPARTMENT, &t!(self, "roster-department"), existing_text(|s| &s.department)),
            text(roster_field::SPECIALTY, &t!(self, "roster-specialty"), existing_text(|s| &s.specialty)),
            text(roster_field::SITE, &t!(self, "roster-site"), existing_text(|s| &s.site)),
            select(roster_field::GENDER, &t!(self, "roster-gender"), self.options(Gender::ALL), gender_current),
            select(
                roster_field::SENIORITY,
                &t!(self, "roster-seniority"),
                self.options(Seniority::ALL),
                seniority_current,
            ),
            input(roster_field::MAX_ACTIVE, &t!(self, "roster-max-active"), max, false, None),
            input(roster_field::FACILITATOR, &t!(self, "roster-team-debriefs"), facilitator, true, None),
            input(
                roster_field::TRAINED_UNTIL,
                &t!(self, "roster-trained-until"),
                trained,
                true,
                Some(&t!(self, "roster-trained-until-hint")),
            ),
        ];
        let (save, cancel) = (t!(self, "modal-save"), t!(self, "modal-cancel"));
        SlackView::Modal(modal(callback::ROSTER_ENTRY, title, &cancel, Some(&save), blocks))
    }

    /// The nomination form: a colleague, and optionally their role.
    pub fn nomination_modal(&self) -> SlackView {
        let blocks = vec![
            section(&t!(self, "nominate-text")),
            input(
                nomination_field::NOMINEE,
                &t!(self, "nominate-colleague"),
                user_select(&t!(self, "choose-a-colleague")),
                false,
                None,
            ),
            input(
                nomination_field::ROLE,
                &t!(self, "nominate-role"),
                static_select(&t!(self, "choose"), self.options(Role::ALL)),
                true,
                Some(&t!(self, "optional")),
            ),
        ];
        let (title, send, cancel) = (t!(self, "nominate-title"), t!(self, "modal-send"), t!(self, "modal-cancel"));
        SlackView::Modal(modal(callback::NOMINATE, &title, &cancel, Some(&send), blocks))
    }

    /// The nomination form once sent.
    pub fn nomination_thanks(&self) -> SlackView {
        let mut view = modal(
            "",
            &t!(self, "nominate-title"),
            &t!(self, "modal-done"),
            None,
            vec![section(&t!(self, "nominate-thanks"))],
        );
        view.callback_id = None;
        SlackView::Modal(view)
    }

    /// The coordinators' DM about a nomination, with `Add supporter` prefilled.
    pub fn nomination(&self, nominee: &str, nominator: &str, role: Option<Role>) -> Message {
        let role_words = role.map(|r| format!(" ({})", self.label(r).to_lowercase())).unwrap_or_default();
        let text = t!(self, "nomination", by = mention(nominator), who = mention(nominee), role = role_words);
        let value = format!("{nominee}:{}", role.map(|r| r.code()).unwrap_or(""));
        Message::new(
            text.clone(),
            vec![
                section(&format!("{text} {}", t!(self, "nomination-next"))),
                actions(
                    "nomination",
                    vec![button(&t!(self, "button-add-supporter"), action::NOMINATION_ADD, &value, "primary")],
                ),
            ],
        )
    }
}
