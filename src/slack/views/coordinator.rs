//! What coordinators see: alerts with their threads, safety alerts, their tools, the
//! roster form and the monthly report.

use super::*;
use crate::domain::report::{Report, Shown};
use crate::ids::{AssignmentId, RequestId};
use slack_morphism::prelude::{SlackActionBlockElement, SlackActionId};

impl Views<'_> {
    /// The coordinators' tools as a modal (`/peer-admin`).
    pub fn admin_modal(&self, blocks: Vec<SlackBlock>) -> SlackView {
        SlackView::Modal(modal(callback::ADMIN, &t!(self, "admin-title"), &t!(self, "modal-done"), None, blocks))
    }

    /// `/peer-admin stats`: the program's report with a line per site, or a site
    /// coordinator's own sites' report.
    pub fn stats(&self, stats: &crate::domain::program::Stats, scope: &CoordinatorScope) -> Message {
        let mut m = self.report(&stats.report);
        let blocks = &mut m.blocks;
        if let CoordinatorScope::Sites(sites) = scope {
            blocks.insert(1, context(&t!(self, "stats-for-sites", sites = escape(&sites.join(", ")))));
        }
        if !stats.by_site.is_empty() {
            blocks.insert(blocks.len() - 1, section(&self.by_site(&stats.by_site)));
        }
        m
    }

    /// "By site" and a line per site, for a program-wide coordinator.
    pub fn by_site(&self, by_site: &[(String, Report)]) -> String {
        let lines: Vec<String> =
            by_site.iter().map(|(site, r)| format!("• *{}*: {}", escape(site), self.site_summary(r))).collect();
        format!("*{}*\n{}", t!(self, "stats-by-site"), lines.join("\n"))
    }

    /// One short line of a site's main counts.
    pub fn site_summary(&self, r: &Report) -> String {
        t!(
            self,
            "stats-site-line",
            requests = self.shown_of(r, "requests"),
            matched = self.shown_of(r, "matched"),
            closed = self.shown_of(r, "closed"),
            withdrawn = self.shown_of(r, "withdrawn")
        )
    }

    /// A count of the report, in words.
    pub fn shown_of(&self, report: &Report, key: &str) -> String {
        report.lines.iter().find(|l| l.key == key).map(|l| self.shown(&l.shown)).unwrap_or_default()
    }

    /// A count, "fewer than 5", or a time range, in words.
    pub fn shown(&self, shown: &Shown) -> String {
        match shown {
            Shown::Count(n) => n.to_string(),
            Shown::FewerThanFive => t!(self, "count-fewer-than-five"),
            Shown::Estimate(bucket) => self.text(&format!("bucket-{}", bucket.replace('_', "-")), None),
            Shown::NotEnoughData => t!(self, "count-not-enough-data"),
        }
    }

    /// A report line's label: the catalog's words for its count.
    fn report_label(&self, key: &str) -> String {
        match key.strip_prefix("handoff:") {
            Some(resource) => t!(self, "report-handoff", resource = resource.to_string()),
            None => self.text(&format!("report-{}", key.replace('_', "-")), None),
        }
    }

    pub fn report(&self, report: &Report) -> Message {
        let lines: Vec<String> =
            report.lines.iter().map(|l| format!("{}: *{}*", self.report_label(&l.key), self.shown(&l.shown))).collect();
        let title = t!(self, "report-title", month = report.month.clone());
        let mut blocks = vec![header(&title)];
        blocks.extend(line_sections(&lines));
        blocks.push(context(&t!(self, "report-note")));
        Message::new(title.clone(), blocks)
    }

    // ----- alerts ----------------------------------------------------------------------

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
            Some(_) => t!(self, "alert-debrief-title", id = id.to_string()),
            None => t!(self, "alert-title", id = id.to_string()),
        };
        let mut blocks = vec![header(&title), section(&self.request_facts(summary))];
        if let Some(event) = details.event {
            blocks.push(section(&format!("*{}* {}", t!(self, "fact-after"), self.label(event).to_lowercase())));
        }
        if !details.topics.is_empty() {
            let topics = details.topics.iter().map(|t| self.label(*t)).collect::<Vec<_>>().join(", ");
            blocks.push(section(&format!("*{}* {topics}", t!(self, "fact-about"))));
        }
        if details.resent {
            blocks.push(context(&t!(self, "alert-resent")));
        }
        if let Some(note) = &details.note {
            let heading = format!("*{}*\n", t!(self, "alert-in-their-words"));
            blocks.extend(quoted_sections(&heading, &capped(note.reveal(), REQUEST_NOTE_MAX, &t!(self, "shortened"))));
        }
        blocks.extend(self.match_state_blocks(id, state, names));
        let now = self.alert_now(id, &AlertNow::of(state));
        let mut tools = self.request_tools(id);
        tools.extend(self.connect_button(id));
        blocks.push(actions(&format!("request:{id}"), tools));
        blocks.push(context(&t!(self, "alert-note")));
        let mut alert = Message::new(t!(self, "alert", title = title, who = mention(&summary.requester)), blocks);
        alert.attachments = now.attachments;
        alert
    }

    /// `Reassign` and `Close`.
    fn request_tools(&self, request_id: RequestId) -> Vec<SlackActionBlockElement> {
        vec![
            button(&t!(self, "button-reassign"), action::REASSIGN, &request_id.to_string(), ""),
            button(&t!(self, "button-close"), action::CLOSE, &request_id.to_string(), ""),
        ]
    }

    /// `Assign to` picked a supporter who was part of the same event the request came from.
    pub fn same_event_warning(&self, request_id: RequestId, supporter: &str) -> Message {
        let text = t!(self, "same-event-warning", who = mention(supporter), id = request_id.to_string());
        Message::new(
            text.clone(),
            vec![
                section(&text),
                actions(
                    &format!("same_event:{request_id}"),
                    vec![button(
                        &t!(self, "button-offer-anyway"),
                        action::OFFER_TO,
                        &format!("{request_id}:{supporter}:anyway"),
                        "",
                    )],
                ),
            ],
        )
    }

    /// A supporter answered their own check-in: they would like to talk to someone.
    pub fn supporter_wants_to_talk(&self, supporter: &str) -> Message {
        let text = t!(self, "supporter-wants-to-talk", who = mention(supporter));
        Message::new(text.clone(), vec![section(&text)])
    }

    /// A supporter's training date, told to a coordinator.
    pub fn training_date_to_coordinator(&self, supporter: &str, until: &str, ended: bool) -> Message {
        let text = if ended {
            t!(self, "training-ended-coordinator", who = mention(supporter), until = until)
        } else {
            t!(self, "training-ends-soon-coordinator", who = mention(supporter), until = until)
        };
        Message::new(text.clone(), vec![section(&text)])
    }

    /// Why a supporter ranks where they do, in words ("same role: nurse; same site; 0 active").
    pub(super) fn reason(&self, reason: &Reason) -> String {
        let parts = match reason {
            Reason::Words(words) => return words.clone(),
            Reason::Parts(parts) => parts,
        };
        parts
            .iter()
            .map(|why| match why {
                Why::AskedFor => t!(self, "why-asked-for"),
                Why::Interest { interest } => t!(self, "why-interest", interest = interest.to_lowercase()),
                Why::SameRole { role } => t!(self, "why-same-role", role = self.label(*role).to_lowercase()),
                Why::Role { role } => t!(self, "why-role", role = self.label(*role).to_lowercase()),
                Why::SameSite => t!(self, "why-same-site"),
                Why::OutsideDepartment => t!(self, "why-outside-department"),
                Why::Seniority { seniority } => {
                    t!(self, "why-seniority", seniority = self.label(*seniority).to_lowercase())
                }
                Why::Active { count } => t!(self, "why-active", count = *count),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The alert's state line: where the request stands now, in plain words.
    pub fn alert_now(&self, request_id: RequestId, now: &AlertNow) -> Message {
        let line = match now {
            AlertNow::Offered { supporter, reason } if reason.is_empty() => {
                t!(self, "now-offered", who = mention(supporter))
            }
            AlertNow::Offered { supporter, reason } => {
                t!(self, "now-offered-because", who = mention(supporter), reason = self.reason(reason))
            }
            AlertNow::Accepted { supporter } => t!(self, "now-accepted", who = mention(supporter)),
            AlertNow::Contacted { supporter } => t!(self, "now-contacted", who = mention(supporter)),
            AlertNow::Choosing => t!(self, "now-choosing"),
            AlertNow::NoSupporter => t!(self, "now-no-supporter"),
            AlertNow::Reassigning => t!(self, "now-reassigning"),
        };
        let text = t!(self, "now-plain", id = request_id.to_string(), line = line.clone());
        Message::new(text, vec![]).with_attachment_blocks(vec![section(&format!("*{}* {line}", t!(self, "now-label")))])
    }

    pub(super) fn match_state_blocks(
        &self,
        request_id: RequestId,
        state: &MatchState,
        names: &[(String, String)],
    ) -> Vec<SlackBlock> {
        match state {
            // The offer is told in the state line, which changes as the request moves on.
            MatchState::Offered { .. } => vec![],
            MatchState::Candidates { candidates: c } => self.candidate_blocks(request_id, c, names),
            MatchState::NoSupporter => self.no_supporter_blocks(request_id),
        }
    }

    pub(super) fn candidate_blocks(
        &self,
        request_id: RequestId,
        candidates: &[Candidate],
        names: &[(String, String)],
    ) -> Vec<SlackBlock> {
        let name_of =
            |id: &str| names.iter().find(|(u, _)| u == id).map(|(_, n)| n.clone()).unwrap_or_else(|| id.to_string());
        let lines = candidates
            .iter()
            .map(|c| format!("• {} ({})", mention(&c.supporter), self.reason(&c.reason)))
            .collect::<Vec<_>>()
            .join("\n");
        vec![
            section(&format!("*{}*\n{lines}", t!(self, "best-matches"))),
            actions(
                &format!("candidates:{request_id}"),
                candidates
                    .iter()
                    .map(|c| {
                        button(
                            &short(&t!(self, "button-offer-to", name = name_of(&c.supporter))),
                            action::OFFER_TO,
                            &format!("{request_id}:{}", c.supporter),
                            "",
                        )
                    })
                    .collect(),
            ),
        ]
    }

    pub(super) fn no_supporter_blocks(&self, request_id: RequestId) -> Vec<SlackBlock> {
        let assign_to = t!(self, "assign-to");
        vec![
            section(&t!(self, "no-supporter-text")),
            actions(&format!("assign:{request_id}"), vec![self.assign_to_picker()]),
            context(&assign_to),
        ]
    }

    pub fn thread_update(&self, request_id: RequestId, update: &ThreadUpdate, names: &[(String, String)]) -> Message {
        let text = match update {
            ThreadUpdate::Offered { supporter, reason, by } => {
                let by =
                    by.as_deref().map(|b| format!(" {}", t!(self, "by-whom", who = mention(b)))).unwrap_or_default();
                let reason = if reason.is_empty() { String::new() } else { format!(" ({})", self.reason(reason)) };
                t!(self, "thread-offered", who = mention(supporter), by = by, reason = reason)
            }
            ThreadUpdate::Declined { supporter } => t!(self, "thread-declined", who = mention(supporter)),
            ThreadUpdate::TimedOut { supporter } => t!(self, "thread-timed-out", who = mention(supporter)),
            ThreadUpdate::LeftRoster { supporter } => t!(self, "thread-left-roster", who = mention(supporter)),
            ThreadUpdate::Accepted { supporter } => t!(self, "thread-accepted", who = mention(supporter)),
            ThreadUpdate::ContactMade { supporter } => t!(self, "thread-contact-made", who = mention(supporter)),
            ThreadUpdate::NoSupporter => t!(self, "thread-no-supporter"),
            ThreadUpdate::Candidates { .. } => t!(self, "thread-candidates"),
            ThreadUpdate::Reassigned { by, supporter } if supporter.is_empty() => {
                t!(self, "thread-reassigning", who = mention(by))
            }
            ThreadUpdate::Reassigned { by, supporter } => {
                t!(self, "thread-reassigned", who = mention(by), from = mention(supporter))
            }
            ThreadUpdate::Closed { by: Some(by) } => t!(self, "thread-closed-by", who = mention(by)),
            ThreadUpdate::Closed { by: None } => t!(self, "ending-conversation"),
            ThreadUpdate::Withdrawn => t!(self, "thread-withdrawn"),
            ThreadUpdate::StillWaiting { waited, waited_secs } => {
                let waited = match waited_secs {
                    Some(secs) => self.wait(std::time::Duration::from_secs(*secs)),
                    None => waited.clone(),
                };
                t!(self, "thread-still-waiting", id = request_id.to_string(), waited = waited)
            }
            ThreadUpdate::NoContactYet { supporter } => t!(self, "thread-no-contact-yet", who = mention(supporter)),
        };
        let mut blocks = vec![section(&text)];
        match update {
            ThreadUpdate::NoSupporter => blocks.extend(self.no_supporter_blocks(request_id)),
            ThreadUpdate::Candidates { candidates: c } => blocks.extend(self.candidate_blocks(request_id, c, names)),
            ThreadUpdate::StillWaiting { .. } | ThreadUpdate::NoContactYet { .. } => {
                blocks.push(actions(&format!("request:{request_id}"), self.request_tools(request_id)))
            }
            _ => {}
        }
        Message::new(text, blocks)
    }

    /// The alert once the request has ended: the free text and topics are gone.
    pub fn scrubbed_alert(&self, summary: &RequestSummary, ending: Ending) -> Message {
        let how = match ending {
            Ending::ConversationHappened => t!(self, "ending-conversation"),
            Ending::ClosedByCoordinator => t!(self, "ending-coordinator"),
            Ending::Withdrawn => t!(self, "ending-withdrawn"),
        };
        let id = summary.request_id.to_string();
        let who = if ending == Ending::Withdrawn { t!(self, "the-requester") } else { mention(&summary.requester) };
        Message::new(
            t!(self, "scrubbed", id = id.clone(), who = who.clone(), how = how.clone()),
            vec![
                section(&format!("{}\n{how}", t!(self, "scrubbed-title", id = id, who = who))),
                context(&t!(self, "scrubbed-note")),
            ],
        )
    }

    /// `Connect to a resource`, when the program lists resources.
    pub(super) fn connect_button(&self, request_id: RequestId) -> Option<SlackActionBlockElement> {
        (!self.settings.program.resources.is_empty()).then(|| {
            button(&t!(self, "button-connect-resource"), action::CONNECT_RESOURCE, &request_id.to_string(), "")
        })
    }

    /// The warm handoff's form: which resource to suggest to the requester.
    pub fn handoff_modal(&self, request_id: RequestId) -> SlackView {
        let options: Vec<SelectOption> = self
            .settings
            .program
            .resources
            .iter()
            .enumerate()
            .take(100)
            .map(|(i, r)| option(&short(&r.name), &i.to_string()))
            .collect();
        let blocks = vec![
            section(&t!(self, "handoff-modal-text")),
            input(
                handoff_field::RESOURCE,
                &t!(self, "handoff-resource"),
                static_select(&t!(self, "choose"), options),
                false,
                None,
            ),
        ];
        let (title, send, cancel) =
            (t!(self, "button-connect-resource"), t!(self, "modal-send"), t!(self, "modal-cancel"));
        let view = modal(callback::HANDOFF, &title, &cancel, Some(&send), blocks);
        SlackView::Modal(view.with_private_metadata(request_id.to_string()))
    }

    /// A surge's digest: how many requests came since it began and where they stand, and
    /// the ones waiting for a coordinator, each with `Assign to`. Edited as requests arrive.
    pub fn surge_digest(&self, s: &SurgeSummary, since: &str) -> Message {
        let total = s.total.to_string();
        let mut blocks = vec![
            header(&t!(self, "surge-title", count = total.clone(), since = since)),
            section(&t!(
                self,
                "surge-counts",
                offered = s.offered.to_string(),
                matched = s.matched.to_string(),
                closed = s.closed.to_string(),
                waiting = s.waiting_total.to_string()
            )),
        ];
        for w in &s.waiting {
            let role =
                Role::from_code(&w.requester_role).map(|r| self.label(r)).unwrap_or_else(|| t!(self, "role-not-given"));
            let department = if w.requester_department.is_empty() {
                String::new()
            } else {
                format!(", {}", escape(&w.requester_department))
            };
            blocks.push(section(&format!("*#{}* {role}{department}: {}", w.id, t!(self, "surge-not-offered"))));
            blocks.push(actions(
                &format!("assign:{}", w.id),
                vec![self.assign_to_picker(), button(&t!(self, "button-close"), action::CLOSE, &w.id.to_string(), "")],
            ));
        }
        if s.waiting_total > s.waiting.len() as i64 {
            let more = (s.waiting_total - s.waiting.len() as i64).to_string();
            blocks.push(context(&t!(self, "surge-more", count = more)));
        }
        blocks.push(context(&t!(self, "surge-note")));
        Message::new(t!(self, "surge", count = total, since = since), blocks)
    }

    /// `Assign to`: a person picker that acts as soon as someone is chosen.
    pub fn assign_to_picker(&self) -> SlackActionBlockElement {
        let mut picker = user_select(&short(&t!(self, "assign-to")));
        picker.action_id = Some(SlackActionId(action::ASSIGN_TO.to_string()));
        picker.into()
    }

    pub fn safety_alert(&self, request_id: RequestId, assignment_id: AssignmentId, supporter: &str) -> Message {
        let id = request_id.to_string();
        let text = format!(
            ":rotating_light: *{}* {}",
            t!(self, "safety-alert-label"),
            t!(
                self,
                "safety-alert-text",
                who = mention(supporter),
                id = id.clone(),
                assignment = assignment_id.to_string()
            )
        );
        Message::new(t!(self, "safety-alert", id = id), vec![section(&text)])
    }
}
