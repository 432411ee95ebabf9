//! The request form: for oneself or a colleague, with every choice the program offers.

use super::*;

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
            input(field::DEPARTMENT, "Your department", choice_select(departments), true, None),
            input(field::SITE, "Your site", choice_select(sites), true, None),
            input(
                field::RATHER_NOT,
                "Anyone you would rather not talk with",
                json!({ "type": "multi_users_select", "placeholder": plain("Choose people"), "max_selected_items": 10 }),
                true,
                Some("Optional. They will never be offered your request, and nobody tells them."),
            ),
            input(
                field::PREFS,
                "Who would you like to talk to?",
                checkboxes({
                    let mut wishes = vec![
                        option("Someone in the same role as me", "same_role"),
                        option("Someone outside my department", "outside_department"),
                    ];
                    // Only a program with several sites offers another one.
                    if sites.len() > 1 {
                        wishes.push(option("Someone at another site", "outside_site"));
                    }
                    wishes
                }),
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
        ]);
        blocks.extend(self.directory_blocks(directory));
        blocks.extend([
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

    /// The team debrief form: the unit, what happened (optional), a rough size and when
    /// the team could meet. No attendee list; the one box goes to the coordinators only.
    pub fn debrief_modal(&self, units: &[String]) -> Value {
        let choices = |options: Vec<Value>| static_select("Choose", options);
        let blocks = vec![
            section(&format!(
                "A team debrief is a confidential group conversation for a unit after a hard event, led by a trained \
                 facilitator from *{}*. It isn't a review of what happened, and no notes or attendance are kept.",
                escape(self.program())
            )),
            input(debrief_field::UNIT, "Which team or unit?", choice_select(units), false, None),
            input(
                debrief_field::EVENT,
                "What happened",
                choices(EventKind::ALL.iter().map(|e| option(e.label(), e.code())).collect()),
                true,
                Some("Optional. Only the coordinators see this."),
            ),
            input(
                debrief_field::SIZE,
                "About how many people",
                choices(TeamSize::ALL.iter().map(|t| option(t.label(), t.code())).collect()),
                false,
                None,
            ),
            input(
                debrief_field::WHEN,
                "When could the team meet?",
                choices(MeetWhen::ALL.iter().map(|w| option(w.label(), w.code())).collect()),
                false,
                None,
            ),
            input(
                debrief_field::NOTE,
                "Anything the coordinator should know",
                json!({ "type": "plain_text_input", "multiline": true, "max_length": REQUEST_NOTE_MAX }),
                true,
                Some("Optional. Only the coordinators read this; it is never stored. Please don't list names."),
            ),
            self.crisis(),
        ];
        json!({
            "type": "modal",
            "callback_id": callback::DEBRIEF,
            "title": plain("Team debrief"),
            "submit": plain("Send"),
            "close": plain("Cancel"),
            "blocks": blocks,
        })
    }

    /// "Meet the supporters" on the form: one listed supporter by name, or someone with an
    /// interest, and whether that is a wish or a must. Only what the program has.
    fn directory_blocks(&self, directory: &FormDirectory) -> Vec<Value> {
        let mut blocks = Vec::new();
        if !directory.supporters.is_empty() {
            let options = directory.supporters.iter().take(99).map(|(id, label)| option(&short(label), id)).collect();
            blocks.push(input(
                field::ASK_SUPPORTER,
                "A supporter you'd like, from Meet the supporters",
                static_select("No one in particular", options),
                true,
                Some("Optional. The Home tab introduces them."),
            ));
        }
        if !directory.interests.is_empty() {
            let options = directory.interests.iter().take(99).map(|i| option(&short(i), &option_value(i))).collect();
            blocks.push(input(
                field::ASK_INTEREST,
                "Someone with an interest in",
                static_select("No preference", options),
                true,
                None,
            ));
        }
        if !blocks.is_empty() {
            let wish = option("A wish: ask them first", "wish");
            blocks.push(input(
                field::ASK_MUST,
                "Is that a wish or a must?",
                json!({ "type": "radio_buttons", "options": [wish.clone(), option("A must: only them", "must")], "initial_option": wish }),
                true,
                Some("With a must, if nobody fits, a coordinator will get in touch with you."),
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

/// A select of names with "Prefer not to say" last. Up to Slack's 100 options it is one
/// list; beyond, the names go in alphabetical groups of up to 100 ("A – C"), so none is
/// cut (Slack allows 100 groups).
pub fn choice_select(names: &[String]) -> Value {
    let unsaid = option("Prefer not to say", PREFER_NOT_TO_SAY);
    let options = |names: &[String]| names.iter().map(|n| option(&short(n), &option_value(n))).collect::<Vec<_>>();
    if names.len() < 100 {
        let mut all = options(names);
        all.push(unsaid);
        return static_select("Choose", all);
    }
    let initial = |n: &String| n.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
    let mut groups: Vec<Value> = names
        .chunks(100)
        .take(99)
        .map(|chunk| {
            let (first, last) = (initial(&chunk[0]), initial(&chunk[chunk.len() - 1]));
            let label = if first == last { first } else { format!("{first} – {last}") };
            json!({ "label": plain(&short(&label)), "options": options(chunk) })
        })
        .collect();
    groups.push(json!({ "label": plain("Or"), "options": [unsaid] }));
    json!({ "type": "static_select", "placeholder": plain("Choose"), "option_groups": groups })
}
