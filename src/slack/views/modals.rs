//! The request form: for oneself or a colleague, with every choice the program offers.

use super::*;
use slack_morphism::prelude::SlackBlockStaticSelectElement;

impl Views<'_> {
    /// The private request form. `for_colleague` offers the "A colleague" choice;
    /// `metadata` travels with the form (how it was opened, ids only).
    pub fn request_modal(
        &self,
        departments: &[String],
        sites: &[String],
        directory: &FormDirectory,
        for_colleague: bool,
        metadata: &str,
    ) -> SlackView {
        let mut blocks = vec![section(&t!(self, "request-modal-intro", program = escape(self.program())))];
        if for_colleague {
            blocks.push(input(
                field::FOR_WHOM,
                &t!(self, "form-who-for"),
                {
                    let myself = option(&t!(self, "form-myself"), "myself");
                    radio(vec![myself.clone(), option(&t!(self, "form-a-colleague"), "colleague")])
                        .with_initial_option(text_choice(myself))
                },
                false,
                None,
            ));
            blocks.push(input(
                field::COLLEAGUE,
                &t!(self, "nominate-colleague"),
                user_select(&t!(self, "choose-a-colleague")),
                true,
                Some(&t!(self, "form-colleague-hint")),
            ));
            blocks.push(input(
                field::CHECKED,
                &t!(self, "form-before-referring"),
                checkboxes(vec![
                    option(&t!(self, "form-checked"), "checked"),
                    option(&t!(self, "form-name-me"), "name_me"),
                ]),
                true,
                None,
            ));
        }
        let unsaid = t!(self, "prefer-not-to-say");
        let with_unsaid = |mut opts: Vec<SelectOption>| {
            opts.push(option(&unsaid, PREFER_NOT_TO_SAY));
            opts
        };
        let choose = t!(self, "choose");
        let no_preference = t!(self, "no-preference");
        blocks.extend([
            input(
                field::TOPICS,
                &t!(self, "form-about"),
                checkboxes(self.options(Topic::ALL)),
                true,
                Some(&t!(self, "form-only-coordinators-see")),
            ),
            input(
                field::ROLE,
                &t!(self, "form-your-role"),
                static_select(&choose, with_unsaid(self.options(Role::ALL))),
                false,
                None,
            ),
            input(field::DEPARTMENT, &t!(self, "form-your-department"), self.choice_select(departments), true, None),
            input(field::SITE, &t!(self, "form-your-site"), self.choice_select(sites), true, None),
            input(
                field::RATHER_NOT,
                &t!(self, "form-rather-not"),
                multi_user_select(&t!(self, "form-choose-people"), 10),
                true,
                Some(&t!(self, "form-rather-not-hint")),
            ),
            input(
                field::PREFS,
                &t!(self, "form-who-to-talk-to"),
                checkboxes({
                    let mut wishes = vec![
                        option(&t!(self, "form-same-role"), "same_role"),
                        option(&t!(self, "form-outside-department"), "outside_department"),
                    ];
                    // Only a program with several sites offers another one.
                    if sites.len() > 1 {
                        wishes.push(option(&t!(self, "form-outside-site"), "outside_site"));
                    }
                    wishes
                }),
                true,
                Some(&t!(self, "form-who-to-talk-to-hint")),
            ),
            input(
                field::PREF_ROLE,
                &t!(self, "form-specific-role"),
                static_select(&no_preference, self.options(Role::ALL)),
                true,
                None,
            ),
            input(
                field::PREF_GENDER,
                &t!(self, "form-gender"),
                static_select(&no_preference, self.options(Gender::ALL)),
                true,
                None,
            ),
            input(
                field::PREF_SENIORITY,
                &t!(self, "form-seniority"),
                static_select(&no_preference, self.options(Seniority::ALL)),
                true,
                None,
            ),
        ]);
        blocks.extend(self.directory_blocks(directory));
        blocks.extend([
            input(field::CONTACT, &t!(self, "form-contact"), radio(self.options(ContactPref::ALL)), false, None),
            input(field::TIMES, &t!(self, "form-good-times"), checkboxes(self.options(GoodTime::ALL)), true, None),
            input(
                field::NOTE,
                &t!(self, "form-note"),
                text_input(REQUEST_NOTE_MAX as u64, true),
                true,
                Some(&t!(self, "form-note-hint")),
            ),
            self.crisis(),
        ]);
        let (title, send, cancel) = (t!(self, "request-modal-title"), t!(self, "modal-send"), t!(self, "modal-cancel"));
        let view = modal(callback::REQUEST, &title, &cancel, Some(&send), blocks);
        SlackView::Modal(view.with_private_metadata(metadata.to_string()))
    }

    /// The team debrief form: the unit, what happened (optional), a rough size and when
    /// the team could meet. No attendee list; the one box goes to the coordinators only.
    pub fn debrief_modal(&self, units: &[String]) -> SlackView {
        let choose = t!(self, "choose");
        let choices = |options: Vec<SelectOption>| static_select(&choose, options);
        let blocks = vec![
            section(&t!(self, "debrief-modal-intro", program = escape(self.program()))),
            input(debrief_field::UNIT, &t!(self, "debrief-unit"), self.choice_select(units), false, None),
            input(
                debrief_field::EVENT,
                &t!(self, "outreach-event"),
                choices(self.options(EventKind::ALL)),
                true,
                Some(&t!(self, "form-only-coordinators-see")),
            ),
            input(debrief_field::SIZE, &t!(self, "debrief-size"), choices(self.options(TeamSize::ALL)), false, None),
            input(debrief_field::WHEN, &t!(self, "debrief-when"), choices(self.options(MeetWhen::ALL)), false, None),
            input(
                debrief_field::NOTE,
                &t!(self, "form-note"),
                text_input(REQUEST_NOTE_MAX as u64, true),
                true,
                Some(&t!(self, "debrief-note-hint")),
            ),
            self.crisis(),
        ];
        let (title, send, cancel) = (t!(self, "debrief-modal-title"), t!(self, "modal-send"), t!(self, "modal-cancel"));
        SlackView::Modal(modal(callback::DEBRIEF, &title, &cancel, Some(&send), blocks))
    }

    /// "Meet the supporters" on the form: one listed supporter by name, or someone with an
    /// interest, and whether that is a wish or a must. Only what the program has.
    fn directory_blocks(&self, directory: &FormDirectory) -> Vec<SlackBlock> {
        let mut blocks = Vec::new();
        if !directory.supporters.is_empty() {
            let options = directory.supporters.iter().take(99).map(|(id, label)| option(&short(label), id)).collect();
            blocks.push(input(
                field::ASK_SUPPORTER,
                &t!(self, "form-ask-supporter"),
                static_select(&t!(self, "form-no-one-in-particular"), options),
                true,
                Some(&t!(self, "form-ask-supporter-hint")),
            ));
        }
        if !directory.interests.is_empty() {
            let options = directory.interests.iter().take(99).map(|i| option(&short(i), &option_value(i))).collect();
            blocks.push(input(
                field::ASK_INTEREST,
                &t!(self, "form-ask-interest"),
                static_select(&t!(self, "no-preference"), options),
                true,
                None,
            ));
        }
        if !blocks.is_empty() {
            let wish = option(&t!(self, "form-a-wish"), "wish");
            let must = option(&t!(self, "form-a-must"), "must");
            blocks.push(input(
                field::ASK_MUST,
                &t!(self, "form-wish-or-must"),
                radio(vec![wish.clone(), must]).with_initial_option(text_choice(wish)),
                true,
                Some(&t!(self, "form-wish-or-must-hint")),
            ));
        }
        blocks
    }

    // ----- replies to commands -------------------------------------------------------
}

