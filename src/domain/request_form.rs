//! A filled-in request form, as the domain sees it, and the checks Block Kit cannot make.

use super::choices::{ContactPref, Gender, GoodTime, Role, Seniority, Topic};
use super::notice::{Preference, Private, Wish};

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
    /// What to say next to it: its message in the catalog.
    pub message: &'static str,
}

impl RequestForm {
    /// The checks Block Kit cannot express; every problem at once.
    pub fn problems(&self, submitter: &str) -> Vec<FormProblem> {
        let mut problems = Vec::new();
        if self.for_whom == ForWhom::Colleague {
            match self.colleague.as_deref() {
                None => problems.push(FormProblem { field: FormField::Colleague, message: "form-choose-colleague" }),
                Some(c) if c == submitter => {
                    problems.push(FormProblem { field: FormField::Colleague, message: "form-colleague-is-you" })
                }
                Some(_) => {}
            }
            if !self.checked_with_them {
                problems.push(FormProblem { field: FormField::CheckedWithThem, message: "form-check-first" });
            }
        }
        if self.contact.is_none() && self.for_whom == ForWhom::Myself {
            problems.push(FormProblem { field: FormField::Contact, message: "form-choose-contact" });
        }
        problems
    }

    /// The stated supporter preferences, for the coordinators.
    pub fn preferences(&self) -> Vec<Preference> {
        let mut wishes = Vec::new();
        if self.same_role {
            wishes.push(Wish::SameRole);
        }
        if let Some(role) = self.specific_role {
            wishes.push(Wish::Role { role });
        }
        if self.outside_department {
            wishes.push(Wish::OutsideDepartment);
        }
        if self.outside_site {
            wishes.push(Wish::OutsideSite);
        }
        if let Some(gender) = self.gender {
            wishes.push(Wish::Gender { gender });
        }
        if let Some(seniority) = self.seniority {
            wishes.push(Wish::Seniority { seniority });
        }
        if let Some(who) = &self.asked_for {
            wishes.push(Wish::Named { supporter: who.clone(), must: self.must });
        }
        if let Some(interest) = &self.interest {
            wishes.push(Wish::Interest { interest: interest.clone(), must: self.must });
        }
        // The coordinators learn that someone was named, never who.
        if !self.rather_not.is_empty() {
            wishes.push(Wish::RatherNot);
        }
        wishes.into_iter().map(Preference::Typed).collect()
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
