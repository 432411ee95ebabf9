//! Who should be offered a request: hard filters first, then a ranking a coordinator can
//! read ("same role: nurse; same site; 0 active"). Pure functions, no I/O.

use std::cmp::Ordering;
use std::collections::HashSet;

use super::choices::{Gender, Role, Seniority};

/// What the request asks of a supporter.
#[derive(Clone, Debug, Default)]
pub struct Need {
    pub requester: String,
    pub role: Option<Role>,
    pub department: Option<String>,
    pub site: Option<String>,
    /// Hard filter: the supporter's role must equal the requester's own.
    pub same_role: bool,
    /// Hard filter: a specific role.
    pub specific_role: Option<Role>,
    /// Hard filter: not from the requester's department.
    pub outside_department: bool,
    /// Hard filter: the supporter's gender.
    pub gender: Option<Gender>,
    /// Soft: ranked first when it matches.
    pub seniority: Option<Seniority>,
    /// Soft: someone the requester asked to talk to again.
    pub preferred_supporter: Option<String>,
    /// People never to offer: who declined or let an offer time out, the referred person.
    pub excluded: HashSet<String>,
    /// A team debrief: only facilitators may lead it.
    pub team_debrief: bool,
    /// Hard filter: not from the requester's site (else the same site ranks first).
    pub outside_site: bool,
    /// Soft, or hard with `must`: someone with this area of interest.
    pub interest: Option<String>,
    /// The preferred supporter or the interest is a must: nobody else is offered.
    pub must: bool,
}

/// A supporter as matching sees them.
#[derive(Clone, Debug)]
pub struct SupporterView {
    pub id: String,
    pub role: Option<Role>,
    pub department: String,
    pub site: String,
    pub gender: Option<Gender>,
    pub seniority: Option<Seniority>,
    pub max_active: i64,
    pub active: i64,
    pub available: bool,
    pub last_offered_ms: Option<i64>,
    pub facilitator: bool,
    /// Their training is current (or the roster does not track it).
    pub trained: bool,
    /// Their areas of interest.
    pub interests: Vec<String>,
}

impl SupporterView {
    /// A roster row and its load, as matching sees it at `now_ms` (`today` in the
    /// program's time zone).
    pub fn of(row: &crate::store::roster::SupporterLoad, now_ms: i64, today: chrono::NaiveDate) -> Self {
        let s = &row.supporter;
        SupporterView {
            id: s.slack_user_id.clone(),
            role: Role::from_code(&s.role),
            department: s.department.clone(),
            site: s.site.clone(),
            gender: Gender::from_code(&s.gender),
            seniority: Seniority::from_code(&s.seniority),
            max_active: s.max_active,
            active: row.load,
            available: !s.is_paused(now_ms),
            last_offered_ms: s.last_offered_ms,
            facilitator: s.facilitator,
            trained: !s.training_lapsed(today),
            interests: s.interest_list().into_iter().map(str::to_string).collect(),
        }
    }
}

/// A supporter who passed the filters, with why they rank where they do.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    pub supporter: String,
    pub reason: Reason,
}

/// Why a supporter ranks where they do, for the coordinators (worded by the catalog).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Reason {
    Parts(Vec<Why>),
    /// In words, as notices queued by earlier versions carried it.
    Words(String),
}

impl Default for Reason {
    fn default() -> Self {
        Reason::Parts(vec![])
    }
}

impl Reason {
    pub fn is_empty(&self) -> bool {
        match self {
            Reason::Parts(parts) => parts.is_empty(),
            Reason::Words(words) => words.is_empty(),
        }
    }
}

/// One part of a [`Reason`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Why {
    /// The requester asked for them (by name, or to talk again).
    AskedFor,
    Interest {
        interest: String,
    },
    SameRole {
        role: Role,
    },
    Role {
        role: Role,
    },
    SameSite,
    OutsideDepartment,
    Seniority {
        seniority: Seniority,
    },
    /// How many requests they carry now.
    Active {
        count: i64,
    },
}

/// Why a supporter cannot be offered this request (for tests and for the coordinator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Excluded {
    Unavailable,
    /// Their training date has passed.
    TrainingLapsed,
    /// A team debrief, and they do not lead debriefs.
    NotAFacilitator,
    AtCapacity,
    IsRequester,
    AlreadyAsked,
    WrongRole,
    SameDepartment,
    SameSite,
    WrongGender,
    /// The requester asked for someone else by name, as a must.
    NotTheOneAsked,
    /// The requester's must-have interest is not theirs.
    NoSharedInterest,
}

