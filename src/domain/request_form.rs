//! A filled-in request form, as the domain sees it, and the checks Block Kit cannot make.

use super::choices::{ContactPref, Gender, GoodTime, Role, Seniority, Topic};
use super::notice::Private;

/// Who the support is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ForWhom {
    #[default]
    Myself,
    Colleague,
}

/// The fields of the request modal, parsed. `note` is the only free text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RequestForm {
    pub for_whom: ForWhom,
    pub colleague: Option<String>,
    pub checked_with_them: bool,
    pub name_me_to_them: bool,
    pub topics: Vec<Topic>,
    pub role: Option<Role>,
    pub department: Option<String>,
    pub site: Option<String>,
    pub same_role: bool,
    pub specific_role: Option<Role>,
    pub outside_department: bool,
    /// A supporter from another site (in a program with several).
    pub outside_site: bool,
    pub gender: Option<Gender>,
    pub seniority: Option<Seniority>,
    pub contact: Option<ContactPref>,
    pub good_times: Vec<GoodTime>,
    pub note: Option<Private>,
    /// Someone the requester asked to talk to again ("I'd like to talk again").
    pub preferred_supporter: Option<String>,
    /// People the requester would rather not talk with: never offered, never told.
    pub rather_not: Vec<String>,
    /// A listed supporter asked for by name ("Meet the supporters").
    pub asked_for: Option<String>,
    /// Someone with this interest (one of `program.interests`).
    pub interest: Option<String>,
    /// The named supporter or the interest is a must, not a wish.
    pub must: bool,
}

/// A field the person must change, with what to say next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Colleague,
    CheckedWithThem,
    Contact,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormProblem {
    pub field: FormField,
    pub message: &'static str,
}

impl RequestForm {
    /// The checks Block Kit cannot express; every problem at once.
    pub fn problems(&self, submitter: &str) -> Vec<FormProblem> {
        let mut problems = Vec::new();
        if self.for_whom == ForWhom::Colleague {
            match self.colleague.as_deref() {
                None => problems.push(FormProblem {
                    field: FormField::Colleague,
                    message: "Choose the colleague you have in mind.",
                }),
                Some(c) if c == submitter => problems.push(FormProblem {
                    field: FormField::Colleague,
                    message: "That's you. To ask for yourself, choose Myself above.",
                }),
                Some(_) => {}
            }
            if !self.checked_with_them {
                problems.push(FormProblem {
                    field: FormField::CheckedWithThem,
                    message: "Please check with your colleague first, then tick this box.",
                });
            }
        }
        if self.contact.is_none() && self.for_whom == ForWhom::Myself {
            problems.push(FormProblem { field: FormField::Contact, message: "Choose how you'd like to be reached." });
        }
        problems
    }

    /// The stated supporter preferences, in words for the coordinators.
    pub fn preference_words(&self) -> Vec<String> {
        let mut words = Vec::new();
        if self.same_role {
            words.push("same role".to_string());
        }
        if let Some(r) = self.specific_role {
            words.push(format!("a {}", r.label().to_lowercase()));
        }
        if self.outside_department {
            words.push("outside their department".to_string());
        }
        if self.outside_site {
            words.push("at another site".to_string());
        }
        if let Some(g) = self.gender {
            words.push(g.label().to_lowercase());
        }
        if let Some(s) = self.seniority {
            words.push(s.label().to_lowercase());
        }
        let strength = if self.must { "a must" } else { "a wish" };
        if let Some(who) = &self.asked_for {
            words.push(format!("<@{who}> by name ({strength})"));
        }
        if let Some(interest) = &self.interest {
            words.push(format!("someone with an interest in {} ({strength})", interest.to_lowercase()));
        }
        // The coordinators learn that someone was named, never who.
        if !self.rather_not.is_empty() {
            words.push("not someone they named (kept private)".to_string());
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colleague_needs_a_person_and_the_checkbox() {
        let form = RequestForm { for_whom: ForWhom::Colleague, ..Default::default() };
        let fields: Vec<_> = form.problems("UME").iter().map(|p| p.field).collect();
        assert_eq!(fields, vec![FormField::Colleague, FormField::CheckedWithThem]);
        let form = RequestForm {
            for_whom: ForWhom::Colleague,
            colleague: Some("UTHEM".into()),
            checked_with_them: true,
            ..Default::default()
        };
        assert!(form.problems("UME").is_empty());
    }

    #[test]
    fn referring_yourself_is_pointed_out_kindly() {
        let form = RequestForm {
            for_whom: ForWhom::Colleague,
            colleague: Some("UME".into()),
            checked_with_them: true,
            ..Default::default()
        };
        assert_eq!(form.problems("UME")[0].field, FormField::Colleague);
    }

    #[test]
    fn asking_for_yourself_needs_a_way_to_be_reached() {
        let form = RequestForm::default();
        assert_eq!(form.problems("UME")[0].field, FormField::Contact);
        let form = RequestForm { contact: Some(ContactPref::Phone), ..Default::default() };
        assert!(form.problems("UME").is_empty());
    }
}
