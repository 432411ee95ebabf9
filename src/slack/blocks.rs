//! Small Block Kit builders, so views read as what a person sees.

use serde_json::{Value, json};

pub fn plain(text: &str) -> Value {
    json!({ "type": "plain_text", "text": text, "emoji": true })
}

pub fn mrkdwn(text: &str) -> Value {
    json!({ "type": "mrkdwn", "text": text })
}

pub fn header(text: &str) -> Value {
    json!({ "type": "header", "text": plain(text) })
}

pub fn section(text: &str) -> Value {
    json!({ "type": "section", "text": mrkdwn(text) })
}

pub fn context(text: &str) -> Value {
    json!({ "type": "context", "elements": [mrkdwn(text)] })
}

pub fn divider() -> Value {
    json!({ "type": "divider" })
}

/// A button; `style` is "primary", "danger" or empty.
pub fn button(text: &str, action_id: &str, value: &str, style: &str) -> Value {
    let mut b = json!({ "type": "button", "text": plain(text), "action_id": action_id, "value": value });
    if !style.is_empty() {
        b["style"] = json!(style);
    }
    b
}

pub fn actions(block_id: &str, elements: Vec<Value>) -> Value {
    json!({ "type": "actions", "block_id": block_id, "elements": elements })
}

pub fn option(text: &str, value: &str) -> Value {
    json!({ "text": plain(text), "value": value })
}

/// An input block; `block_id` is also the element's action_id.
pub fn input(block_id: &str, label: &str, mut element: Value, optional: bool, hint: Option<&str>) -> Value {
    element["action_id"] = json!(block_id);
    let mut block = json!({ "type": "input", "block_id": block_id, "label": plain(label), "element": element, "optional": optional });
    if let Some(hint) = hint {
        block["hint"] = plain(hint);
    }
    block
}

pub fn static_select(placeholder: &str, options: Vec<Value>) -> Value {
    json!({ "type": "static_select", "placeholder": plain(placeholder), "options": options })
}

pub fn radio(options: Vec<Value>) -> Value {
    json!({ "type": "radio_buttons", "options": options })
}

pub fn checkboxes(options: Vec<Value>) -> Value {
    json!({ "type": "checkboxes", "options": options })
}

pub fn user_select(placeholder: &str) -> Value {
    json!({ "type": "users_select", "placeholder": plain(placeholder) })
}

/// Slack's 75-character limit on option and button texts.
/// A modal's title, submit or close text: Slack allows 24 characters.
pub fn short_title(text: &str) -> String {
    if text.chars().count() <= 24 { text.to_string() } else { text.chars().take(23).collect::<String>() + "…" }
}

pub fn short(text: &str) -> String {
    if text.chars().count() <= 75 { text.to_string() } else { text.chars().take(74).collect::<String>() + "…" }
}

/// Slack's limit on the text of one section.
pub const SECTION_TEXT_MAX: usize = 3000;

/// Text a person typed, escaped and quoted, split over as many sections as Slack's
/// limit needs (escaping can make 2,000 typed characters 10,000). `title` opens the
/// first section. A split never falls inside an escape.
pub fn quoted_sections(title: &str, text: &str) -> Vec<Value> {
    let mut chunks: Vec<String> = Vec::new();
    let mut current = title.to_string();
    let mut len = current.chars().count();
    let mut push = |current: &mut String, len: &mut usize, unit: &str, continues: &str| {
        let unit_len = unit.chars().count();
        if *len + unit_len > SECTION_TEXT_MAX && *len > 0 {
            chunks.push(std::mem::take(current));
            current.push_str(continues);
            *len = continues.chars().count();
        }
        current.push_str(unit);
        *len += unit_len;
    };
    for (i, line) in text.split('\n').enumerate() {
        let opening = if i == 0 { ">" } else { "\n>" };
        push(&mut current, &mut len, opening, "");
        let mut buf = [0u8; 4];
        for ch in line.chars() {
            let unit = match ch {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                c => c.encode_utf8(&mut buf),
            };
            push(&mut current, &mut len, unit, ">");
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks.iter().map(|c| section(c)).collect()
}

/// At most `max` characters of what a person typed (the form's own limit, which a
/// forged submission could exceed), marked when shortened.
pub fn capped(text: &str, max: usize, marker: &str) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    format!("{} … [{marker}]", text.chars().take(max).collect::<String>())
}

/// Escapes the three characters Slack's mrkdwn treats as control characters.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a person typed, read back from the sections: quoting removed, escapes undone.
    fn read_back(sections: &[Value], title: &str) -> String {
        let all: String = sections.iter().map(|s| s["text"]["text"].as_str().unwrap()).collect();
        let quoted = all.strip_prefix(title).unwrap().replace('>', "");
        quoted.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    }

    #[test]
    fn typed_text_at_its_longest_fits_slacks_sections_and_reads_back_whole() {
        let title = "*In their words:*\n";
        let cases = [
            "&".repeat(2000),
            "<>".repeat(1000),
            "\n".repeat(1999),
            "\u{1F49C}".repeat(2000),
            "a & b < c > d\n".repeat(150),
            "x".repeat(2000),
        ];
        for text in cases {
            let sections = quoted_sections(title, &text);
            assert!(sections.len() <= 6, "{} sections", sections.len());
            for s in &sections {
                let t = s["text"]["text"].as_str().unwrap();
                assert!(t.chars().count() <= SECTION_TEXT_MAX, "a section of {} characters", t.chars().count());
                assert!(!t.ends_with('&') && !t.ends_with("&am") && !t.ends_with("&l"), "split inside an escape");
            }
            assert_eq!(read_back(&sections, title), text);
        }
    }

    #[test]
    fn over_long_text_is_cut_and_says_so() {
        assert_eq!(capped("short", 10, "shortened"), "short");
        let cut = capped(&"y".repeat(3000), 2000, "shortened");
        assert!(cut.starts_with(&"y".repeat(2000)) && cut.contains("shortened"));
    }
}
