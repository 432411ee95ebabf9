//! `roster import|export|list|remove`: the supporters, from a CSV the program keeps.
//! Import is all or nothing: every bad row is listed with its line number. Only
//! `slack_user_id` is required; a column the file leaves out keeps what the roster holds,
//! so `roster export`, edited, imports back.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;

use crate::domain::choices::{Gender, Role, Seniority};
use crate::domain::jobs::Job;
use crate::settings::closest;
use crate::settings::is_slack_user_id;
use crate::store::Store;
use crate::store::roster::{RosterColumns, RosterEntry, Supporter, UpsertCounts};

pub const COLUMNS: [&str; 12] = [
    "slack_user_id",
    "role",
    "department",
    "specialty",
    "site",
    "gender",
    "seniority",
    "max_active",
    "facilitator",
    "trained_until",
    "interests",
    "listed",
];
/// Capacity when the CSV leaves it empty.
pub const DEFAULT_MAX_ACTIVE: i64 = 2;

/// A row that cannot be imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    pub reasons: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("could not read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("the header row {}", .0.join("; "))]
    Header(Vec<String>),
    #[error("{} row(s) need fixing; nothing was changed", .0.len())]
    BadRows(Vec<BadRow>),
}

/// Parses and validates a roster CSV; every problem is reported, not just the first.
/// Interests are taken as written (see [`parse_roster_for`] for a program's list).
pub fn parse_roster(text: &str) -> Result<Vec<RosterEntry>, RosterError> {
    parse_roster_for(text, None)
}

/// The same, with each interest checked against the program's `program.interests`
/// (matched without regard to case; the program's spelling is kept).
pub fn parse_roster_for(text: &str, known_interests: Option<&[String]>) -> Result<Vec<RosterEntry>, RosterError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| RosterError::Read { path: "CSV".into(), reason: e.to_string() })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut header_problems: Vec<String> = headers
        .iter()
        .filter(|h| !COLUMNS.contains(&h.as_str()))
        .map(|h| match closest(h, COLUMNS.iter().copied()) {
            Some(c) => format!("has an unknown column {h:?} (did you mean {c}?)"),
            None => format!("has an unknown column {h:?} (columns: {})", COLUMNS.join(",")),
        })
        .collect();
    if !headers.iter().any(|h| h == "slack_user_id") {
        header_problems.insert(0, "must name the column slack_user_id".into());
    }
    if !header_problems.is_empty() {
        return Err(RosterError::Header(header_problems));
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let has = |name: &str| col(name).is_some();
    let columns = RosterColumns {
        role: has("role"),
        department: has("department"),
        specialty: has("specialty"),
        site: has("site"),
        gender: has("gender"),
        seniority: has("seniority"),
        max_active: has("max_active"),
        facilitator: has("facilitator"),
        trained_until: has("trained_until"),
        interests: has("interests"),
        listed: has("listed"),
    };
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    let mut seen = HashSet::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                bad.push(BadRow { line, reasons: vec![format!("not readable as CSV ({e})")] });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let cell = |name: &str| col(name).and_then(|i| record.get(i)).unwrap_or("").trim().to_string();
        let mut reasons = Vec::new();
        let id = cell("slack_user_id");
        if id.is_empty() {
            reasons.push("slack_user_id is empty".to_string());
        } else if !is_slack_user_id(&id) {
            reasons.push(format!("slack_user_id {id:?} is not a Slack user ID (like U012ABCDEF)"));
        } else if !seen.insert(id.clone()) {
            reasons.push(format!("slack_user_id {id} appears twice"));
        }
        let role_text = cell("role");
        let role = if role_text.is_empty() { None } else { Role::parse_loose(&role_text) };
        if !role_text.is_empty() && role.is_none() {
            let known = Role::ALL.iter().map(|r| r.code()).collect::<Vec<_>>().join(", ");
            reasons.push(format!("role {role_text:?} is not one of {known}"));
        }
        let gender_text = cell("gender");
        let gender = Gender::parse_loose(&gender_text);
        if !gender_text.is_empty() && gender.is_none() {
            reasons.push(format!("gender {gender_text:?} is not one of woman, man, nonbinary"));
        }
        let seniority_text = cell("seniority");
        let seniority = Seniority::parse_loose(&seniority_text);
        if !seniority_text.is_empty() && seniority.is_none() {
            reasons.push(format!("seniority {seniority_text:?} is not one of early, mid, senior"));
        }
        let max_text = cell("max_active");
        let max_active = if max_text.is_empty() {
            Some(DEFAULT_MAX_ACTIVE)
        } else {
            max_text.parse::<i64>().ok().filter(|n| (1..=50).contains(n))
        };
        if max_active.is_none() {
            reasons.push(format!("max_active {max_text:?} is not a whole number from 1 to 50"));
        }
        let facilitator_text = cell("facilitator");
        let facilitator = parse_flag(&facilitator_text);
        if facilitator.is_none() {
            reasons.push(format!("facilitator {facilitator_text:?} is not true or false"));
        }
        let trained_text = cell("trained_until");
        let trained_until = NaiveDate::parse_from_str(&trained_text, "%Y-%m-%d").ok();
        if !trained_text.is_empty() && trained_until.is_none() {
            reasons.push(format!("trained_until {trained_text:?} is not a date like 2027-06-30"));
        }
        let listed_text = cell("listed");
        let listed = parse_flag(&listed_text);
        if listed.is_none() {
            reasons.push(format!("listed {listed_text:?} is not true or false"));
        }
        let mut interests = Vec::new();
        for wanted in cell("interests").split(';').map(str::trim).filter(|i| !i.is_empty()) {
            match known_interests {
                None => interests.push(wanted.to_string()),
                Some(known) => match known.iter().find(|k| k.eq_ignore_ascii_case(wanted)) {
                    Some(k) => interests.push(k.clone()),
                    None if known.is_empty() => {
                        reasons.push(format!("interest {wanted:?} is not listed (program.interests is empty)"))
                    }
                    None => reasons.push(format!("interest {wanted:?} is not one of {}", known.join(", "))),
                },
            }
        }
        if reasons.is_empty() {
            entries.push(RosterEntry {
                slack_user_id: id,
                role,
                department: cell("department"),
                specialty: cell("specialty"),
                site: cell("site"),
                gender,
                seniority,
                max_active: max_active.unwrap_or(DEFAULT_MAX_ACTIVE),
                facilitator: facilitator.unwrap_or(false),
                trained_until,
                interests,
                listed: listed.unwrap_or(false),
                columns,
            });
        } else {
            bad.push(BadRow { line, reasons });
        }
    }
    if bad.is_empty() { Ok(entries) } else { Err(RosterError::BadRows(bad)) }
}