/// The hard filters. `None` means the supporter may be offered.
pub fn exclusion(need: &Need, s: &SupporterView) -> Option<Excluded> {
    let same_department =
        need.department.as_deref().is_some_and(|d| !s.department.is_empty() && d.eq_ignore_ascii_case(&s.department));
    if s.id == need.requester {
        Some(Excluded::IsRequester)
    } else if need.excluded.contains(&s.id) {
        Some(Excluded::AlreadyAsked)
    } else if !s.available {
        Some(Excluded::Unavailable)
    } else if !s.trained {
        Some(Excluded::TrainingLapsed)
    } else if need.team_debrief && !s.facilitator {
        Some(Excluded::NotAFacilitator)
    } else if s.active >= s.max_active {
        Some(Excluded::AtCapacity)
    } else if need.same_role && need.role.is_some() && s.role != need.role
        || need.specific_role.is_some() && s.role != need.specific_role
    {
        Some(Excluded::WrongRole)
    } else if need.outside_department && same_department {
        Some(Excluded::SameDepartment)
    } else if need.outside_site && need.site.as_deref().is_some_and(|site| site.eq_ignore_ascii_case(&s.site)) {
        Some(Excluded::SameSite)
    } else if need.gender.is_some() && s.gender != need.gender {
        Some(Excluded::WrongGender)
    } else if need.must && need.preferred_supporter.as_deref().is_some_and(|p| p != s.id) {
        Some(Excluded::NotTheOneAsked)
    } else if need.must && need.interest.as_deref().is_some_and(|i| !shares(s, i)) {
        Some(Excluded::NoSharedInterest)
    } else {
        None
    }
}

/// Every eligible supporter, best first. Ties end in the Slack ID, so the order is stable.
pub fn rank(need: &Need, supporters: &[SupporterView]) -> Vec<Candidate> {
    let mut eligible: Vec<&SupporterView> = supporters.iter().filter(|s| exclusion(need, s).is_none()).collect();
    eligible.sort_by(|a, b| compare(need, a, b));
    eligible.into_iter().map(|s| Candidate { supporter: s.id.clone(), reason: reason(need, s) }).collect()
}

fn compare(need: &Need, a: &SupporterView, b: &SupporterView) -> Ordering {
    let preferred = |s: &SupporterView| need.preferred_supporter.as_deref() == Some(s.id.as_str());
    let same_role = |s: &SupporterView| need.role.is_some() && s.role == need.role;
    let same_site = |s: &SupporterView| {
        need.site.as_deref().is_some_and(|site| !s.site.is_empty() && site.eq_ignore_ascii_case(&s.site))
    };
    let seniority = |s: &SupporterView| need.seniority.is_some() && s.seniority == need.seniority;
    let interest = |s: &SupporterView| need.interest.as_deref().is_some_and(|i| shares(s, i));
    // `true` sorts after `false`, so each key is reversed to put matches first.
    preferred(b)
        .cmp(&preferred(a))
        .then(interest(b).cmp(&interest(a)))
        .then(same_role(b).cmp(&same_role(a)))
        .then(same_site(b).cmp(&same_site(a)))
        .then(seniority(b).cmp(&seniority(a)))
        .then(a.active.cmp(&b.active))
        // Never offered sorts first; then the longest since the last offer.
        .then(a.last_offered_ms.unwrap_or(i64::MIN).cmp(&b.last_offered_ms.unwrap_or(i64::MIN)))
        .then(a.id.cmp(&b.id))
}

/// The supporter lists this area of interest (names match without regard to case).
fn shares(s: &SupporterView, interest: &str) -> bool {
    s.interests.iter().any(|i| i.eq_ignore_ascii_case(interest))
}

