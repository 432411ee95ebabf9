//! The Home tab: one view per person, with every section their roles allow, rendered
//! from what the domain reads fresh each time (one query a section, so it is right after
//! a restart too). Long lists page with `Next` / `Previous` to stay under Slack's 100 blocks.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::blocks::*;
use super::bot::Bot;
use super::views::action;
use crate::clock::from_ms;
use crate::domain::choices::{ContactPref, GoodTime, MeetWhen, Role, TeamSize, split_codes};
use crate::domain::program::{CoordinatorHome, Home, QUEUE_PAGE, ROSTER_PAGE, SupporterHome, describe_wait};
use crate::store::requests::{RequestKind, SupporterItem};

/// Slack's limit on blocks in a view.
const MAX_BLOCKS: usize = 100;

/// Home-tab actions that only this module's views carry.
pub mod home_action {
    pub const ASK: &str = "home_ask";
    pub const OUTREACH: &str = "home_outreach";
    pub const PAUSE: &str = "supporter_pause";
    pub const RESUME: &str = "supporter_resume";
    pub const PAUSE_UNTIL: &str = "supporter_pause_until";
    pub const PAGE: &str = "home_page";
    pub const ROSTER_ADD: &str = "roster_add";
    pub const ROSTER_MENU: &str = "roster_menu";
    pub const NOMINATE: &str = "home_nominate";
    pub const DEBRIEF: &str = "home_team_debrief";
    pub const DIRECTORY_LISTED: &str = "directory_listed";
    pub const DIRECTORY_INTERESTS: &str = "directory_interests";
}

/// Listed supporters the Home tab introduces by name.
const DIRECTORY_SHOWN: usize = 20;

/// Which page of each list to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pages {
    pub queue: usize,
    pub roster: usize,
}

impl Pages {
    /// Parses a `home_page` button value ("queue:2,roster:0").
    pub fn parse(value: &str) -> Self {
        let mut pages = Pages::default();
        for part in value.split(',') {
            match part.split_once(':') {
                Some(("queue", n)) => pages.queue = n.parse().unwrap_or(0),
                Some(("roster", n)) => pages.roster = n.parse().unwrap_or(0),
                _ => {}
            }
        }
        pages
    }

    fn value(self) -> String {
        format!("queue:{},roster:{}", self.queue, self.roster)
    }
}

fn mention(user: &str) -> String {
    format!("<@{user}>")
}

fn contact_and_times(contact: &str, times: &str) -> String {
    let contact = ContactPref::from_code(contact).map(|c| c.label()).unwrap_or("A Slack message");
    let times: Vec<String> = split_codes(times, GoodTime::from_code).iter().map(|t| t.label().to_lowercase()).collect();
    if times.is_empty() { contact.to_string() } else { format!("{contact}, {}", times.join(", ")) }
}

/// The Home tab for `user`, from what the domain says it holds.
pub async fn home_view(bot: &Bot, user: &str, pages: Pages) -> Result<Value, crate::store::Error> {
    let program = bot.program();
    let home = program.home(user, pages.queue, pages.roster).await?;
    let now = program.clock().now();
    let mut blocks = requester_blocks(bot, &home);
    blocks.extend(directory_blocks(&home));
    if let Some(supporter) = &home.supporter {
        blocks.extend(supporter_blocks(bot, user, supporter, now));
    }
    if let Some(coordinator) = &home.coordinator {
        blocks.extend(render_coordinator(bot, coordinator, pages, now));
    }
    if home.leader {
        blocks.push(header("Outreach"));
        blocks.push(section(
            "After a difficult event, offer everyone involved a confidential conversation with a peer supporter.",
        ));
        blocks.push(actions("home_leader", vec![button("Start outreach", home_action::OUTREACH, "start", "primary")]));
    }
    blocks.truncate(MAX_BLOCKS);
    Ok(json!({ "type": "home", "blocks": blocks }))
}