/// A yes/no cell: empty is no.
fn parse_flag(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => Some(false),
        "true" | "yes" | "y" | "1" => Some(true),
        _ => None,
    }
}

pub fn read_roster(path: &Path, known_interests: &[String]) -> Result<Vec<RosterEntry>, RosterError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| RosterError::Read { path: path.display().to_string(), reason: e.to_string() })?;
    parse_roster_for(&text, Some(known_interests))
}

/// Imports the entries; a new supporter's own check-in comes one `check_in_every` on.
pub async fn import(
    store: &Store,
    entries: &[RosterEntry],
    now_ms: i64,
    check_in_every: std::time::Duration,
) -> Result<UpsertCounts, sqlx::Error> {
    let first = now_ms.saturating_add(i64::try_from(check_in_every.as_millis()).unwrap_or(i64::MAX));
    store.upsert_supporters(entries, now_ms, first).await
}

/// The roster as CSV, every column, in the form `roster import` reads back.
pub fn export_roster(supporters: &[Supporter]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(COLUMNS);
    for s in supporters {
        let max = s.max_active.to_string();
        let _ = out.write_record([
            s.slack_user_id.as_str(),
            &s.role,
            &s.department,
            &s.specialty,
            &s.site,
            &s.gender,
            &s.seniority,
            &max,
            if s.facilitator { "true" } else { "false" },
            &s.trained_until,
            &s.interests,
            if s.listed { "true" } else { "false" },
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The roster as a table for the terminal: each column as wide as its widest value, so
/// nothing drifts.
pub fn format_roster(supporters: &[Supporter], now_ms: i64) -> String {
    let header = [
        "slack_user_id",
        "role",
        "department",
        "site",
        "gender",
        "seniority",
        "specialty",
        "max_active",
        "availability",
        "facilitator",
        "trained_until",
    ];
    let rows: Vec<[String; 11]> = supporters
        .iter()
        .map(|s| {
            let availability = if s.is_paused(now_ms) { "paused" } else { "available" };
            [
                s.slack_user_id.clone(),
                s.role.clone(),
                s.department.clone(),
                s.site.clone(),
                s.gender.clone(),
                s.seniority.clone(),
                s.specialty.clone(),
                s.max_active.to_string(),
                availability.to_string(),
                if s.facilitator { "yes" } else { "" }.to_string(),
                s.trained_until.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> =
            cells.iter().zip(widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(&header.map(String::from));
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push_str(&format!("{} supporter(s)\n", supporters.len()));
    out
}

/// What `roster remove` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Removal {
    pub removed: bool,
    pub offers_passed_on: usize,
    pub active_assignments: usize,
}

/// Removes a supporter. Their pending offers are handed to the running bot's scheduler,
/// which passes each to the next candidate at its next tick.
pub async fn remove(store: &Store, id: &str, now_ms: i64) -> Result<Removal, sqlx::Error> {
    let offers = store.pending_offers_of(id).await?;
    let active = store.active_assignments_of(id).await?.len();
    let mut tx = store.begin_write().await?;
    for offer in &offers {
        let withdraw = Job::OfferWithdraw { request_id: offer.request_id, offer_id: offer.id };
        store.retarget_job(&mut tx, &withdraw.dedupe_key(), withdraw.kind(), now_ms).await?;
    }
    let removed = store.remove_supporter(&mut tx, id).await?;
    tx.commit().await?;
    Ok(Removal { removed, offers_passed_on: offers.len(), active_assignments: active })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "slack_user_id,role,department,specialty,site,gender,seniority,max_active\n";

    #[test]
    fn a_good_roster_parses_with_defaults_for_empty_cells() {
        let rows = parse_roster(&format!("{HEADER}U0001,nurse,ICU,,Main,F,senior,3\nU0002,,,,,,,\n")).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].role, Some(Role::Nurse));
        assert_eq!(rows[0].gender, Some(Gender::Woman));
        assert_eq!(rows[0].max_active, 3);
        assert_eq!(rows[1].role, None);
        assert_eq!(rows[1].max_active, DEFAULT_MAX_ACTIVE);
    }

    #[test]
    fn every_bad_row_is_listed_with_its_line() {
        let csv =
            format!("{HEADER}U0001,nurse,,,,,,2\nbogus,surgeon,,,,,,0\nU0001,nurse,,,,,,2\nU0003,nurse,,,,robot,,x\n");
        let RosterError::BadRows(bad) = parse_roster(&csv).unwrap_err() else { panic!() };
        let lines: Vec<u64> = bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert_eq!(bad[0].reasons.len(), 3, "{:?}", bad[0].reasons);
        assert!(bad[1].reasons[0].contains("twice"));
        assert!(bad[2].reasons.iter().any(|r| r.contains("gender")));
        assert!(bad[2].reasons.iter().any(|r| r.contains("max_active")));
    }

    #[test]
    fn interests_are_checked_against_the_programs_list() {
        let known = vec!["Litigation".to_string(), "Work and family".to_string()];
        let entries =
            parse_roster_for("slack_user_id,interests,listed\nU0001,litigation; WORK AND FAMILY,yes\n", Some(&known))
                .unwrap();
        assert_eq!(entries[0].interests, known, "the program's spelling is kept");
        assert!(entries[0].listed && entries[0].columns.interests && !entries[0].columns.role);
        let RosterError::BadRows(bad) =
            parse_roster_for("slack_user_id,interests,listed\nU0001,Astrology,maybe\n", Some(&known)).unwrap_err()
        else {
            panic!("an unknown interest is refused")
        };
        assert!(bad[0].reasons.iter().any(|r| r.contains("\"Astrology\" is not one of Litigation, Work and family")));
        assert!(bad[0].reasons.iter().any(|r| r.contains("listed \"maybe\"")));
    }

    #[test]
    fn only_slack_user_id_is_required_and_an_unknown_column_is_named() {
        let entries = parse_roster("slack_user_id,role\nU0001,RN\n").unwrap();
        assert_eq!(entries[0].role, Some(Role::Nurse));
        assert!(entries[0].columns.role && !entries[0].columns.department && !entries[0].columns.max_active);
        let RosterError::Header(problems) = parse_roster("role,departmnt\nnurse,ICU\n").unwrap_err() else {
            panic!("a header without slack_user_id is refused")
        };
        assert!(problems[0].contains("slack_user_id"), "{problems:?}");
        assert!(problems[1].contains("\"departmnt\" (did you mean department?)"), "{problems:?}");
    }

    #[test]
    fn an_export_imports_back_to_the_same_roster() {
        let csv = format!(
            "{}\nU0001,nurse,ICU,\"Cardiac, adult\",Main,woman,senior,3,true,2027-06-30,Litigation;Bereavement,true\nU0002,,,,,,,1,,,,\n",
            COLUMNS.join(",")
        );
        let entries = parse_roster(&csv).unwrap();
        let supporters: Vec<Supporter> = entries
            .iter()
            .map(|e| Supporter {
                department: e.department.clone(),
                specialty: e.specialty.clone(),
                site: e.site.clone(),
                gender: e.gender.map(|g| g.code().to_string()).unwrap_or_default(),
                seniority: e.seniority.map(|s| s.code().to_string()).unwrap_or_default(),
                max_active: e.max_active,
                facilitator: e.facilitator,
                trained_until: e.trained_until.map(|d| d.to_string()).unwrap_or_default(),
                interests: e.interests.join(";"),
                listed: e.listed,
                ..Supporter::new(&e.slack_user_id, e.role.map(|r| r.code()).unwrap_or_default())
            })
            .collect();
        let exported = export_roster(&supporters);
        assert_eq!(parse_roster(&exported).unwrap(), entries);
    }
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn roster_columns_line_up_whatever_the_values() {
        let supporter = |id: &str, department: &str, site: &str| Supporter {
            department: department.into(),
            site: site.into(),
            ..Supporter::new(id, "nurse")
        };
        let supporters = vec![
            supporter("U012ABCDEF", "Intensive Care Unit (North)", "Main"),
            supporter("U2", "ED", "A very long site name"),
        ];
        let table = format_roster(&supporters, 0);
        let lines: Vec<&str> = table.lines().take(3).collect();
        let column = |line: &str, word: &str| line.find(word).unwrap();
        assert_eq!(column(lines[0], "site"), column(lines[1], "Main"));
        assert_eq!(column(lines[0], "site"), column(lines[2], "A very long"));
        assert_eq!(column(lines[0], "availability"), column(lines[1], "available"));
    }
}
