//! The Home tab: one view per person, with every section their roles allow, rendered as
//! a pure function of what the domain reads fresh each time (one query a section, so it
//! is right after a restart too). Long lists page with `Next` / `Previous` to stay under Slack's 100 blocks.

use chrono::{DateTime, NaiveDate, Utc};
use slack_morphism::prelude::{
    SlackActionId, SlackBlock, SlackBlockId, SlackBlockMultiStaticSelectElement, SlackBlockOverflowElement,
    SlackHomeView, SlackSectionBlock, SlackView,
};

use super::blocks::*;
use super::views::{Views, action, t};
use crate::clock::from_ms;
use crate::domain::choices::{ContactPref, GoodTime, MeetWhen, Role, TeamSize, split_codes};
use crate::domain::program::{CoordinatorHome, Home, QUEUE_PAGE, ROSTER_PAGE, SupporterHome};
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

fn contact_and_times(v: &Views, contact: &str, times: &str) -> String {
    let contact = v.contact_words(ContactPref::from_code(contact));
    let times = split_codes(times, GoodTime::from_code);
    if times.is_empty() { contact } else { format!("{contact}, {}", v.times_words(&times)) }
}

/// The Home tab for `user`, from what the domain says it holds: a pure function of
/// that data (`today` in the program's calendar, for training dates).
pub fn render(v: &Views, user: &str, home: &Home, pages: Pages, now: DateTime<Utc>, today: NaiveDate) -> SlackView {
    let mut blocks = requester_blocks(v, home);
    blocks.extend(directory_blocks(v, home));
    if let Some(supporter) = &home.supporter {
        blocks.extend(supporter_blocks(v, user, supporter, now, today));
    }
    if let Some(coordinator) = &home.coordinator {
        blocks.extend(coordinator_blocks(v, coordinator, pages, now, today));
    }
    if home.leader {
        blocks.push(header(&short(&t!(v, "home-outreach"))));
        blocks.push(section(&t!(v, "home-outreach-text")));
        blocks.push(actions(
            "home_leader",
            vec![button(&t!(v, "button-start-outreach"), home_action::OUTREACH, "start", "primary")],
        ));
    }
    blocks.truncate(MAX_BLOCKS);
    SlackView::Home(SlackHomeView::new(blocks))
}

fn requester_blocks(v: &Views, home: &Home) -> Vec<SlackBlock> {
    let settings = v.settings;
    let mut blocks = vec![header(&short(&settings.program.name))];
    let mut buttons = vec![button(&t!(v, "button-ask-for-support"), home_action::ASK, "ask", "primary")];
    match &home.request {
        Some(status) => {
            let stage = match &status.assignment {
                Some(a) if a.contact_made_ms.is_some() => t!(v, "home-connected", who = mention(&a.supporter)),
                Some(a) => t!(v, "status-matched", who = mention(&a.supporter)),
                None => t!(v, "home-waiting"),
            };
            blocks.push(section(&format!("*{}*\n{stage}", t!(v, "status-title"))));
            buttons.push(button(&t!(v, "button-withdraw-mine"), action::WITHDRAW, &status.request.id.to_string(), ""));
        }
        None => blocks.push(section(&t!(v, "home-intro"))),
    }
    buttons.push(button(&t!(v, "button-request-debrief"), home_action::DEBRIEF, "debrief", ""));
    buttons.push(button(&t!(v, "nominate-title"), home_action::NOMINATE, "nominate", ""));
    blocks.push(actions("home_requester", buttons));
    let mut resources: Vec<String> =
        settings.program.resources.iter().map(|r| format!("• *{}*: {}", escape(&r.name), escape(&r.contact))).collect();
    if !resources.is_empty() {
        resources.insert(0, format!("*{}*", t!(v, "home-other-support")));
        blocks.extend(line_sections(&resources));
    }
    blocks.push(context(&format!(":telephone_receiver: {}", escape(&settings.program.crisis_line))));
    blocks
}

/// "Meet the supporters": who chose to be listed, with their role, specialty, site and
/// areas of interest. Nothing anyone typed.
fn directory_blocks(v: &Views, home: &Home) -> Vec<SlackBlock> {
    if home.directory.is_empty() {
        return vec![];
    }
    let lines: Vec<String> = home
        .directory
        .iter()
        .take(DIRECTORY_SHOWN)
        .map(|s| {
            let role = Role::from_code(&s.role).map(|r| v.label(r));
            let specialty = (!s.specialty.is_empty()).then(|| escape(&s.specialty));
            let site = (!s.site.is_empty()).then(|| escape(&s.site));
            let interests = s.interest_list();
            let interests = (!interests.is_empty()).then(|| format!("_{}_", escape(&interests.join(", "))));
            let facts = [role, specialty, site, interests].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            format!("• {} · {facts}", mention(&s.slack_user_id))
        })
        .collect();
    let mut blocks =
        vec![header(&short(&t!(v, "directory-title"))), section(&capped(&lines.join("\n"), 2900, &t!(v, "shortened")))];
    let more = home.directory_total.saturating_sub(DIRECTORY_SHOWN);
    let mut note = t!(v, "directory-note");
    if more > 0 {
        note = format!("{} {note}", t!(v, "directory-more", count = more));
    }
    blocks.push(context(&note));
    blocks
}