/// What "Meet the supporters" offers on the request form: listed supporters (Slack ID and
/// a label with their name) and the program's areas of interest.
#[derive(Clone, Debug, Default)]
pub struct FormDirectory {
    pub supporters: Vec<(String, String)>,
    pub interests: Vec<String>,
}

/// A choice's option value: the name as shown, cut to Slack's length.
pub fn option_value(name: &str) -> String {
    short(name)
}

impl Views<'_> {
    /// A select of names with "Prefer not to say" last (see [`choice_select`]).
    pub fn choice_select(&self, names: &[String]) -> SlackBlockStaticSelectElement {
        choice_select(names, &t!(self, "choose"), &t!(self, "prefer-not-to-say"), &t!(self, "or"))
    }
}

/// A select of names with "Prefer not to say" last. Up to Slack's 100 options it is one
/// list; beyond, the names go in alphabetical groups of up to 100 ("A – C"), so none is
/// cut (Slack allows 100 groups).
pub fn choice_select(names: &[String], choose: &str, unsaid: &str, or: &str) -> SlackBlockStaticSelectElement {
    let unsaid = option(unsaid, PREFER_NOT_TO_SAY);
    let options = |names: &[String]| names.iter().map(|n| option(&short(n), &option_value(n))).collect::<Vec<_>>();
    if names.len() < 100 {
        let mut all = options(names);
        all.push(unsaid);
        return static_select(choose, all);
    }
    let initial = |n: &String| n.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
    let mut groups: Vec<_> = names
        .chunks(100)
        .take(99)
        .map(|chunk| {
            let (first, last) = (initial(&chunk[0]), initial(&chunk[chunk.len() - 1]));
            let label = if first == last { first } else { format!("{first} – {last}") };
            option_group(&short(&label), options(chunk))
        })
        .collect();
    groups.push(option_group(&short(or), vec![unsaid]));
    SlackBlockStaticSelectElement::new().with_placeholder(plain(choose)).with_option_groups(groups)
}
