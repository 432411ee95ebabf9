//! Business time in the program's time zone: "2days" is two business days, "4h" four
//! working hours, and nobody is messaged at 3 a.m. Wall time when the program says so.

use std::time::Duration;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::settings::CalendarSettings;

#[derive(Clone, Debug)]
pub struct Calendar {
    tz: Tz,
    days: Vec<Weekday>,
    open: NaiveTime,
    close: NaiveTime,
    holidays: Vec<NaiveDate>,
    /// When false, durations are wall time and nothing is held for the morning.
    business_only: bool,
}

const DAY: u64 = 86_400;

impl Calendar {
    pub fn new(settings: CalendarSettings, business_only: bool) -> Self {
        Self {
            tz: settings.timezone,
            days: settings.business_days,
            open: settings.open,
            close: settings.close,
            holidays: settings.holidays,
            business_only,
        }
    }

    /// The same calendar in another time zone (a person's own, from Slack).
    pub fn in_timezone(&self, tz: Tz) -> Self {
        Self { tz, ..self.clone() }
    }

    pub fn timezone(&self) -> Tz {
        self.tz
    }

    pub fn counts_business_time(&self) -> bool {
        self.business_only
    }

    fn is_business_day(&self, date: NaiveDate) -> bool {
        self.days.contains(&date.weekday()) && !self.holidays.contains(&date)
    }

    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&self.tz).naive_local()
    }

    /// A local wall-clock moment as UTC; a moment skipped by a DST change moves forward.
    fn utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut probe = local;
        for _ in 0..4 {
            if let Some(t) = self.tz.from_local_datetime(&probe).earliest() {
                return t.with_timezone(&Utc);
            }
            probe += chrono::Duration::minutes(30);
        }
        Utc.from_utc_datetime(&local)
    }

    fn next_business_day(&self, mut date: NaiveDate) -> NaiveDate {
        // A year of holidays at most; the settings never hold a calendar with no business day.
        for _ in 0..400 {
            date = date + Days::new(1);
            if self.is_business_day(date) {
                return date;
            }
        }
        date
    }

    /// `t` if it is within business hours, else the next opening. Wall time: `t`.
    pub fn next_business_moment(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        if !self.business_only {
            return t;
        }
        self.utc(self.next_open_local(self.local(t)))
    }

    /// Whether a message to a person may go out at `t` (not at night, weekends, holidays).
    pub fn is_business_moment(&self, t: DateTime<Utc>) -> bool {
        !self.business_only || self.next_business_moment(t) == t
    }

    fn next_open_local(&self, local: NaiveDateTime) -> NaiveDateTime {
        let date = local.date();
        if self.is_business_day(date) {
            if local.time() < self.open {
                return date.and_time(self.open);
            }
            if local.time() < self.close {
                return local;
            }
        }
        self.next_business_day(date).and_time(self.open)
    }

    /// `start` plus `d`: whole days are business days and the rest business hours when the
    /// program counts business time; wall time otherwise.
    pub fn add(&self, start: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
        if !self.business_only {
            return start + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        }
        let mut local = self.next_open_local(self.local(start));
        for _ in 0..d.as_secs() / DAY {
            local = self.next_business_day(local.date()).and_time(local.time());
        }
        let mut rest = chrono::Duration::seconds((d.as_secs() % DAY) as i64)
            + chrono::Duration::nanoseconds(d.subsec_nanos() as i64);
        loop {
            let left_today = local.date().and_time(self.close) - local;
            if rest < left_today {
                return self.utc(local + rest);
            }
            rest -= left_today;
            local = self.next_business_day(local.date()).and_time(self.open);
            if rest.is_zero() {
                return self.utc(local);
            }
        }
    }

    /// How much business time (or wall time) passed between `from` and `to`.
    pub fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::ZERO;
        }
        if !self.business_only {
            return (to - from).to_std().unwrap_or_default();
        }
        let (from, to) = (self.local(from), self.local(to));
        let mut total = chrono::Duration::zero();
        let mut date = from.date();
        while date <= to.date() {
            if self.is_business_day(date) {
                let open = date.and_time(self.open).max(from);
                let close = date.and_time(self.close).min(to);
                if close > open {
                    total += close - open;
                }
            }
            date = date + Days::new(1);
        }
        total.to_std().unwrap_or_default()
    }

    /// Business days (for the SLA: a "day" is one business day) in an elapsed business time.
    pub fn business_day_length(&self) -> Duration {
        if self.business_only {
            (self.close - self.open).to_std().unwrap_or(Duration::from_secs(DAY))
        } else {
            Duration::from_secs(DAY)
        }
    }

    /// The month ("YYYY-MM") of `t` in the program's time zone, for the monthly counts.
    pub fn month_of(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz).format("%Y-%m").to_string()
    }

    /// "Tuesday" or "Tuesday, December 1" for a moment more than a week away; for notices.
    /// Which day `t` is, seen from `now` where the program is, for the words a person reads.
    pub fn day_of(&self, now: DateTime<Utc>, t: DateTime<Utc>) -> Day {
        let now = now.with_timezone(&self.tz).date_naive();
        let t = t.with_timezone(&self.tz).date_naive();
        if t == now {
            Day::Today
        } else if t == now + Days::new(1) {
            Day::Tomorrow
        } else if t < now + Days::new(7) {
            Day::ThisWeek(t)
        } else {
            Day::Later(t)
        }
    }

    pub fn describe_day(&self, now: DateTime<Utc>, t: DateTime<Utc>) -> String {
        let now = now.with_timezone(&self.tz).date_naive();
        let t = t.with_timezone(&self.tz).date_naive();
        if t == now {
            "today".into()
        } else if t == now + Days::new(1) {
            "tomorrow".into()
        } else if t < now + Days::new(7) {
            t.format("%A").to_string()
        } else {
            t.format("%A, %B %-d").to_string()
        }
    }
}