fn requester_blocks(bot: &Bot, home: &Home) -> Vec<Value> {
    let settings = bot.settings();
    let mut blocks = vec![header(&short(&settings.program.name))];
    let mut buttons = vec![button("Ask for support", home_action::ASK, "ask", "primary")];
    match &home.request {
        Some(status) => {
            let stage = match &status.assignment {
                Some(a) if a.contact_made_ms.is_some() => format!("Connected with {}.", mention(&a.supporter)),
                Some(a) => format!("{} will reach out to you.", mention(&a.supporter)),
                None => "Waiting for a match. A coordinator is keeping an eye on it.".to_string(),
            };
            blocks.push(section(&format!("*Your request*\n{stage}")));
            buttons.push(button("Withdraw my request", action::WITHDRAW, &status.request.id.to_string(), ""));
        }
        None => blocks.push(section(
            "Talk with a trained colleague, in confidence, after a hard day, a difficult event, or a long stretch. \
             It isn't therapy, and no notes are kept.",
        )),
    }
    buttons.push(button("Request a team debrief", home_action::DEBRIEF, "debrief", ""));
    buttons.push(button("Nominate a supporter", home_action::NOMINATE, "nominate", ""));
    blocks.push(actions("home_requester", buttons));
    let mut resources: Vec<String> =
        settings.program.resources.iter().map(|r| format!("• *{}*: {}", escape(&r.name), escape(&r.contact))).collect();
    if !resources.is_empty() {
        resources.insert(0, "*Other support*".into());
        blocks.push(section(&resources.join("\n")));
    }
    blocks.push(context(&format!(":telephone_receiver: {}", escape(&settings.program.crisis_line))));
    blocks
}

/// "Meet the supporters": who chose to be listed, with their role, specialty, site and
/// areas of interest. Nothing anyone typed.
fn directory_blocks(home: &Home) -> Vec<Value> {
    if home.directory.is_empty() {
        return vec![];
    }
    let lines: Vec<String> = home
        .directory
        .iter()
        .take(DIRECTORY_SHOWN)
        .map(|s| {
            let role = Role::from_code(&s.role).map(|r| r.label().to_string());
            let specialty = (!s.specialty.is_empty()).then(|| escape(&s.specialty));
            let site = (!s.site.is_empty()).then(|| escape(&s.site));
            let interests = s.interest_list();
            let interests = (!interests.is_empty()).then(|| format!("_{}_", escape(&interests.join(", "))));
            let facts = [role, specialty, site, interests].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            format!("• {} · {facts}", mention(&s.slack_user_id))
        })
        .collect();
    let mut blocks = vec![header("Meet the supporters"), section(&capped(&lines.join("\n"), 2900))];
    let more = home.directory_total.saturating_sub(DIRECTORY_SHOWN);
    let mut note = "You can ask for one of them by name, or for an area of interest, on the request form.".to_string();
    if more > 0 {
        note = format!("And {more} more. {note}");
    }
    blocks.push(context(&note));
    blocks
}

