//! The monthly program report, from anonymous counts only: what programs publish
//! (encounters, time to match and to contact, acceptance). Counts from 1 to 4 are shown
//! as "fewer than 5", so a small month cannot point at a person.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::program::DURATION_BUCKETS;

/// What a count shows as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    Count(i64),
    FewerThanFive,
    /// A percentile estimated from a histogram bucket (`under_4h`: "under 4 hours").
    Estimate(&'static str),
    NotEnoughData,
}

impl Shown {
    pub fn of(n: i64) -> Self {
        if (1..5).contains(&n) { Shown::FewerThanFive } else { Shown::Count(n) }
    }

    pub fn text(&self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::FewerThanFive => "fewer than 5".into(),
            Shown::Estimate(bucket) => bucket_words(bucket).into(),
            Shown::NotEnoughData => "not enough data".into(),
        }
    }
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub key: String,
    pub label: String,
    pub shown: Shown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub month: String,
    pub lines: Vec<Line>,
}

const COUNTS: &[(&str, &str)] = &[
    ("requests", "Requests"),
    ("matched", "Matched with a supporter"),
    ("closed", "Closed"),
    ("withdrawn", "Withdrawn"),
    ("offers_accepted", "Offers accepted"),
    ("offers_declined", "Offers declined"),
    ("offers_timed_out", "Offers timed out"),
    ("checkins_sent", "Check-ins sent"),
    ("checkins_answered", "Check-ins answered"),
    ("feedback_yes", "Feedback: helpful"),
    ("feedback_somewhat", "Feedback: somewhat"),
    ("feedback_not_really", "Feedback: not really"),
    ("outreach_offered", "Outreach offered"),
    ("outreach_accepted", "Outreach accepted"),
    ("referrals_made", "Referrals made"),
    ("referrals_accepted", "Referrals accepted"),
    ("nominations", "Supporters nominated"),
    ("debrief_requests", "Team debriefs requested"),
    ("debrief_matched", "Team debriefs with a facilitator"),
    ("debrief_closed", "Team debriefs closed"),
    ("debrief_withdrawn", "Team debriefs withdrawn"),
    ("supporter_checkins_sent", "Supporter check-ins sent"),
    ("supporter_checkins_fine", "Supporter check-ins: doing fine"),
    ("supporter_checkins_talk", "Supporter check-ins: would like to talk"),
    ("supporter_checkins_pause", "Supporter check-ins: paused for a while"),
];

fn line(key: &str, label: &str, shown: Shown) -> Line {
    Line { key: key.to_string(), label: label.to_string(), shown }
}

/// The words for each histogram bucket, as an upper bound.
fn bucket_words(bucket: &str) -> &'static str {
    match bucket {
        "under_1h" => "under 1 hour",
        "under_4h" => "under 4 hours",
        "under_1d" => "under 1 business day",
        "under_2d" => "under 2 business days",
        "under_5d" => "under 5 business days",
        _ => "5 business days or more",
    }
}

/// The bucket holding the `q` quantile (0.5, 0.9) of a histogram; needs five samples.
pub fn estimate(histogram: &[i64], q: f64) -> Shown {
    let total: i64 = histogram.iter().sum();
    if total < 5 {
        return Shown::NotEnoughData;
    }
    let rank = (q * total as f64).ceil() as i64;
    let mut seen = 0;
    for (i, n) in histogram.iter().enumerate() {
        seen += n;
        if seen >= rank {
            return Shown::Estimate(DURATION_BUCKETS[i]);
        }
    }
    Shown::Estimate(DURATION_BUCKETS[DURATION_BUCKETS.len() - 1])
}

impl Report {
    pub fn from_counts(month: &str, counts: &[(String, i64)]) -> Self {
        let map: HashMap<&str, i64> = counts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let get = |k: &str| map.get(k).copied().unwrap_or(0);
        let mut lines: Vec<Line> = COUNTS.iter().map(|(key, label)| line(key, label, Shown::of(get(key)))).collect();
        // Warm handoffs, one line per resource the program lists (its name is config, not
        // a person), in the order the counts name them.
        let mut handoffs: Vec<(&str, i64)> =
            counts.iter().filter_map(|(k, v)| k.strip_prefix("handoff:").map(|name| (name, *v))).collect();
        handoffs.sort();
        for (name, n) in handoffs {
            lines.push(Line {
                key: format!("handoff:{name}"),
                label: format!("Warm handoffs: {name}"),
                shown: Shown::of(n),
            });
        }
        for (prefix, median_label, p90_label) in [
            ("time_to_match", "Time to match, median", "Time to match, 90th percentile"),
            ("time_to_contact", "Time to first contact, median", "Time to first contact, 90th percentile"),
        ] {
            let histogram: Vec<i64> = DURATION_BUCKETS.iter().map(|b| get(&format!("{prefix}:{b}"))).collect();
            let median_key: &'static str =
                if prefix == "time_to_match" { "time_to_match_median" } else { "time_to_contact_median" };
            let p90_key: &'static str =
                if prefix == "time_to_match" { "time_to_match_p90" } else { "time_to_contact_p90" };
            lines.push(line(median_key, median_label, estimate(&histogram, 0.5)));
            lines.push(line(p90_key, p90_label, estimate(&histogram, 0.9)));
        }
        Report { month: month.to_string(), lines }
    }