/// A day as a person reads it; the words come from the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    Today,
    Tomorrow,
    /// Within the week: its weekday says it.
    ThisWeek(NaiveDate),
    /// Further off: weekday, month and day.
    Later(NaiveDate),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar(holidays: &[&str]) -> Calendar {
        Calendar::new(
            CalendarSettings {
                timezone: chrono_tz::America::New_York,
                business_days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
                open: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                close: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                holidays: holidays.iter().map(|d| d.parse().unwrap()).collect(),
            },
            true,
        )
    }

    /// A New York wall-clock time as UTC.
    fn ny(s: &str) -> DateTime<Utc> {
        let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::America::New_York.from_local_datetime(&local).unwrap().with_timezone(&Utc)
    }

    fn hours(h: u64) -> Duration {
        Duration::from_secs(h * 3600)
    }

    #[test]
    fn a_request_on_friday_evening_is_due_two_business_days_after_monday_opens() {
        // 2026-11-27 is a Friday.
        let cal = calendar(&[]);
        // Monday and Tuesday count; the moment after Tuesday's close is Wednesday's opening.
        assert_eq!(cal.add(ny("2026-11-27 19:30"), Duration::from_secs(2 * DAY)), ny("2026-12-02 08:00"));
        assert_eq!(cal.add(ny("2026-11-27 19:30"), hours(4)), ny("2026-11-30 12:00"));
    }

    #[test]
    fn hours_spill_over_the_weekend() {
        let cal = calendar(&[]);
        assert_eq!(cal.add(ny("2026-11-27 15:00"), hours(4)), ny("2026-11-30 10:00"));
        assert_eq!(cal.add(ny("2026-11-27 15:00"), hours(2)), ny("2026-11-30 08:00"));
    }

    #[test]
    fn holidays_are_skipped() {
        let cal = calendar(&["2026-12-25"]);
        // Thursday Dec 24, 10:00 + 1 business day = Monday Dec 28, 10:00.
        assert_eq!(cal.add(ny("2026-12-24 10:00"), Duration::from_secs(DAY)), ny("2026-12-28 10:00"));
        assert!(!cal.is_business_moment(ny("2026-12-25 10:00")));
    }

    #[test]
    fn daylight_saving_changes_keep_local_hours() {
        let cal = calendar(&[]);
        // Clocks go back on Sunday 2026-11-01; Friday 16:00 + 2h = Monday 09:00 local.
        assert_eq!(cal.add(ny("2026-10-30 16:00"), hours(2)), ny("2026-11-02 09:00"));
        // Clocks go forward on Sunday 2026-03-08.
        assert_eq!(cal.add(ny("2026-03-06 16:00"), hours(2)), ny("2026-03-09 09:00"));
        assert_eq!(cal.elapsed(ny("2026-03-06 16:00"), ny("2026-03-09 09:00")), hours(2));
    }

    #[test]
    fn night_messages_wait_for_the_morning_unless_wall_time_is_set() {
        let cal = calendar(&[]);
        assert_eq!(cal.next_business_moment(ny("2026-11-24 03:00")), ny("2026-11-24 08:00"));
        assert_eq!(cal.next_business_moment(ny("2026-11-24 11:00")), ny("2026-11-24 11:00"));
        let mut wall = cal.clone();
        wall.business_only = false;
        assert_eq!(wall.next_business_moment(ny("2026-11-24 03:00")), ny("2026-11-24 03:00"));
        assert_eq!(wall.add(ny("2026-11-27 19:30"), hours(4)), ny("2026-11-27 23:30"));
    }

    #[test]
    fn elapsed_counts_only_open_hours() {
        let cal = calendar(&[]);
        assert_eq!(cal.elapsed(ny("2026-11-27 16:00"), ny("2026-11-30 09:30")), Duration::from_secs(9000));
        assert_eq!(cal.elapsed(ny("2026-11-28 10:00"), ny("2026-11-29 10:00")), Duration::ZERO);
    }

    #[test]
    fn months_are_local() {
        let cal = calendar(&[]);
        // 02:00 UTC on Dec 1 is still November in New York.
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
        assert_eq!(cal.month_of(t), "2026-11");
    }
}