fn supporter_blocks(bot: &Bot, user: &str, home: &SupporterHome, now: DateTime<Utc>) -> Vec<Value> {
    let calendar = bot.program().calendar();
    let me = &home.me;
    let now_ms = now.timestamp_millis();
    let availability = match (me.is_paused(now_ms), me.paused_until_ms) {
        (false, _) => "Available".to_string(),
        (true, Some(until)) => format!("Paused until {}", calendar.describe_day(now, from_ms(until))),
        (true, None) => "Paused".to_string(),
    };
    let toggle = if me.is_paused(now_ms) {
        button("Resume offers", home_action::RESUME, user, "primary")
    } else {
        button("Pause offers", home_action::PAUSE, user, "")
    };
    let mut facts = format!(
        "*Availability:* {availability}\n*Carrying:* {} of {} at once",
        home.assignments.len() + home.offers.len(),
        me.max_active
    );
    if me.facilitator {
        facts.push_str("\n*Team debriefs:* you can lead them");
    }
    if let Some(until) = me.trained_until() {
        let day = until.format("%B %-d, %Y");
        if me.training_lapsed(bot.program().today(now)) {
            facts.push_str(&format!("\n*Training:* ended {day}; no new requests until it is renewed"));
        } else {
            facts.push_str(&format!("\n*Training:* current until {day}"));
        }
    }
    let interests = me.interest_list();
    facts.push_str(&match (me.listed, interests.is_empty()) {
        (true, true) => "\n*Meet the supporters:* you are listed".to_string(),
        (true, false) => format!("\n*Meet the supporters:* you are listed, with {}", escape(&interests.join(", "))),
        (false, _) => "\n*Meet the supporters:* not listed".to_string(),
    });
    let mut directory = vec![if me.listed {
        button("Stop listing me", home_action::DIRECTORY_LISTED, "no", "")
    } else {
        button("List me in Meet the supporters", home_action::DIRECTORY_LISTED, "yes", "")
    }];
    let known = &bot.settings().program.interests;
    if !known.is_empty() {
        let options: Vec<Value> = known.iter().take(100).map(|i| option(&short(i), &short(i))).collect();
        let mine: Vec<Value> =
            known.iter().filter(|k| interests.iter().any(|i| i == *k)).map(|i| option(&short(i), &short(i))).collect();
        let mut select = json!({
            "type": "multi_static_select", "action_id": home_action::DIRECTORY_INTERESTS,
            "placeholder": plain("My areas of interest"), "options": options,
        });
        if !mine.is_empty() {
            select["initial_options"] = json!(mine);
        }
        directory.push(select);
    }
    let mut blocks = vec![
        header("As a supporter"),
        section(&facts),
        actions("home_directory", directory),
        actions(
            "home_availability",
            vec![
                toggle,
                json!({ "type": "datepicker", "action_id": home_action::PAUSE_UNTIL, "placeholder": plain("Pause until…") }),
            ],
        ),
    ];
    for offer in &home.offers {
        let role = Role::from_code(&offer.requester_role).map(|r| r.label()).unwrap_or("Not given");
        let id = offer.id.to_string();
        blocks.push(section(&if offer.kind == RequestKind::TeamDebrief {
            format!("*Offer:* a team debrief. {}.", debrief_words(offer))
        } else {
            format!(
                "*Offer:* a colleague would like to talk. Their role: {role}. They'd like: {}.",
                contact_and_times(&offer.contact_pref, &offer.good_times)
            )
        }));
        blocks.push(actions(
            &format!("home_offer:{id}"),
            vec![
                button("Accept", action::OFFER_ACCEPT, &id, "primary"),
                button("Decline", action::OFFER_DECLINE, &id, ""),
            ],
        ));
    }
    for a in &home.assignments {
        let stage = if a.contact_made_ms.is_some() { "contact made" } else { "please reach out" };
        let id = a.id.to_string();
        blocks.push(section(&if a.kind == RequestKind::TeamDebrief {
            format!("*Team debrief* asked for by {} ({stage}). {}.", mention(&a.requester), debrief_words(a))
        } else {
            format!(
                "*{}* ({stage}). They'd like: {}.",
                mention(&a.requester),
                contact_and_times(&a.contact_pref, &a.good_times)
            )
        }));
        blocks.push(actions(
            &format!("home_assignment:{id}"),
            vec![
                button("Contact made", action::CONTACT_MADE, &id, "primary"),
                button("Conversation happened", action::CONVERSATION_HAPPENED, &id, ""),
                button("I have a safety concern", action::SAFETY_CONCERN, &id, "danger"),
            ],
        ));
    }
    blocks
}