fn reason(need: &Need, s: &SupporterView) -> Reason {
    let mut parts = Vec::new();
    if need.preferred_supporter.as_deref() == Some(s.id.as_str()) {
        parts.push(Why::AskedFor);
    }
    if let Some(interest) = need.interest.as_deref().filter(|i| shares(s, i)) {
        parts.push(Why::Interest { interest: interest.to_string() });
    }
    match (need.role, s.role) {
        (Some(wanted), Some(role)) if wanted == role => parts.push(Why::SameRole { role }),
        (_, Some(role)) => parts.push(Why::Role { role }),
        _ => {}
    }
    if need.site.as_deref().is_some_and(|site| !s.site.is_empty() && site.eq_ignore_ascii_case(&s.site)) {
        parts.push(Why::SameSite);
    }
    if need.outside_department {
        parts.push(Why::OutsideDepartment);
    }
    if let Some(seniority) = s.seniority.filter(|x| need.seniority == Some(*x)) {
        parts.push(Why::Seniority { seniority });
    }
    parts.push(Why::Active { count: s.active });
    Reason::Parts(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sup(id: &str, role: Role) -> SupporterView {
        SupporterView {
            id: id.into(),
            role: Some(role),
            department: "Medicine".into(),
            site: "Main".into(),
            gender: None,
            seniority: None,
            max_active: 2,
            active: 0,
            available: true,
            last_offered_ms: None,
            facilitator: false,
            trained: true,
            interests: vec![],
        }
    }

    fn need(role: Role) -> Need {
        Need {
            requester: "UREQ".into(),
            role: Some(role),
            department: Some("Medicine".into()),
            site: Some("Main".into()),
            ..Need::default()
        }
    }

    fn ids(c: &[Candidate]) -> Vec<&str> {
        c.iter().map(|c| c.supporter.as_str()).collect()
    }

    #[test]
    fn hard_filters_each_exclude_for_their_reason() {
        let n = Need {
            same_role: false,
            outside_department: true,
            gender: Some(Gender::Woman),
            excluded: ["UDECLINED".to_string()].into(),
            ..need(Role::Nurse)
        };
        let woman = |mut s: SupporterView| {
            s.gender = Some(Gender::Woman);
            s.department = "Surgery".into();
            s
        };
        let cases: Vec<(SupporterView, Option<Excluded>)> = vec![
            (woman(sup("UOK", Role::Nurse)), None),
            (woman(sup("UREQ", Role::Nurse)), Some(Excluded::IsRequester)),
            (woman(sup("UDECLINED", Role::Nurse)), Some(Excluded::AlreadyAsked)),
            (SupporterView { available: false, ..woman(sup("UPAUSED", Role::Nurse)) }, Some(Excluded::Unavailable)),
            (SupporterView { trained: false, ..woman(sup("ULAPSED", Role::Nurse)) }, Some(Excluded::TrainingLapsed)),
            (SupporterView { active: 2, ..woman(sup("UFULL", Role::Nurse)) }, Some(Excluded::AtCapacity)),
            (
                SupporterView { department: "medicine".into(), ..woman(sup("USAME", Role::Nurse)) },
                Some(Excluded::SameDepartment),
            ),
            (sup("UMAN", Role::Nurse), Some(Excluded::SameDepartment)),
            (SupporterView { department: "ICU".into(), ..sup("UNOGENDER", Role::Nurse) }, Some(Excluded::WrongGender)),
        ];
        for (s, want) in cases {
            assert_eq!(exclusion(&n, &s), want, "{}", s.id);
        }
    }

    #[test]
    fn same_role_and_specific_role_are_hard_filters() {
        let mut n = need(Role::Nurse);
        n.same_role = true;
        let all = [sup("UDOC", Role::Physician), sup("UNURSE", Role::Nurse)];
        assert_eq!(ids(&rank(&n, &all)), vec!["UNURSE"]);
        let n = Need { specific_role: Some(Role::Physician), ..need(Role::Nurse) };
        assert_eq!(ids(&rank(&n, &all)), vec!["UDOC"]);
    }

    #[test]
    fn ranking_prefers_role_then_site_then_load_then_fairness() {
        let n = need(Role::Nurse);
        let table: Vec<(Vec<SupporterView>, Vec<&str>)> = vec![
            // Own role first, even when busier.
            (vec![sup("UA", Role::Physician), SupporterView { active: 1, ..sup("UB", Role::Nurse) }], vec!["UB", "UA"]),
            // Same site before another site.
            (
                vec![SupporterView { site: "North".into(), ..sup("UA", Role::Nurse) }, sup("UB", Role::Nurse)],
                vec!["UB", "UA"],
            ),
            // Fewer active assignments first.
            (vec![SupporterView { active: 1, ..sup("UA", Role::Nurse) }, sup("UB", Role::Nurse)], vec!["UB", "UA"]),
            // Longest since last offer first; never offered before anyone.
            (
                vec![
                    SupporterView { last_offered_ms: Some(200), ..sup("UA", Role::Nurse) },
                    SupporterView { last_offered_ms: Some(100), ..sup("UB", Role::Nurse) },
                    sup("UC", Role::Nurse),
                ],
                vec!["UC", "UB", "UA"],
            ),
            // A full tie ends in the Slack ID.
            (vec![sup("UZ", Role::Nurse), sup("UA", Role::Nurse)], vec!["UA", "UZ"]),
        ];
        for (supporters, want) in table {
            assert_eq!(ids(&rank(&n, &supporters)), want);
        }
    }

    #[test]
    fn someone_at_another_site_is_a_hard_filter() {
        let n = Need { outside_site: true, ..need(Role::Nurse) };
        let all = [SupporterView { site: "North".into(), ..sup("UA", Role::Nurse) }, sup("UB", Role::Nurse)];
        assert_eq!(exclusion(&n, &all[1]), Some(Excluded::SameSite));
        assert_eq!(ids(&rank(&n, &all)), vec!["UA"]);
        // Without the wish, the same site ranks first.
        assert_eq!(ids(&rank(&need(Role::Nurse), &all)), vec!["UB", "UA"]);
    }

    #[test]
    fn an_interest_ranks_first_as_a_wish_and_filters_as_a_must() {
        let litigation = |s: SupporterView| SupporterView { interests: vec!["Litigation".into()], ..s };
        let all = [sup("UA", Role::Nurse), litigation(sup("UB", Role::Physician))];
        let wish = Need { interest: Some("litigation".into()), ..need(Role::Nurse) };
        let ranked = rank(&wish, &all);
        assert_eq!(ids(&ranked), vec!["UB", "UA"], "the interest outranks the same role");
        assert!(
            matches!(&ranked[0].reason, Reason::Parts(p) if p.contains(&Why::Interest { interest: "litigation".into() }))
        );
        let must = Need { must: true, ..wish };
        assert_eq!(ids(&rank(&must, &all)), vec!["UB"]);
        assert_eq!(exclusion(&must, &all[0]), Some(Excluded::NoSharedInterest));
        // A named supporter as a must: nobody else, and nobody at all when they cannot.
        let named = Need { preferred_supporter: Some("UA".into()), must: true, ..need(Role::Nurse) };
        assert_eq!(ids(&rank(&named, &all)), vec!["UA"]);
        let busy = [SupporterView { active: 2, ..sup("UA", Role::Nurse) }, sup("UB", Role::Nurse)];
        assert!(rank(&named, &busy).is_empty(), "a must nobody meets leaves no candidate");
    }

    #[test]
    fn a_team_debrief_goes_to_facilitators_only() {
        let n = Need { team_debrief: true, ..need(Role::Nurse) };
        let all = [sup("UPEER", Role::Nurse), SupporterView { facilitator: true, ..sup("ULEAD", Role::Physician) }];
        assert_eq!(exclusion(&n, &all[0]), Some(Excluded::NotAFacilitator));
        assert_eq!(ids(&rank(&n, &all)), vec!["ULEAD"]);
        // A one-on-one request goes to either.
        assert_eq!(rank(&need(Role::Nurse), &all).len(), 2);
    }

    #[test]
    fn a_supporter_asked_for_again_ranks_first() {
        let n = Need { preferred_supporter: Some("UOLD".into()), ..need(Role::Nurse) };
        let all = [sup("UNEW", Role::Nurse), SupporterView { active: 1, ..sup("UOLD", Role::Physician) }];
        let ranked = rank(&n, &all);
        assert_eq!(ids(&ranked), vec!["UOLD", "UNEW"]);
        assert!(matches!(&ranked[0].reason, Reason::Parts(p) if p[0] == Why::AskedFor));
    }

    #[test]
    fn the_reason_reads_as_the_coordinator_would_say_it() {
        let ranked = rank(&need(Role::Nurse), &[sup("UA", Role::Nurse)]);
        let want = vec![Why::SameRole { role: Role::Nurse }, Why::SameSite, Why::Active { count: 0 }];
        assert_eq!(ranked[0].reason, Reason::Parts(want));
        // A reason queued by an earlier version, in words, still reads back.
        let old: Candidate = serde_json::from_str(r#"{"supporter":"U1","reason":"same role: nurse"}"#).unwrap();
        assert_eq!(old.reason, Reason::Words("same role: nurse".into()));
    }
}
