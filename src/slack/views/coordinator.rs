//! What coordinators see: alerts with their threads, safety alerts, their tools, the
//! roster form and the monthly report.

use super::*;

impl Views<'_> {
    /// Adds or edits a supporter; `existing` fills the form for an edit.
    pub fn roster_modal(&self, existing: Option<&crate::store::roster::Supporter>) -> Value {
        self.roster_modal_titled(existing, if existing.is_some() { "Edit supporter" } else { "Add supporter" })
    }

    /// The form to add a nominated colleague, filled with who and their role.
    pub fn roster_modal_for_nominee(&self, nominee: &str, role: Option<Role>) -> Value {
        let prefill = crate::store::roster::Supporter::new(nominee, role.map(|r| r.code()).unwrap_or(""));
        self.roster_modal_titled(Some(&prefill), "Add supporter")
    }

    fn roster_modal_titled(&self, existing: Option<&crate::store::roster::Supporter>, title: &str) -> Value {
        let text = |block: &str, label: &str, value: &str| {
            let mut el = json!({ "type": "plain_text_input", "max_length": 80 });
            if !value.is_empty() {
                el["initial_value"] = json!(value);
            }
            input(block, label, el, true, None)
        };
        let select = |block: &str, label: &str, options: Vec<Value>, current: Option<Value>| {
            let mut el = static_select("Choose", options);
            if let Some(c) = current {
                el["initial_option"] = c;
            }
            input(block, label, el, true, None)
        };
        let mut user = json!({ "type": "users_select", "placeholder": plain("Choose a person") });
        let role_current = existing.and_then(|s| Role::from_code(&s.role)).map(|r| option(r.label(), r.code()));
        let gender_current = existing.and_then(|s| Gender::from_code(&s.gender)).map(|g| option(g.label(), g.code()));
        let seniority_current =
            existing.and_then(|s| Seniority::from_code(&s.seniority)).map(|x| option(x.label(), x.code()));
        if let Some(s) = existing {
            user["initial_user"] = json!(s.slack_user_id);
        }
        let mut max =
            json!({ "type": "number_input", "is_decimal_allowed": false, "min_value": "1", "max_value": "50" });
        max["initial_value"] = json!(existing.map(|s| s.max_active).unwrap_or(2).to_string());
        let leads = option("Can lead team debriefs", "yes");
        let mut facilitator = checkboxes(vec![leads.clone()]);
        if existing.is_some_and(|s| s.facilitator) {
            facilitator["initial_options"] = json!([leads]);
        }
        let mut trained = json!({ "type": "datepicker", "placeholder": plain("Choose a date") });
        if let Some(day) = existing.and_then(|s| s.trained_until()) {
            trained["initial_date"] = json!(day.format("%Y-%m-%d").to_string());
        }
        json!({
            "type": "modal",
            "callback_id": callback::ROSTER_ENTRY,
            "title": plain(title),
            "submit": plain("Save"),
            "close": plain("Cancel"),
            "blocks": [
                input(roster_field::USER, "Supporter", user, false, None),
                select(roster_field::ROLE, "Role", Role::ALL.iter().map(|r| option(r.label(), r.code())).collect(), role_current),
                text(roster_field::DEPARTMENT, "Department", existing.map(|s| s.department.as_str()).unwrap_or("")),
                text(roster_field::SPECIALTY, "Specialty", existing.map(|s| s.specialty.as_str()).unwrap_or("")),
                text(roster_field::SITE, "Site", existing.map(|s| s.site.as_str()).unwrap_or("")),
                select(roster_field::GENDER, "Gender", Gender::ALL.iter().map(|g| option(g.label(), g.code())).collect(), gender_current),
                select(roster_field::SENIORITY, "Career stage", Seniority::ALL.iter().map(|x| option(x.label(), x.code())).collect(), seniority_current),
                input(roster_field::MAX_ACTIVE, "Requests at once", max, false, None),
                input(roster_field::FACILITATOR, "Team debriefs", facilitator, true, None),
                input(roster_field::TRAINED_UNTIL, "Training current until", trained, true,
                    Some("After this day, no new requests are offered. Leave empty if the program does not track it.")),
            ],
        })
    }

    /// The coordinators' tools as a modal (`/peer-admin`).
    pub fn admin_modal(&self, blocks: Vec<Value>) -> Value {
        let mut blocks = blocks;
        blocks.truncate(100);
        json!({ "type": "modal", "callback_id": callback::ADMIN, "title": plain("Peer support admin"), "close": plain("Done"), "blocks": blocks })
    }

    /// `/peer-admin stats`: the program's report with a line per site, or a site
    /// coordinator's own sites' report.
    pub fn stats(&self, stats: &crate::domain::program::Stats, scope: &CoordinatorScope) -> Message {
        let mut m = self.report(&stats.report);
        let blocks = m.blocks.as_array_mut().expect("blocks");
        if let CoordinatorScope::Sites(sites) = scope {
            blocks.insert(1, context(&format!("For {} only.", escape(&sites.join(", ")))));
        }
        if !stats.by_site.is_empty() {
            let lines: Vec<String> =
                stats.by_site.iter().map(|(site, r)| format!("• *{}*: {}", escape(site), r.summary_line())).collect();
            blocks.insert(blocks.len() - 1, section(&format!("*By site*\n{}", lines.join("\n"))));
        }
        m
    }

    pub fn report(&self, report: &crate::domain::report::Report) -> Message {
        let lines: Vec<String> = report.lines.iter().map(|l| format!("{}: *{}*", l.label, l.shown.text())).collect();
        Message::new(
            format!("Program counts for {}", report.month),
            vec![
                header(&format!("Program counts for {}", report.month)),
                section(&lines.join("\n")),
                context("Counts from 1 to 4 show as \"fewer than 5\". Times are business time, estimated from ranges."),
            ],
        )
    }

    // ----- outreach ----------------------------------------------------------------------

    /// The coordinators' alert. `names` gives display names for `Offer to NAME`.
    pub fn coordinator_alert(
        &self,
        summary: &RequestSummary,
        details: &PrivateDetails,
        state: &MatchState,
        names: &[(String, String)],
    ) -> Message {
        let id = summary.request_id;
        let title = match summary.debrief {
            Some(_) => format!("Team debrief request #{id}"),
            None => format!("Peer support request #{id}"),
        };
        let mut blocks = vec![header(&title), section(&self.request_facts(summary))];
        if let Some(event) = details.event {
            blocks.push(section(&format!("*After:* {}", event.label().to_lowercase())));
        }
        if !details.topics.is_empty() {
            let topics = details.topics.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ");
            blocks.push(section(&format!("*About:* {topics}")));
        }
        if details.resent {
            blocks.push(context(
                "Sent again after a restart. Anything they wrote was in the first message, which did not arrive; \
                 it is not kept, so please ask them.",
            ));
        }
        if let Some(note) = &details.note {
            blocks.extend(quoted_sections("*In their words:*\n", &capped(note.reveal(), REQUEST_NOTE_MAX)));
        }
        blocks.extend(self.match_state_blocks(id, state, names));
        let now = self.alert_now(id, &AlertNow::of(state));
        let mut tools = vec![
            button("Reassign", action::REASSIGN, &id.to_string(), ""),
            button("Close", action::CLOSE, &id.to_string(), ""),
        ];
        tools.extend(self.connect_button(id));
        blocks.push(actions(&format!("request:{id}"), tools));
        blocks.push(context("What they wrote and what it's about are removed from this message when the request closes. Please keep no notes."));
        let mut alert = Message::new(format!("{title} from {}", mention(&summary.requester)), blocks);
        alert.attachments = now.attachments;
        alert
    }

    /// `Assign to` picked a supporter who was part of the same event the request came from.
    pub fn same_event_warning(&self, request_id: i64, supporter: &str) -> Message {
        let text = format!(
            "{} was among the people reached after the same event as request #{request_id}, so they were \
             not offered it. They may be carrying it too. Offer it to them anyway?",
            mention(supporter)
        );
        Message::new(
            text.clone(),
            vec![
                section(&text),
                actions(
                    &format!("same_event:{request_id}"),
                    vec![button("Offer anyway", action::OFFER_TO, &format!("{request_id}:{supporter}:anyway"), "")],
                ),
            ],
        )
    }

    /// A supporter answered their own check-in: they would like to talk to someone.
    pub fn supporter_wants_to_talk(&self, supporter: &str) -> Message {
        let text = format!(
            "{} answered their supporter check-in: they'd like to talk to someone. Supporters need support too; \
             please reach out to them soon.",
            mention(supporter)
        );
        Message::new(text.clone(), vec![section(&text)])
    }

    /// A supporter's training date, told to a coordinator.
    pub fn training_date_to_coordinator(&self, supporter: &str, until: &str, ended: bool) -> Message {
        let text = if ended {
            format!(
                "{}'s peer supporter training date ({until}) has passed, so they won't be offered new requests. \
                 Their current ones go on. Once they've renewed, update `trained_until` on the roster.",
                mention(supporter)
            )
        } else {
            format!(
                "{}'s peer supporter training runs until {until}. After that they won't be offered new requests \
                 until the roster shows a later date.",
                mention(supporter)
            )
        };
        Message::new(text.clone(), vec![section(&text)])
    }

    /// The alert's state line: where the request stands now, in plain words.
    pub fn alert_now(&self, request_id: i64, now: &AlertNow) -> Message {
        let line = match now {
            AlertNow::Offered { supporter, reason } if reason.is_empty() => {
                format!("Offered to {}, waiting for their answer.", mention(supporter))
            }
            AlertNow::Offered { supporter, reason } => {
                format!("Offered to {} ({reason}), waiting for their answer.", mention(supporter))
            }
            AlertNow::Accepted { supporter } => {
                format!("Matched: {} accepted and will reach out.", mention(supporter))
            }
            AlertNow::Contacted { supporter } => format!("Matched: {} has made contact.", mention(supporter)),
            AlertNow::Choosing => "Waiting for a coordinator to choose a supporter.".into(),
            AlertNow::NoSupporter => "No supporter available yet. A coordinator can assign one.".into(),
            AlertNow::Reassigning => "Being reassigned.".into(),
        };
        let text = format!("Peer support request #{request_id}: {line}");
        Message::new(text, vec![]).with_attachment_blocks(vec![section(&format!("*Now:* {line}"))])
    }

    pub(super) fn match_state_blocks(
        &self,
        request_id: i64,
        state: &MatchState,
        names: &[(String, String)],
    ) -> Vec<Value> {
        match state {
            // The offer is told in the state line, which changes as the request moves on.
            MatchState::Offered { .. } => vec![],
            MatchState::Candidates { candidates: c } => self.candidate_blocks(request_id, c, names),
            MatchState::NoSupporter => self.no_supporter_blocks(request_id),
        }
    }

    pub(super) fn candidate_blocks(
        &self,
        request_id: i64,
        candidates: &[Candidate],
        names: &[(String, String)],
    ) -> Vec<Value> {
        let name_of =
            |id: &str| names.iter().find(|(u, _)| u == id).map(|(_, n)| n.clone()).unwrap_or_else(|| id.to_string());
        let lines = candidates
            .iter()
            .map(|c| format!("• {} ({})", mention(&c.supporter), c.reason))
            .collect::<Vec<_>>()
            .join("\n");
        vec![
            section(&format!("*Best matches:*\n{lines}")),
            actions(
                &format!("candidates:{request_id}"),
                candidates
                    .iter()
                    .map(|c| {
                        button(
                            &short(&format!("Offer to {}", name_of(&c.supporter))),
                            action::OFFER_TO,
                            &format!("{request_id}:{}", c.supporter),
                            "",
                        )
                    })
                    .collect(),
            ),
        ]
    }

    pub(super) fn no_supporter_blocks(&self, request_id: i64) -> Vec<Value> {
        vec![
            section(
                "*No supporter* who fits this request is available right now. You can offer it to anyone on the roster:",
            ),
            actions(
                &format!("assign:{request_id}"),
                vec![json!({
                    "type": "users_select",
                    "action_id": action::ASSIGN_TO,
                    "placeholder": plain("Assign to"),
                })],
            ),
            context("Assign to"),
        ]
    }

    pub fn thread_update(&self, request_id: i64, update: &ThreadUpdate, names: &[(String, String)]) -> Message {
        let text = match update {
            ThreadUpdate::Offered { supporter, reason, by } => {
                let by = by.as_deref().map(|b| format!(" by {}", mention(b))).unwrap_or_default();
                let reason = if reason.is_empty() { String::new() } else { format!(" ({reason})") };
                format!("Offered to {}{by}{reason}.", mention(supporter))
            }
            ThreadUpdate::Declined { supporter } => format!("{} declined.", mention(supporter)),
            ThreadUpdate::TimedOut { supporter } => {
                format!("{} didn't answer in time.", mention(supporter))
            }
            ThreadUpdate::LeftRoster { supporter } => {
                format!("{} left the roster, so the offer is passing on.", mention(supporter))
            }
            ThreadUpdate::Accepted { supporter } => {
                format!("{} accepted and will reach out.", mention(supporter))
            }
            ThreadUpdate::ContactMade { supporter } => {
                format!("{} has made contact.", mention(supporter))
            }
            ThreadUpdate::NoSupporter => "No supporter is available for this request.".into(),
            ThreadUpdate::Candidates { .. } => "The next best matches:".into(),
            ThreadUpdate::Reassigned { by, supporter } if supporter.is_empty() => {
                format!("{} is reassigning this request.", mention(by))
            }
            ThreadUpdate::Reassigned { by, supporter } => {
                format!("{} took this request back from {}.", mention(by), mention(supporter))
            }
            ThreadUpdate::Closed { by: Some(by) } => format!("Closed by {}.", mention(by)),
            ThreadUpdate::Closed { by: None } => "Closed: the conversation happened.".into(),
            ThreadUpdate::Withdrawn => "The requester withdrew this request.".into(),
            ThreadUpdate::StillWaiting { waited } => {
                format!("Request #{request_id} is still waiting for a supporter after {waited}.")
            }
            ThreadUpdate::NoContactYet { supporter } => {
                format!("{} hasn't marked contact made yet.", mention(supporter))
            }
        };
        let mut blocks = vec![section(&text)];
        match update {
            ThreadUpdate::NoSupporter => blocks.extend(self.no_supporter_blocks(request_id)),
            ThreadUpdate::Candidates { candidates: c } => blocks.extend(self.candidate_blocks(request_id, c, names)),
            ThreadUpdate::StillWaiting { .. } | ThreadUpdate::NoContactYet { .. } => blocks.push(actions(
                &format!("request:{request_id}"),
                vec![
                    button("Reassign", action::REASSIGN, &request_id.to_string(), ""),
                    button("Close", action::CLOSE, &request_id.to_string(), ""),
                ],
            )),
            _ => {}
        }
        Message::new(text, blocks)
    }

    /// The alert once the request has ended: the free text and topics are gone.
    pub fn scrubbed_alert(&self, summary: &RequestSummary, ending: Ending) -> Message {
        let how = match ending {
            Ending::ConversationHappened => "Closed: the conversation happened.",
            Ending::ClosedByCoordinator => "Closed by a coordinator.",
            Ending::Withdrawn => "Withdrawn by the requester.",
        };
        let id = summary.request_id;
        let who = if ending == Ending::Withdrawn { "the requester".to_string() } else { mention(&summary.requester) };
        let text = format!("Peer support request #{id} from {who}. {how}");
        Message::new(
            text.clone(),
            vec![
                section(&format!("~Peer support request #{id}~ from {who}\n{how}")),
                context("The details were removed when the request ended."),
            ],
        )
    }

    /// The nomination form: a colleague, and optionally their role.
    pub fn nomination_modal(&self) -> Value {
        let roles: Vec<Value> = Role::ALL.iter().map(|r| option(r.label(), r.code())).collect();
        json!({
            "type": "modal",
            "callback_id": callback::NOMINATE,
            "title": plain("Nominate a supporter"),
            "submit": plain("Send"),
            "close": plain("Cancel"),
            "blocks": [
                section("Know a colleague who would make a good peer supporter? The coordinators will hear, and they'll reach out to them. Nothing else is kept."),
                input(nomination_field::NOMINEE, "Your colleague", json!({ "type": "users_select", "placeholder": plain("Choose a colleague") }), false, None),
                input(nomination_field::ROLE, "Their role", static_select("Choose", roles), true, Some("Optional.")),
            ],
        })
    }

    /// The nomination form once sent.
    pub fn nomination_thanks(&self) -> Value {
        json!({
            "type": "modal",
            "title": plain("Nominate a supporter"),
            "close": plain("Done"),
            "blocks": [section("Thank you. The coordinators will hear, and they'll reach out to your colleague. Nobody else is told.")],
        })
    }

    /// The coordinators' DM about a nomination, with `Add supporter` prefilled.
    pub fn nomination(&self, nominee: &str, nominator: &str, role: Option<Role>) -> Message {
        let role_words = role.map(|r| format!(" ({})", r.label().to_lowercase())).unwrap_or_default();
        let text = format!("{} nominated {}{role_words} as a peer supporter.", mention(nominator), mention(nominee));
        let value = format!("{nominee}:{}", role.map(|r| r.code()).unwrap_or(""));
        Message::new(
            text.clone(),
            vec![
                section(&format!("{text} If they'd like to join, add them once they're trained.")),
                actions("nomination", vec![button("Add supporter", action::NOMINATION_ADD, &value, "primary")]),
            ],
        )
    }

    /// `Connect to a resource`, when the program lists resources.
    pub(super) fn connect_button(&self, request_id: i64) -> Option<Value> {
        (!self.settings.program.resources.is_empty())
            .then(|| button("Connect to a resource", action::CONNECT_RESOURCE, &request_id.to_string(), ""))
    }

    /// The warm handoff's form: which resource to suggest to the requester.
    pub fn handoff_modal(&self, request_id: i64) -> Value {
        let options: Vec<Value> = self
            .settings
            .program
            .resources
            .iter()
            .enumerate()
            .take(100)
            .map(|(i, r)| option(&short(&r.name), &i.to_string()))
            .collect();
        json!({
            "type": "modal",
            "callback_id": callback::HANDOFF,
            "private_metadata": request_id.to_string(),
            "title": plain("Connect to a resource"),
            "submit": plain("Send"),
            "close": plain("Cancel"),
            "blocks": [
                section("Choose a resource to suggest. They'll get a private message naming it, how to reach it, and that you thought it could help. Nothing else is shared."),
                input(handoff_field::RESOURCE, "Resource", static_select("Choose", options), false, None),
            ],
        })
    }

    /// A surge's digest: how many requests came since it began and where they stand, and
    /// the ones waiting for a coordinator, each with `Assign to`. Edited as requests arrive.
    pub fn surge_digest(&self, s: &SurgeSummary, since: &str) -> Message {
        let text = format!("{} peer support requests since {since}", s.total);
        let mut blocks = vec![
            header(&format!("Many requests at once: {} since {since}", s.total)),
            section(&format!(
                "*{}* offered to a supporter, waiting for their answer\n*{}* matched\n*{}* closed or withdrawn\n\
                 *{}* waiting for a coordinator to choose a supporter",
                s.offered, s.matched, s.closed, s.waiting_total
            )),
        ];
        for w in &s.waiting {
            let role = Role::from_code(&w.requester_role).map(|r| r.label()).unwrap_or("Role not given");
            let department = if w.requester_department.is_empty() {
                String::new()
            } else {
                format!(", {}", escape(&w.requester_department))
            };
            blocks.push(section(&format!("*#{}* {role}{department}: no supporter offered yet", w.id)));
            blocks.push(actions(
                &format!("assign:{}", w.id),
                vec![
                    json!({ "type": "users_select", "action_id": action::ASSIGN_TO, "placeholder": plain("Assign to") }),
                    button("Close", action::CLOSE, &w.id.to_string(), ""),
                ],
            ));
        }
        if s.waiting_total > s.waiting.len() as i64 {
            blocks.push(context(&format!(
                "{} more are waiting: your Home tab's queue lists every request, with Reassign, Close and Assign to.",
                s.waiting_total - s.waiting.len() as i64
            )));
        }
        blocks.push(context(
            "During a surge you get this one message, updated as requests arrive, instead of one message each. \
             Requests with topics or a note have their own message in this thread. Please keep no notes.",
        ));
        Message::new(text, blocks)
    }

    pub fn safety_alert(&self, request_id: i64, assignment_id: i64, supporter: &str) -> Message {
        let text = format!(
            ":rotating_light: *Safety concern:* {} raised a safety concern on request #{request_id} (assignment {assignment_id}). Please contact them now.",
            mention(supporter)
        );
        Message::new(format!("Safety concern on request #{request_id}"), vec![section(&text)])
    }
}
