//! Every text a person sees comes from a message catalog in Fluent (Project Fluent's
//! format, read with `fluent-bundle`). English ships as the default and keeps the
//! contract's words exactly; Spanish ships too. A program overrides any message with
//! files of its own (`program.messages_dir`, one `LOCALE.ftl` per language), which are
//! checked before the bot starts: an unknown message id, or a variable the message does
//! not have (or one it leaves out), is refused with its file and line.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

/// The catalogs that ship, by locale; the first is the fallback for a missing message.
const BUILT_IN: &[(&str, &str)] = &[("en", include_str!("en.ftl")), ("es", include_str!("es.ftl"))];

/// A locale the catalog has, by its place in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Locale(usize);

/// The program's messages in every language it has.
pub struct Catalog {
    bundles: Vec<(String, FluentBundle<FluentResource>)>,
    default: Locale,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let locales: Vec<&str> = self.bundles.iter().map(|(l, _)| l.as_str()).collect();
        f.debug_struct("Catalog").field("locales", &locales).field("default", &self.default).finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("program.default_locale {0:?} is not one the bot has (it has {1})")]
    UnknownDefault(String, String),
    #[error("program.messages_dir: {}", .0.join("; "))]
    Overrides(Vec<String>),
}

impl Catalog {
    /// The shipped catalogs, with `default_locale` for anyone whose Slack locale the
    /// catalog does not have.
    pub fn built_in(default_locale: &str) -> Result<Self, CatalogError> {
        Self::load(default_locale, None)
    }

    /// The shipped catalogs with a program's overrides from `dir`, checked first.
    pub fn load(default_locale: &str, dir: Option<&Path>) -> Result<Self, CatalogError> {
        let overrides = match dir {
            Some(dir) => {
                let (files, problems) = read_overrides(dir);
                if !problems.is_empty() {
                    return Err(CatalogError::Overrides(problems));
                }
                files
            }
            None => HashMap::new(),
        };
        let mut bundles = Vec::new();
        for (locale, source) in BUILT_IN {
            let id: LanguageIdentifier = locale.parse().expect("a shipped locale parses");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Slack's mentions (<@U123>) must reach Slack as written: no isolation marks.
            bundle.set_use_isolating(false);
            let resource = FluentResource::try_new(source.to_string()).expect("a shipped catalog parses");
            bundle.add_resource(resource).expect("a shipped catalog has each message once");
            if let Some(text) = overrides.get(*locale) {
                let resource = FluentResource::try_new(text.clone()).expect("checked above");
                bundle.add_resource_overriding(resource);
            }
            bundles.push((locale.to_string(), bundle));
        }
        let default = bundles.iter().position(|(l, _)| l == default_locale).map(Locale).ok_or_else(|| {
            CatalogError::UnknownDefault(
                default_locale.to_string(),
                BUILT_IN.iter().map(|(l, _)| *l).collect::<Vec<_>>().join(", "),
            )
        })?;
        Ok(Self { bundles, default })
    }

    /// What is wrong with a program's wording settings, each on its own line with its
    /// file and line (for `check-config`).
    pub fn problems(default_locale: &str, dir: Option<&Path>) -> Vec<String> {
        match Self::load(default_locale, dir) {
            Ok(_) => vec![],
            Err(CatalogError::Overrides(problems)) => {
                problems.into_iter().map(|p| format!("program.messages_dir: {p}")).collect()
            }
            Err(e) => vec![e.to_string()],
        }
    }

    /// The locales the bot has.
    pub fn locales(&self) -> Vec<&str> {
        self.bundles.iter().map(|(l, _)| l.as_str()).collect()
    }

    pub fn default_locale(&self) -> Locale {
        self.default
    }

    /// The catalog's locale for a Slack locale ("es-LA" → es), else the program's default.
    pub fn locale_for(&self, slack_locale: Option<&str>) -> Locale {
        let Some(wanted) = slack_locale.filter(|l| !l.is_empty()) else { return self.default };
        let wanted = wanted.replace('_', "-").to_ascii_lowercase();
        let language = wanted.split('-').next().unwrap_or_default();
        self.bundles
            .iter()
            .position(|(l, _)| *l == wanted)
            .or_else(|| self.bundles.iter().position(|(l, _)| l == language))
            .map(Locale)
            .unwrap_or(self.default)
    }

    /// A message in `locale`, with its variables; the English one when the locale lacks
    /// it. An id no catalog has is a bug: it shows as the id, and tests catch it.
    pub fn text(&self, locale: Locale, id: &str, args: Option<&FluentArgs>) -> String {
        for (_, bundle) in [&self.bundles[locale.0], &self.bundles[0]] {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = vec![];
                let text = bundle.format_pattern(pattern, args, &mut errors);
                debug_assert!(errors.is_empty(), "message {id}: {errors:?}");
                return text.into_owned();
            }
        }
        debug_assert!(false, "no message {id}");
        id.to_string()
    }
}