/// The coordinators' tools: this month's counts, the queue and the roster.
pub async fn coordinator_blocks(bot: &Bot, user: &str, pages: Pages) -> Result<Vec<Value>, crate::store::Error> {
    let program = bot.program();
    let Some(scope) = program.coordinator_scope(user) else { return Ok(vec![]) };
    let home = program.coordinator_home(&scope, pages.queue, pages.roster).await?;
    Ok(render_coordinator(bot, &home, pages, program.clock().now()))
}

fn render_coordinator(bot: &Bot, home: &CoordinatorHome, pages: Pages, now: DateTime<Utc>) -> Vec<Value> {
    let calendar = bot.program().calendar();
    let report = &home.report;
    let shown = |key: &str| report.lines.iter().find(|l| l.key == key).map(|l| l.shown.text()).unwrap_or_default();
    let whose = match &home.sites {
        None => String::new(),
        Some(sites) => format!(" at {}", escape(&sites.join(", "))),
    };
    let mut blocks = vec![
        header("Coordinator"),
        section(&format!(
            "*This month{whose}:* {} requests, {} matched, {} closed. `/peer-admin stats` has the full report.",
            shown("requests"),
            shown("matched"),
            shown("closed")
        )),
    ];
    if !home.by_site.is_empty() {
        let lines: Vec<String> =
            home.by_site.iter().map(|(site, r)| format!("• *{}*: {}", escape(site), r.summary_line())).collect();
        blocks.push(section(&format!("*By site*\n{}", lines.join("\n"))));
    }
    // The queue: everything not closed, oldest first.
    let sla = bot.settings().sla.match_within;
    blocks.push(section(&format!("*Queue* ({} open)", home.queue_total)));
    for row in &home.queue {
        let r = &row.request;
        let waited = calendar.elapsed(from_ms(r.created_ms), now);
        let stage = match (&row.assignee, &row.offered_to) {
            (Some(a), _) if row.contact_made_ms.is_some() => format!("connected with {}", mention(a)),
            (Some(a), _) => format!("accepted by {}, no contact yet", mention(a)),
            (None, Some(o)) => format!("offered to {}", mention(o)),
            (None, None) => "unmatched".to_string(),
        };
        // The wait is measured against the promise only until someone accepts.
        let age = match (&row.assignee, r.matched_ms) {
            (Some(_), Some(matched)) => format!(
                "matched in {}, {} ago",
                describe_wait(calendar.elapsed(from_ms(r.created_ms), from_ms(matched)), calendar),
                describe_wait(calendar.elapsed(from_ms(matched), now), calendar)
            ),
            _ => {
                let promise = calendar.elapsed(now, calendar.add(now, sla));
                let overdue = if waited >= promise { " · *overdue*" } else { "" };
                format!(
                    "waiting {}; we aim to match within {}{overdue}",
                    describe_wait(waited, calendar),
                    describe_wait(promise, calendar)
                )
            }
        };
        let what = match r.kind {
            RequestKind::TeamDebrief if r.requester_department.is_empty() => "team debrief for ".to_string(),
            RequestKind::TeamDebrief => format!("team debrief ({}) for ", escape(&r.requester_department)),
            RequestKind::OneOnOne => String::new(),
        };
        blocks.push(section(&format!("*#{}* {what}{}: {stage}\n{age}", r.id, mention(&r.requester))));
        let id = r.id.to_string();
        let mut elements = vec![button("Reassign", action::REASSIGN, &id, ""), button("Close", action::CLOSE, &id, "")];
        if row.assignee.is_none() {
            elements.push(
                json!({ "type": "users_select", "action_id": action::ASSIGN_TO, "placeholder": plain("Assign to") }),
            );
        }
        blocks.push(actions(&format!("assign:{id}"), elements));
    }
    blocks.extend(pager("queue", pages, pages.queue, home.queue_total, QUEUE_PAGE));
    // The roster is the program's coordinators' to keep.
    if home.sites.is_some() {
        return blocks;
    }
    blocks.push(section(&format!("*Roster* ({} supporters)", home.roster_total)));
    blocks.push(actions("roster_tools", vec![button("Add supporter", home_action::ROSTER_ADD, "add", "")]));
    let now_ms = now.timestamp_millis();
    for s in &home.roster {
        let role = Role::from_code(&s.role).map(|r| r.label()).unwrap_or("No role");
        let place =
            [s.department.as_str(), s.site.as_str()].iter().filter(|x| !x.is_empty()).copied().collect::<Vec<_>>();
        let state = match () {
            _ if s.training_lapsed(bot.program().today(now)) => "training ended",
            _ if s.is_paused(now_ms) => "paused",
            _ => "available",
        };
        let leads = if s.facilitator { " · leads debriefs" } else { "" };
        let mut options = vec![option("Edit", &format!("edit:{}", s.slack_user_id))];
        options.push(if s.is_paused(now_ms) {
            option("Resume offers", &format!("resume:{}", s.slack_user_id))
        } else {
            option("Pause offers", &format!("pause:{}", s.slack_user_id))
        });
        options.push(option("Remove", &format!("remove:{}", s.slack_user_id)));
        blocks.push(json!({
            "type": "section",
            "block_id": format!("roster:{}", s.slack_user_id),
            "text": mrkdwn(&format!(
                "{} · {role}{} · up to {} · {state}{leads}",
                mention(&s.slack_user_id),
                if place.is_empty() { String::new() } else { format!(" · {}", escape(&place.join(", "))) },
                s.max_active
            )),
            "accessory": { "type": "overflow", "action_id": home_action::ROSTER_MENU, "options": options },
        }));
    }
    blocks.extend(pager("roster", pages, pages.roster, home.roster_total, ROSTER_PAGE));
    blocks
}

