//! The enumerated choices a person makes: every one has a stable code (stored, sent as
//! a Slack option value) and words a person reads. Nothing here is free text.

use std::fmt;

/// A closed set of choices: its kind names its messages in the catalog ("Role-nurse").
pub trait Choice: Copy {
    const KIND: &'static str;
    fn code(self) -> &'static str;
}

/// Declares a closed set of choices with their stored code and their visible label.
macro_rules! choices {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and transmitted code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The words a person sees.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl Choice for $name {
            const KIND: &'static str = stringify!($name);
            fn code(self) -> &'static str {
                $name::code(self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        // Queued notices carry choices by their stable code.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::from_code(&code).ok_or_else(|| serde::de::Error::custom(concat!("unknown ", stringify!($name))))
            }
        }
    };
}

choices!(
    /// A clinical or staff role, used for "role matched when possible".
    Role {
        Physician => ("physician", "Physician"),
        Nurse => ("nurse", "Nurse"),
        App => ("app", "Advanced practice provider (NP, PA)"),
        Resident => ("resident", "Resident or fellow"),
        Pharmacist => ("pharmacist", "Pharmacist"),
        Therapist => ("therapist", "Therapist (respiratory, physical, occupational)"),
        Technician => ("technician", "Technician or technologist"),
        Staff => ("staff", "Other staff"),
    }
);

choices!(
    /// What a request is about. Relayed to coordinators only; never stored.
    Topic {
        ClinicalEvent => ("clinical_event", "A difficult clinical event"),
        PatientDeath => ("patient_death", "A patient death"),
        MedicalError => ("medical_error", "A medical error"),
        Litigation => ("litigation", "Litigation"),
        Burnout => ("burnout", "Burnout or chronic stress"),
        Conflict => ("conflict", "Workplace conflict"),
        WorkLife => ("work_life", "Work-life balance"),
        Bereavement => ("bereavement", "Bereavement"),
        Personal => ("personal", "Something personal"),
        Other => ("other", "Something else"),
    }
);

choices!(
    /// The kind of event an outreach follows. Relayed in the DMs; never about a person.
    EventKind {
        PatientDeath => ("patient_death", "A patient death"),
        ClinicalEvent => ("clinical_event", "A difficult clinical event"),
        MedicalError => ("medical_error", "A medical error or adverse event"),
        Violence => ("violence", "Violence in the workplace"),
        MassCasualty => ("mass_casualty", "A mass-casualty event"),
        Loss => ("loss", "The loss of a colleague"),
        Other => ("other", "Something else"),
    }
);

choices!(
    /// How the requester would like to be reached.
    ContactPref {
        SlackMessage => ("slack", "A Slack message"),
        Phone => ("phone", "A phone call"),
        Video => ("video", "A video call"),
        InPerson => ("in_person", "In person"),
    }
);

choices!(
    /// When the requester is easiest to reach.
    GoodTime {
        Mornings => ("mornings", "Mornings"),
        Afternoons => ("afternoons", "Afternoons"),
        Evenings => ("evenings", "Evenings"),
        Weekends => ("weekends", "Weekends"),
        BetweenShifts => ("between_shifts", "Before or after my shift"),
    }
);

choices!(
    /// A supporter's gender, and a requester's preference for it.
    Gender {
        Woman => ("woman", "A woman"),
        Man => ("man", "A man"),
        Nonbinary => ("nonbinary", "A nonbinary person"),
    }
);

choices!(
    /// A supporter's career stage, and a requester's preference for it.
    Seniority {
        Early => ("early", "Early in their career"),
        Mid => ("mid", "Mid-career"),
        Senior => ("senior", "Experienced, senior"),
    }
);

choices!(
    /// A team debrief's rough size.
    TeamSize {
        Small => ("2_5", "2 to 5 people"),
        Medium => ("6_10", "6 to 10 people"),
        Large => ("11_20", "11 to 20 people"),
        VeryLarge => ("over_20", "More than 20 people"),
    }
);

choices!(
    /// When a team could meet for a debrief.
    MeetWhen {
        Soon => ("soon", "In the next day or two"),
        ThisWeek => ("this_week", "Later this week"),
        NextWeek => ("next_week", "Next week"),
        Flexible => ("flexible", "Any time that works"),
    }
);

impl Role {
    /// Accepts the code, or a few spellings a roster file may hold.
    pub fn parse_loose(value: &str) -> Option<Self> {
        let v = value.trim().to_ascii_lowercase();
        Self::from_code(&v).or(match v.as_str() {
            "doctor" | "md" | "attending" => Some(Role::Physician),
            "rn" | "lpn" => Some(Role::Nurse),
            "np" | "pa" => Some(Role::App),
            "fellow" | "trainee" => Some(Role::Resident),
            _ => None,
        })
    }
}

impl Gender {
    pub fn parse_loose(value: &str) -> Option<Self> {
        let v = value.trim().to_ascii_lowercase();
        Self::from_code(&v).or(match v.as_str() {
            "f" | "female" | "w" => Some(Gender::Woman),
            "m" | "male" => Some(Gender::Man),
            "nb" | "non-binary" => Some(Gender::Nonbinary),
            _ => None,
        })
    }
}

impl Seniority {
    pub fn parse_loose(value: &str) -> Option<Self> {
        let v = value.trim().to_ascii_lowercase();
        Self::from_code(&v).or(match v.as_str() {
            "junior" | "early-career" | "early career" => Some(Seniority::Early),
            "mid-career" | "mid career" => Some(Seniority::Mid),
            "experienced" => Some(Seniority::Senior),
            _ => None,
        })
    }
}

/// Codes joined for storage in one column ("mornings,evenings").
pub fn join_codes<T: Copy>(items: &[T], code: impl Fn(T) -> &'static str) -> String {
    items.iter().map(|i| code(*i)).collect::<Vec<_>>().join(",")
}

/// The reverse of [`join_codes`]; unknown codes are skipped.
pub fn split_codes<T>(joined: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    joined.split(',').filter_map(|c| parse(c.trim())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(*role));
        }
        for t in GoodTime::ALL {
            assert_eq!(GoodTime::from_code(t.code()), Some(*t));
        }
        assert_eq!(Role::from_code("surgeon"), None);
    }

    #[test]
    fn roster_spellings_are_understood() {
        assert_eq!(Role::parse_loose(" RN "), Some(Role::Nurse));
        assert_eq!(Role::parse_loose("Physician"), Some(Role::Physician));
        assert_eq!(Gender::parse_loose("F"), Some(Gender::Woman));
        assert_eq!(Seniority::parse_loose("senior"), Some(Seniority::Senior));
        assert_eq!(Role::parse_loose("astronaut"), None);
    }

    #[test]
    fn joined_codes_split_back() {
        let times = [GoodTime::Mornings, GoodTime::Weekends];
        let joined = join_codes(&times, GoodTime::code);
        assert_eq!(joined, "mornings,weekends");
        assert_eq!(split_codes(&joined, GoodTime::from_code), times);
        assert!(split_codes("", GoodTime::from_code).is_empty());
    }
}