fn supporter_blocks(
    v: &Views,
    user: &str,
    home: &SupporterHome,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Vec<SlackBlock> {
    let me = &home.me;
    let now_ms = now.timestamp_millis();
    let availability = match (me.is_paused(now_ms), me.paused_until_ms) {
        (false, _) => t!(v, "home-available"),
        (true, Some(until)) => t!(v, "home-paused-until", day = v.when(now, from_ms(until))),
        (true, None) => t!(v, "home-paused"),
    };
    let toggle = if me.is_paused(now_ms) {
        button(&t!(v, "button-resume-offers"), home_action::RESUME, user, "primary")
    } else {
        button(&t!(v, "button-pause-offers"), home_action::PAUSE, user, "")
    };
    let fact = |label: &str, value: String| format!("\n*{}* {value}", v.text(label, None));
    let mut facts = format!(
        "*{}* {availability}{}",
        t!(v, "home-availability"),
        fact(
            "home-carrying",
            t!(
                v,
                "home-carrying-count",
                count = (home.assignments.len() + home.offers.len()).to_string(),
                max = me.max_active.to_string()
            )
        )
    );
    if me.facilitator {
        facts.push_str(&fact("roster-team-debriefs", t!(v, "home-you-lead")));
    }
    if let Some(until) = me.trained_until() {
        let day = v.date(until);
        if me.training_lapsed(today) {
            facts.push_str(&fact("home-training", t!(v, "home-training-ended", day = day)));
        } else {
            facts.push_str(&fact("home-training", t!(v, "home-training-current", day = day)));
        }
    }
    let interests = me.interest_list();
    facts.push_str(&fact(
        "home-directory-entry",
        match (me.listed, interests.is_empty()) {
            (true, true) => t!(v, "home-listed"),
            (true, false) => t!(v, "home-listed-with", interests = escape(&interests.join(", "))),
            (false, _) => t!(v, "home-not-listed"),
        },
    ));
    let listing = if me.listed {
        button(&t!(v, "button-stop-listing"), home_action::DIRECTORY_LISTED, "no", "")
    } else {
        button(&t!(v, "button-list-me"), home_action::DIRECTORY_LISTED, "yes", "")
    };
    let mut blocks =
        vec![header(&short(&t!(v, "home-as-supporter"))), section(&facts), actions("home_directory", vec![listing])];
    blocks.extend(interests_picker(v, &interests));
    blocks.push(actions(
        "home_availability",
        vec![
            toggle,
            date_picker(Some(&short(&t!(v, "home-pause-until"))))
                .with_action_id(SlackActionId(home_action::PAUSE_UNTIL.to_string()))
                .into(),
        ],
    ));
    for offer in &home.offers {
        let role = Role::from_code(&offer.requester_role).map(|r| v.label(r)).unwrap_or_else(|| t!(v, "not-given"));
        let id = offer.id.to_string();
        blocks.push(section(&if offer.kind == RequestKind::TeamDebrief {
            t!(v, "home-offer-debrief", facts = debrief_words(v, offer))
        } else {
            t!(v, "home-offer", role = role, wants = contact_and_times(v, &offer.contact_pref, &offer.good_times))
        }));
        blocks.push(actions(
            &format!("home_offer:{id}"),
            vec![
                button(&t!(v, "button-accept"), action::OFFER_ACCEPT, &id, "primary"),
                button(&t!(v, "button-decline"), action::OFFER_DECLINE, &id, ""),
            ],
        ));
    }
    for a in &home.assignments {
        let stage =
            if a.contact_made_ms.is_some() { t!(v, "home-contact-made") } else { t!(v, "home-please-reach-out") };
        let id = a.id.to_string();
        blocks.push(section(&if a.kind == RequestKind::TeamDebrief {
            t!(v, "home-assignment-debrief", who = mention(&a.requester), stage = stage, facts = debrief_words(v, a))
        } else {
            t!(
                v,
                "home-assignment",
                who = mention(&a.requester),
                stage = stage,
                wants = contact_and_times(v, &a.contact_pref, &a.good_times)
            )
        }));
        blocks.push(actions(
            &format!("home_assignment:{id}"),
            vec![
                button(&t!(v, "button-contact-made"), action::CONTACT_MADE, &id, "primary"),
                button(&t!(v, "button-conversation-happened"), action::CONVERSATION_HAPPENED, &id, ""),
                button(&t!(v, "button-safety-concern"), action::SAFETY_CONCERN, &id, "danger"),
            ],
        ));
    }
    blocks
}

/// A supporter's areas of interest for the directory, when the program lists any. A
/// multi-select sits beside a section's text (an actions block takes none).
fn interests_picker(v: &Views, mine: &[&str]) -> Option<SlackBlock> {
    let known = &v.settings.program.interests;
    if known.is_empty() {
        return None;
    }
    let choice = |i: &String| option(&short(i), &short(i));
    let mut select = SlackBlockMultiStaticSelectElement::new()
        .with_action_id(SlackActionId(home_action::DIRECTORY_INTERESTS.to_string()))
        .with_placeholder(plain(&short(&t!(v, "home-my-interests"))))
        .with_options(known.iter().take(100).map(choice).collect());
    let chosen: Vec<SelectOption> = known.iter().filter(|k| mine.contains(&k.as_str())).map(choice).collect();
    if !chosen.is_empty() {
        select.initial_options = Some(chosen);
    }
    let picker = SlackSectionBlock::new()
        .with_block_id(SlackBlockId("home_interests".to_string()))
        .with_text(mrkdwn(&t!(v, "home-my-interests")))
        .with_accessory(select.into());
    Some(picker.into())
}

/// The coordinators' tools: this month's counts, the queue and the roster (also shown
/// as the `/peer-admin` modal).
pub fn coordinator_blocks(
    v: &Views,
    home: &CoordinatorHome,
    pages: Pages,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Vec<SlackBlock> {
    let calendar = v.calendar();
    let report = &home.report;
    let month = match &home.sites {
        None => t!(v, "home-this-month"),
        Some(sites) => t!(v, "home-this-month-at", sites = escape(&sites.join(", "))),
    };
    let mut blocks = vec![
        header(&short(&t!(v, "home-coordinator"))),
        section(&format!(
            "*{month}:* {}",
            t!(
                v,
                "home-month-counts",
                requests = v.shown_of(report, "requests"),
                matched = v.shown_of(report, "matched"),
                closed = v.shown_of(report, "closed")
            )
        )),
    ];
    if !home.by_site.is_empty() {
        blocks.push(section(&v.by_site(&home.by_site)));
    }
    // The queue: everything not closed, oldest first.
    let sla = v.settings.sla.match_within;
    blocks.push(section(&format!(
        "*{}* {}",
        t!(v, "home-queue"),
        t!(v, "home-open", count = home.queue_total.to_string())
    )));
    for row in &home.queue {
        let r = &row.request;
        let waited = calendar.elapsed(from_ms(r.created_ms), now);
        let stage = match (&row.assignee, &row.offered_to) {
            (Some(a), _) if row.contact_made_ms.is_some() => t!(v, "queue-connected", who = mention(a)),
            (Some(a), _) => t!(v, "queue-accepted", who = mention(a)),
            (None, Some(o)) => t!(v, "queue-offered", who = mention(o)),
            (None, None) => t!(v, "queue-unmatched"),
        };
        // The wait is measured against the promise only until someone accepts.
        let age = match (&row.assignee, r.matched_ms) {
            (Some(_), Some(matched)) => t!(
                v,
                "queue-matched-in",
                took = v.wait(calendar.elapsed(from_ms(r.created_ms), from_ms(matched))),
                ago = v.wait(calendar.elapsed(from_ms(matched), now))
            ),
            _ => {
                let promise = calendar.elapsed(now, calendar.add(now, sla));
                let overdue =
                    if waited >= promise { format!(" · *{}*", t!(v, "queue-overdue")) } else { String::new() };
                format!("{}{overdue}", t!(v, "queue-waiting", waited = v.wait(waited), promise = v.wait(promise)))
            }
        };
        let what = match r.kind {
            RequestKind::TeamDebrief if r.requester_department.is_empty() => format!("{} ", t!(v, "queue-debrief-for")),
            RequestKind::TeamDebrief => {
                format!("{} ", t!(v, "queue-debrief-of-for", unit = escape(&r.requester_department)))
            }
            RequestKind::OneOnOne => String::new(),
        };
        blocks.push(section(&format!("*#{}* {what}{}: {stage}\n{age}", r.id, mention(&r.requester))));
        let id = r.id.to_string();
        let mut elements = vec![
            button(&t!(v, "button-reassign"), action::REASSIGN, &id, ""),
            button(&t!(v, "button-close"), action::CLOSE, &id, ""),
        ];
        if row.assignee.is_none() {
            elements.push(v.assign_to_picker());
        }
        blocks.push(actions(&format!("assign:{id}"), elements));
    }
    blocks.extend(pager(v, "queue", pages, pages.queue, home.queue_total, QUEUE_PAGE));
    // The roster is the program's coordinators' to keep.
    if home.sites.is_some() {
        return blocks;
    }
    blocks.push(section(&format!(
        "*{}* {}",
        t!(v, "home-roster"),
        t!(v, "home-roster-count", count = home.roster_total.to_string())
    )));
    blocks.push(actions(
        "roster_tools",
        vec![button(&t!(v, "button-add-supporter"), home_action::ROSTER_ADD, "add", "")],
    ));
    let now_ms = now.timestamp_millis();
    for s in &home.roster {
        let role = Role::from_code(&s.role).map(|r| v.label(r)).unwrap_or_else(|| t!(v, "roster-no-role"));
        let place =
            [s.department.as_str(), s.site.as_str()].iter().filter(|x| !x.is_empty()).copied().collect::<Vec<_>>();
        let state = match () {
            _ if s.training_lapsed(today) => t!(v, "roster-training-ended"),
            _ if s.is_paused(now_ms) => t!(v, "roster-paused"),
            _ => t!(v, "roster-available"),
        };
        let leads = if s.facilitator { format!(" · {}", t!(v, "roster-leads-debriefs")) } else { String::new() };
        let mut options = vec![option(&t!(v, "roster-menu-edit"), &format!("edit:{}", s.slack_user_id))];
        options.push(if s.is_paused(now_ms) {
            option(&t!(v, "button-resume-offers"), &format!("resume:{}", s.slack_user_id))
        } else {
            option(&t!(v, "button-pause-offers"), &format!("pause:{}", s.slack_user_id))
        });
        options.push(option(&t!(v, "roster-menu-remove"), &format!("remove:{}", s.slack_user_id)));
        let text = format!(
            "{} · {role}{} · {} · {state}{leads}",
            mention(&s.slack_user_id),
            if place.is_empty() { String::new() } else { format!(" · {}", escape(&place.join(", "))) },
            t!(v, "roster-up-to", count = s.max_active.to_string())
        );
        let menu =
            SlackBlockOverflowElement::new(options).with_action_id(SlackActionId(home_action::ROSTER_MENU.to_string()));
        let row = SlackSectionBlock::new()
            .with_block_id(SlackBlockId(format!("roster:{}", s.slack_user_id)))
            .with_text(mrkdwn(&text))
            .with_accessory(menu.into());
        blocks.push(row.into());
    }
    blocks.extend(pager(v, "roster", pages, pages.roster, home.roster_total, ROSTER_PAGE));
    blocks
}

/// A team debrief's unit, size and timing, in words.
fn debrief_words(v: &Views, item: &SupporterItem) -> String {
    let unit =
        if item.requester_department.is_empty() { t!(v, "home-a-unit") } else { escape(&item.requester_department) };
    let size = TeamSize::from_code(&item.team_size).map(|s| v.label(s).to_lowercase()).unwrap_or_default();
    let when = MeetWhen::from_code(&item.meet_when).map(|w| v.label(w).to_lowercase()).unwrap_or_default();
    [unit, size, when].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(", ")
}

/// `Previous` / `Next` for one list, when it has more than one page.
fn pager(v: &Views, list: &str, pages: Pages, page: usize, total: usize, per_page: usize) -> Vec<SlackBlock> {
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
        buttons.push(button(&t!(v, "button-previous"), home_action::PAGE, &with(page - 1), ""));
    }
    if (page + 1) * per_page < total {
        buttons.push(button(&t!(v, "button-next"), home_action::PAGE, &with(page + 1), ""));
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
        let texts = |v: Vec<SlackBlock>| -> Vec<String> {
            let v = serde_json::to_value(v).unwrap();
            v.as_array()
                .unwrap()
                .iter()
                .flat_map(|b| {
                    b["elements"].as_array().unwrap().iter().map(|e| e["text"]["text"].as_str().unwrap().to_string())
                })
                .collect()
        };
        let f = crate::slack::views::Fixture::new();
        let v = f.views();
        assert!(pager(&v, "queue", Pages::default(), 0, 5, 8).is_empty());
        assert_eq!(texts(pager(&v, "queue", Pages::default(), 0, 9, 8)), ["Next"]);
        assert_eq!(texts(pager(&v, "queue", Pages { queue: 1, roster: 0 }, 1, 9, 8)), ["Previous"]);
        assert_eq!(texts(pager(&v, "roster", Pages { queue: 0, roster: 1 }, 1, 30, 10)), ["Previous", "Next"]);
    }
}