/// A team debrief's unit, size and timing, in words.
fn debrief_words(item: &SupporterItem) -> String {
    let unit =
        if item.requester_department.is_empty() { "A unit".to_string() } else { escape(&item.requester_department) };
    let size = TeamSize::from_code(&item.team_size).map(|s| s.label().to_lowercase()).unwrap_or_default();
    let when = MeetWhen::from_code(&item.meet_when).map(|w| w.label().to_lowercase()).unwrap_or_default();
    [unit, size, when].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(", ")
}

/// `Previous` / `Next` for one list, when it has more than one page.
fn pager(list: &str, pages: Pages, page: usize, total: usize, per_page: usize) -> Vec<Value> {
    let mut buttons = Vec::new();
    let with = |p: usize| {
        let mut next = pages;
        if list == "queue" {
            next.queue = p;
        } else {
            next.roster = p;
        }
        next.value()
    };
    if page > 0 {
        buttons.push(button("Previous", home_action::PAGE, &with(page - 1), ""));
    }
    if (page + 1) * per_page < total {
        buttons.push(button("Next", home_action::PAGE, &with(page + 1), ""));
    }
    if buttons.is_empty() { vec![] } else { vec![actions(&format!("pager:{list}"), buttons)] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_trip_through_button_values() {
        let p = Pages { queue: 2, roster: 1 };
        assert_eq!(Pages::parse(&p.value()), p);
        assert_eq!(Pages::parse("junk"), Pages::default());
    }

    #[test]
    fn the_pager_shows_only_the_ways_that_lead_somewhere() {
        let texts = |v: Vec<Value>| -> Vec<String> {
            v.iter()
                .flat_map(|b| {
                    b["elements"].as_array().unwrap().iter().map(|e| e["text"]["text"].as_str().unwrap().to_string())
                })
                .collect()
        };
        assert!(pager("queue", Pages::default(), 0, 5, 8).is_empty());
        assert_eq!(texts(pager("queue", Pages::default(), 0, 9, 8)), ["Next"]);
        assert_eq!(texts(pager("queue", Pages { queue: 1, roster: 0 }, 1, 9, 8)), ["Previous"]);
        assert_eq!(texts(pager("roster", Pages { queue: 0, roster: 1 }, 1, 30, 10)), ["Previous", "Next"]);
    }
}