/// Reads and checks a program's override files: `LOCALE.ftl` for a locale the bot has.
fn read_overrides(dir: &Path) -> (HashMap<String, String>, Vec<String>) {
    let mut files = HashMap::new();
    let mut problems = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return (files, vec![format!("cannot read {}: {e}", dir.display())]),
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths.into_iter().filter(|p| p.extension().is_some_and(|x| x == "ftl")) {
        let name = path.display().to_string();
        let Some(locale) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let Some((_, shipped)) = BUILT_IN.iter().find(|(l, _)| *l == locale) else {
            problems.push(format!(
                "{name}: {locale} is not a language the bot has (it has {})",
                BUILT_IN.iter().map(|(l, _)| *l).collect::<Vec<_>>().join(", ")
            ));
            continue;
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                problems.extend(check_override(&name, &text, shipped));
                files.insert(locale.to_string(), text);
            }
            Err(e) => problems.push(format!("{name}: cannot read it ({e})")),
        }
    }
    (files, problems)
}

/// What is wrong with one override file, each with its file and line.
pub fn check_override(name: &str, text: &str, shipped: &str) -> Vec<String> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut problems = Vec::new();
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                problems.push(format!("{name}:{}: not valid Fluent ({:?})", line_of(e.pos.start), e.kind));
            }
            r
        }
    };
    let english = variables_by_message(BUILT_IN[0].1);
    let shipped_ids = variables_by_message(shipped);
    let mut offset = 0;
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let id = m.id.name;
            // Find where it starts, for its line number.
            let at = text[offset..].find(&format!("{id} =")).or_else(|| text[offset..].find(id)).map(|i| i + offset);
            let line = at.map(line_of).unwrap_or(0);
            if let Some(i) = at {
                offset = i + id.len();
            }
            let Some(wanted) = english.get(id).or_else(|| shipped_ids.get(id)) else {
                problems.push(format!("{name}:{line}: {id} is not a message the bot has"));
                continue;
            };
            let used = pattern_variables(m.value.as_ref());
            for unknown in used.difference(wanted) {
                problems.push(format!("{name}:{line}: {id} has no variable ${unknown} (it has {})", list(wanted)));
            }
            for missing in wanted.difference(&used) {
                problems.push(format!("{name}:{line}: {id} leaves out ${missing}"));
            }
        }
    }
    problems
}

fn list(vars: &BTreeSet<String>) -> String {
    if vars.is_empty() { "none".into() } else { vars.iter().map(|v| format!("${v}")).collect::<Vec<_>>().join(", ") }
}

/// Each message of a catalog with the variables it uses.
fn variables_by_message(source: &str) -> HashMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(r, _)| r);
    resource
        .body
        .iter()
        .filter_map(|e| match e {
            ast::Entry::Message(m) => Some((m.id.name.to_string(), pattern_variables(m.value.as_ref()))),
            _ => None,
        })
        .collect()
}

fn pattern_variables(pattern: Option<&ast::Pattern<&str>>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    if let Some(p) = pattern {
        collect_pattern(p, &mut found);
    }
    found
}

fn collect_pattern(pattern: &ast::Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_expression(expression, found);
        }
    }
}

fn collect_expression(expression: &ast::Expression<&str>, found: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => collect_inline(inline, found),
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, found);
            for v in variants {
                collect_pattern(&v.value, found);
            }
        }
    }
}

fn collect_inline(inline: &ast::InlineExpression<&str>, found: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => collect_expression(expression, found),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                collect_inline(a, found);
            }
        }
        _ => {}
    }
}

/// Arguments for a message: `args![by_day = day, count = n.to_string()]`.
#[macro_export]
macro_rules! fluent_args {
    ($($k:ident = $v:expr),* $(,)?) => {{
        let mut a = fluent_bundle::FluentArgs::new();
        $(a.set(stringify!($k), fluent_bundle::FluentValue::from($v));)*
        a
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_catalog_has_the_english_messages_with_their_variables() {
        let english = variables_by_message(BUILT_IN[0].1);
        for (locale, source) in &BUILT_IN[1..] {
            let theirs = variables_by_message(source);
            for (id, vars) in &english {
                assert_eq!(theirs.get(id), Some(vars), "{locale} {id}");
            }
            assert_eq!(theirs.len(), english.len(), "{locale} has messages English lacks");
            assert!(check_override(locale, source, source).is_empty());
        }
    }

    #[test]
    fn a_slack_locale_finds_its_language_or_the_default() {
        let catalog = Catalog::built_in("en").unwrap();
        assert_eq!(catalog.locale_for(Some("es-LA")), catalog.locale_for(Some("es")));
        assert_ne!(catalog.locale_for(Some("es-ES")), catalog.default_locale());
        assert_eq!(catalog.locale_for(Some("ja-JP")), catalog.default_locale());
        assert_eq!(catalog.locale_for(None), catalog.default_locale());
        assert!(Catalog::built_in("fr").is_err());
    }

    #[test]
    fn an_override_is_checked_for_ids_and_variables_with_its_line() {
        let english = BUILT_IN[0].1;
        let text = "# ours\nwithdrawn-text = Gone.\n\nno-such-message = Hello\nrequest-received-next = By { $when }.\n";
        let problems = check_override("en.ftl", text, english);
        assert!(problems.iter().any(|p| p == "en.ftl:4: no-such-message is not a message the bot has"), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("en.ftl:5: request-received-next has no variable $when")));
        assert!(problems.iter().any(|p| p == "en.ftl:5: request-received-next leaves out $by_day"), "{problems:?}");
        assert!(!problems.iter().any(|p| p.contains("withdrawn-text")));
    }
}
