//! What a misspelled or leftover setting becomes: a problem with its name, the closest
//! key that exists, and (for the environment) the variable that would set it. Every key
//! the bot reads is in [`super::DEFAULTS_TOML`]; anything else is refused, so a typo
//! never silently falls back to a default.

use std::collections::{BTreeSet, HashMap};

use super::{DEFAULTS_TOML, ENV_PREFIX, env_var_for};

/// Tables that hold a list of entries (`[[program.resources]]`), with each entry's keys.
const ENTRY_LISTS: &[(&str, &[&str])] = &[
    ("program.resources", &["name", "contact"]),
    ("program.sites", &["name", "coordinators", "eligible", "timezone"]),
];

/// Variables under the prefix that are not settings.
const NOT_SETTINGS: &[&str] = &[];

/// The dotted names of every setting and every table.
struct Known {
    keys: BTreeSet<String>,
    tables: BTreeSet<String>,
}

impl Known {
    fn new() -> Self {
        let defaults: toml::Table = DEFAULTS_TOML.parse().expect("the built-in defaults are valid TOML");
        let mut known = Known { keys: BTreeSet::new(), tables: BTreeSet::new() };
        for (section, value) in &defaults {
            known.tables.insert(section.clone());
            if let Some(table) = value.as_table() {
                for key in table.keys() {
                    known.keys.insert(format!("{section}.{key}"));
                }
            }
        }
        for (list, _) in ENTRY_LISTS {
            known.keys.insert(list.to_string());
        }
        known
    }

    /// The known names beside `path` (same parent), for a suggestion.
    fn siblings(&self, path: &str) -> Vec<String> {
        let parent = path.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
        self.keys
            .iter()
            .chain(self.tables.iter())
            .filter(|k| k.rsplit_once('.').map(|(p, _)| p).unwrap_or("") == parent)
            .cloned()
            .collect()
    }
}

/// Unknown keys and sections in a configuration file, each with a suggestion.
pub fn unknown_in_file(file: &toml::Table) -> Vec<String> {
    let known = Known::new();
    let mut problems = Vec::new();
    for (section, value) in file {
        if !known.tables.contains(section) {
            problems.push(unknown(&known, section, "section"));
            continue;
        }
        let Some(table) = value.as_table() else {
            problems.push(format!("{section} is a section: write [{section}] and its keys under it"));
            continue;
        };
        for (key, value) in table {
            let path = format!("{section}.{key}");
            if let Some((_, fields)) = ENTRY_LISTS.iter().find(|(list, _)| *list == path) {
                for entry in value.as_array().into_iter().flatten() {
                    for field in entry.as_table().into_iter().flat_map(|t| t.keys()) {
                        if !fields.contains(&field.as_str()) {
                            let hint = closest(field, fields.iter().copied())
                                .map(|k| format!(" (did you mean {k}?)"))
                                .unwrap_or_else(|| format!(" (an entry has {})", fields.join(" and ")));
                            problems.push(format!("[[{path}]] has an unknown key {field}{hint}"));
                        }
                    }
                }
            } else if !known.keys.contains(&path) {
                problems.push(unknown(&known, &path, "key"));
            }
        }
    }
    problems
}

/// Variables under `PEER_SUPPORT__` that set nothing.
pub fn unknown_in_env(env: &HashMap<String, String>) -> Vec<String> {
    let known = Known::new();
    let prefix = format!("{ENV_PREFIX}__");
    let mut problems: Vec<String> = env
        .keys()
        .filter_map(|name| name.strip_prefix(&prefix).map(|rest| (name, rest)))
        .filter(|(name, _)| !NOT_SETTINGS.contains(&name.as_str()))
        .filter_map(|(name, rest)| {
            let path = rest.to_lowercase().replace("__", ".");
            if known.keys.contains(&path) {
                return None;
            }
            let hint = closest(&path, known.keys.iter().map(String::as_str))
                .map(|k| format!(" (did you mean {}?)", env_var_for(k)))
                .unwrap_or_default();
            Some(format!("{name} sets nothing the bot knows{hint}"))
        })
        .collect();
    problems.sort();
    problems
}

fn unknown(known: &Known, path: &str, what: &str) -> String {
    let siblings = known.siblings(path);
    let hint =
        closest(path, siblings.iter().map(String::as_str)).map(|k| format!(" (did you mean {k}?)")).unwrap_or_default();
    format!("{path} is not a {what} the bot knows{hint}")
}

/// The candidate nearest `word` by edit distance, when it is near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 4) && *d < c.len())
        // On a tie, a key one letter longer wins: a typo drops a letter more often than it adds one.
        .min_by_key(|(d, c)| (*d, c.len() < word.len()))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_in(text: &str) -> Vec<String> {
        unknown_in_file(&text.parse::<toml::Table>().unwrap())
    }

    #[test]
    fn a_misspelled_section_or_key_is_named_with_the_closest_real_one() {
        let problems = problems_in("[slak]\nbot_token = \"x\"\n[slack]\nbot_tokn = \"x\"\nmode = \"http\"\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
        let said = |words: &[&str]| problems.iter().any(|p| words.iter().all(|w| p.contains(w)));
        assert!(said(&["slak is not a section", "did you mean slack?"]), "{problems:?}");
        assert!(said(&["slack.bot_tokn", "did you mean slack.bot_token?"]), "{problems:?}");
    }

    #[test]
    fn entry_lists_check_their_entries() {
        let problems = problems_in("[[program.resources]]\nname = \"EAP\"\ncontcat = \"555\"\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("contcat") && problems[0].contains("did you mean contact?"), "{problems:?}");
        assert!(problems_in("[[program.sites]]\nname = \"North\"\n").is_empty());
        let site = "[[program.sites]]\nname = \"North\"\ncoordinators = [\"U1\"]\neligible = []\ntimzone = \"UTC\"\n";
        let problems = problems_in(site);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("did you mean timezone?"), "{problems:?}");
    }

    #[test]
    fn the_example_and_the_defaults_know_every_key_they_use() {
        assert!(problems_in(DEFAULTS_TOML).is_empty());
        let example = include_str!("../../config.example.toml");
        assert_eq!(problems_in(example), Vec::<String>::new());
    }

    #[test]
    fn an_environment_variable_that_sets_nothing_is_named() {
        let env: HashMap<String, String> =
            [("PEER_SUPPORT__SLACK__BOT_TOKN", "x"), ("PEER_SUPPORT__SLACK__BOT_TOKEN", "x"), ("PATH", "/usr/bin")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let problems = unknown_in_env(&env);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("did you mean PEER_SUPPORT__SLACK__BOT_TOKEN?"));
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("slak", "slack"), 1);
        assert_eq!(edit_distance("bot_tokn", "bot_token"), 1);
        assert_eq!(closest("zzzzzz", ["slack", "server"].into_iter()), None);
    }
}