    /// The report of some sites only, from their own counts ("site:North:closed"), added
    /// up across them; the "fewer than 5" rule applies to each cell as shown.
    pub fn for_sites(month: &str, counts: &[(String, i64)], sites: &[String]) -> Self {
        let mut summed: HashMap<String, i64> = HashMap::new();
        for site in sites {
            let prefix = format!("site:{site}:");
            for (key, value) in counts {
                if let Some(metric) = key.strip_prefix(&prefix) {
                    *summed.entry(metric.to_string()).or_default() += value;
                }
            }
        }
        let mut summed: Vec<(String, i64)> = summed.into_iter().collect();
        summed.sort();
        Self::from_counts(month, &summed)
    }

    /// One short line of a site's main counts, for a program-wide breakdown.
    pub fn summary_line(&self) -> String {
        let shown = |key: &str| self.lines.iter().find(|l| l.key == key).map(|l| l.shown.text()).unwrap_or_default();
        format!(
            "{} requests, {} matched, {} closed, {} withdrawn",
            shown("requests"),
            shown("matched"),
            shown("closed"),
            shown("withdrawn")
        )
    }

    pub fn to_csv(&self) -> String {
        let mut out = String::from("month,metric,value\n");
        for line in &self.lines {
            out.push_str(&format!("{},{},{}\n", self.month, line.key, line.shown.text()));
        }
        out
    }

    /// Each count is a number, or null with `suppressed` (1 to 4); each time is a bucket
    /// code with its words, or null with `suppressed` (fewer than five samples). A
    /// field's type never changes with the month.
    pub fn to_json(&self) -> Value {
        let metrics: serde_json::Map<String, Value> = self
            .lines
            .iter()
            .map(|l| {
                let v = match &l.shown {
                    Shown::Count(n) => json!({ "value": n, "suppressed": false }),
                    Shown::FewerThanFive => json!({ "value": null, "suppressed": true }),
                    Shown::Estimate(bucket) => {
                        json!({ "bucket": bucket, "words": bucket_words(bucket), "suppressed": false })
                    }
                    Shown::NotEnoughData => json!({ "bucket": null, "words": l.shown.text(), "suppressed": true }),
                };
                (l.key.clone(), v)
            })
            .collect();
        json!({ "month": self.month, "metrics": metrics })
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("Program counts for {}\n", self.month);
        for line in &self.lines {
            out.push_str(&format!("{}: {}\n", line.label, line.shown.text()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn a_sites_report_reads_its_own_counts_and_keeps_the_rule() {
        let all = counts(&[
            ("requests", 9),
            ("site:North:requests", 3),
            ("site:North:closed", 6),
            ("site:South:requests", 6),
            ("site:Northwest:requests", 40),
        ]);
        let north = Report::for_sites("2026-11", &all, &["North".to_string()]);
        let shown = |r: &Report, key: &str| r.lines.iter().find(|l| l.key == key).unwrap().shown.text();
        assert_eq!(shown(&north, "requests"), "fewer than 5", "not North's 3 plus Northwest's 40");
        assert_eq!(shown(&north, "closed"), "6");
        assert_eq!(north.summary_line(), "fewer than 5 requests, 0 matched, 6 closed, 0 withdrawn");
        let both = Report::for_sites("2026-11", &all, &["North".to_string(), "South".to_string()]);
        assert_eq!(shown(&both, "requests"), "9");
    }

    #[test]
    fn counts_from_one_to_four_are_suppressed() {
        let r = Report::from_counts("2026-11", &counts(&[("requests", 4), ("matched", 5), ("withdrawn", 1)]));
        let shown = |key: &str| r.lines.iter().find(|l| l.key == key).unwrap().shown.text();
        assert_eq!(shown("requests"), "fewer than 5");
        assert_eq!(shown("withdrawn"), "fewer than 5");
        assert_eq!(shown("matched"), "5");
        assert_eq!(shown("closed"), "0");
        assert!(r.to_csv().contains("2026-11,requests,fewer than 5\n"));
        let json = r.to_json();
        assert_eq!(json["metrics"]["matched"], serde_json::json!({"value": 5, "suppressed": false}));
        assert_eq!(json["metrics"]["requests"], serde_json::json!({"value": null, "suppressed": true}));
        assert_eq!(json["metrics"]["closed"]["value"], 0);
        assert_eq!(json["metrics"]["time_to_match_median"]["bucket"], Value::Null);
        assert_eq!(json["metrics"]["time_to_match_median"]["suppressed"], true);
    }

    #[test]
    fn percentiles_come_from_the_buckets() {
        // 10 matches: 3 under 1h, 4 under 4h, 2 under 1 day, 1 in 5 days or more.
        let histogram = [3, 4, 2, 0, 0, 1];
        assert_eq!(estimate(&histogram, 0.5), Shown::Estimate("under_4h"));
        assert_eq!(estimate(&histogram, 0.9).text(), "under 1 business day");
        assert_eq!(estimate(&[1, 1, 0, 0, 0, 0], 0.5), Shown::NotEnoughData);
    }
}
