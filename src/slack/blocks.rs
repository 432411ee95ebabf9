//! Small Block Kit builders, so views read as what a person sees.

use slack_morphism::prelude::{
    SlackActionBlockElement, SlackActionId, SlackActionsBlock, SlackBlock, SlackBlockButtonElement,
    SlackBlockButtonStyle, SlackBlockCheckboxesElement, SlackBlockChoiceItem, SlackBlockDatePickerElement,
    SlackBlockId, SlackBlockMarkDownText, SlackBlockMultiUsersSelectElement, SlackBlockNumberInputElement,
    SlackBlockOptionGroup, SlackBlockPlainText, SlackBlockPlainTextInputElement, SlackBlockPlainTextOnly,
    SlackBlockRadioButtonsElement, SlackBlockStaticSelectElement, SlackBlockText, SlackBlockUsersSelectElement,
    SlackCallbackId, SlackContextBlock, SlackDividerBlock, SlackHeaderBlock, SlackInputBlock, SlackInputBlockElement,
    SlackModalView, SlackSectionBlock,
};

/// One of a select's options (plain text, as selects want).
pub type SelectOption = SlackBlockChoiceItem<SlackBlockPlainTextOnly>;
/// One of a radio group's or checkbox list's options.
pub type TextChoice = SlackBlockChoiceItem<SlackBlockText>;

pub fn plain(text: &str) -> SlackBlockPlainTextOnly {
    SlackBlockPlainText::new(text.to_string()).with_emoji(true).into()
}

pub fn mrkdwn(text: &str) -> SlackBlockText {
    SlackBlockMarkDownText::new(text.to_string()).into()
}

/// A header: Slack takes 150 characters (a long program name is cut to fit).
pub fn header(text: &str) -> SlackBlock {
    SlackHeaderBlock::new(plain(&cut(text, 150))).into()
}

pub fn section(text: &str) -> SlackBlock {
    SlackSectionBlock::new().with_text(mrkdwn(text)).into()
}

pub fn context(text: &str) -> SlackBlock {
    SlackContextBlock::new(vec![SlackBlockMarkDownText::new(text.to_string()).into()]).into()
}

pub fn divider() -> SlackBlock {
    SlackDividerBlock::new().into()
}

/// A button; `style` is "primary", "danger" or empty.
pub fn button(text: &str, action_id: &str, value: &str, style: &str) -> SlackActionBlockElement {
    let mut b = SlackBlockButtonElement::new(plain(text))
        .with_action_id(SlackActionId(action_id.to_string()))
        .with_value(value.into());
    b.style = match style {
        "primary" => Some(SlackBlockButtonStyle::Primary),
        "danger" => Some(SlackBlockButtonStyle::Danger),
        _ => None,
    };
    b.into()
}

pub fn actions(block_id: &str, elements: Vec<SlackActionBlockElement>) -> SlackBlock {
    SlackActionsBlock::new(elements).with_block_id(SlackBlockId(block_id.to_string())).into()
}

pub fn option(text: &str, value: &str) -> SelectOption {
    SlackBlockChoiceItem::new(plain(text), value.to_string())
}

/// The same option, for radio buttons and checkboxes (which also take mrkdwn).
pub fn text_choice(choice: SelectOption) -> TextChoice {
    SlackBlockChoiceItem::new(choice.text.into(), choice.value)
}

/// A group of a select's options under a label.
pub fn option_group(label: &str, options: Vec<SelectOption>) -> SlackBlockOptionGroup<SlackBlockPlainTextOnly> {
    SlackBlockOptionGroup::new(plain(label), options)
}

/// An input block; `block_id` is also the element's action_id.
pub fn input(
    block_id: &str,
    label: &str,
    element: impl Into<SlackInputBlockElement>,
    optional: bool,
    hint: Option<&str>,
) -> SlackBlock {
    let action_id = Some(SlackActionId(block_id.to_string()));
    let mut element = element.into();
    match &mut element {
        SlackInputBlockElement::StaticSelect(e) => e.action_id = action_id,
        SlackInputBlockElement::MultiStaticSelect(e) => e.action_id = action_id,
        SlackInputBlockElement::UsersSelect(e) => e.action_id = action_id,
        SlackInputBlockElement::MultiUsersSelect(e) => e.action_id = action_id,
        SlackInputBlockElement::DatePicker(e) => e.action_id = action_id,
        SlackInputBlockElement::PlainTextInput(e) => e.action_id = action_id,
        SlackInputBlockElement::NumberInput(e) => e.action_id = action_id,
        SlackInputBlockElement::RadioButtons(e) => e.action_id = action_id,
        SlackInputBlockElement::Checkboxes(e) => e.action_id = action_id,
        // Another kind of element keeps the action id it was built with: a form's values
        // are read by block id.
        _ => {}
    }
    let mut block = SlackInputBlock::new(plain(label), element)
        .with_block_id(SlackBlockId(block_id.to_string()))
        .with_optional(optional);
    block.hint = hint.map(plain);
    block.into()
}

pub fn static_select(placeholder: &str, options: Vec<SelectOption>) -> SlackBlockStaticSelectElement {
    SlackBlockStaticSelectElement::new().with_placeholder(plain(placeholder)).with_options(options)
}

pub fn radio(options: Vec<SelectOption>) -> SlackBlockRadioButtonsElement {
    SlackBlockRadioButtonsElement::new(options.into_iter().map(text_choice).collect())
}

pub fn checkboxes(options: Vec<SelectOption>) -> SlackBlockCheckboxesElement {
    SlackBlockCheckboxesElement::new(options.into_iter().map(text_choice).collect())
}

pub fn user_select(placeholder: &str) -> SlackBlockUsersSelectElement {
    SlackBlockUsersSelectElement::new().with_placeholder(plain(placeholder))
}

pub fn multi_user_select(placeholder: &str, max: u64) -> SlackBlockMultiUsersSelectElement {
    SlackBlockMultiUsersSelectElement::new().with_placeholder(plain(placeholder)).with_max_selected_items(max)
}

/// A text box of at most `max_length` characters.
pub fn text_input(max_length: u64, multiline: bool) -> SlackBlockPlainTextInputElement {
    let el = SlackBlockPlainTextInputElement::new().with_max_length(max_length);
    if multiline { el.with_multiline(true) } else { el }
}

/// A whole-number box between `min` and `max`.
pub fn number_input(min: u32, max: u32) -> SlackBlockNumberInputElement {
    SlackBlockNumberInputElement::new(false).with_min_value(min.to_string()).with_max_value(max.to_string())
}

pub fn date_picker(placeholder: Option<&str>) -> SlackBlockDatePickerElement {
    let mut el = SlackBlockDatePickerElement::new();
    el.placeholder = placeholder.map(plain);
    el
}

/// A modal: its callback, title, close text, optional submit text and blocks (at most
/// Slack's 100).
pub fn modal(
    callback_id: &str,
    title: &str,
    close: &str,
    submit: Option<&str>,
    mut blocks: Vec<SlackBlock>,
) -> SlackModalView {
    blocks.truncate(100);
    let mut view = SlackModalView::new(plain(&short_title(title)), blocks)
        .with_callback_id(SlackCallbackId(callback_id.to_string()))
        .with_close(plain(&short_title(close)));
    view.submit = submit.map(|s| plain(&short_title(s)));
    view
}

/// Slack's 75-character limit on option and button texts.
/// A modal's title, submit or close text: Slack allows 24 characters.
pub fn short_title(text: &str) -> String {
    cut(text, 24)
}

pub fn short(text: &str) -> String {
    cut(text, 75)
}

/// At most `max` characters, the last an ellipsis when something was cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_string() } else { text.chars().take(max - 1).collect::<String>() + "…" }
}

/// Slack's limit on the text of one section.
pub const SECTION_TEXT_MAX: usize = 3000;

/// Text a person typed, escaped and quoted, split over as many sections as Slack's
/// limit needs (escaping can make 2,000 typed characters 10,000). `title` opens the
/// first section. A split never falls inside an escape.
pub fn quoted_sections(title: &str, text: &str) -> Vec<SlackBlock> {
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

/// Lines as sections: as many lines to a section as Slack's limit takes, so a long list
/// (a program's many resources) is never refused. A single line over the limit is cut.
pub fn line_sections(lines: &[String]) -> Vec<SlackBlock> {
    let mut sections = Vec::new();
    let mut current = String::new();
    for line in lines {
        let line = capped(line, SECTION_TEXT_MAX - 10, "…");
        let joined = current.chars().count() + line.chars().count() + 1;
        if !current.is_empty() && joined > SECTION_TEXT_MAX {
            sections.push(section(&std::mem::take(&mut current)));
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(&line);
    }
    if !current.is_empty() {
        sections.push(section(&current));
    }
    sections
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
    fn text_of(block: &SlackBlock) -> String {
        serde_json::to_value(block).unwrap()["text"]["text"].as_str().unwrap().to_string()
    }

    fn read_back(sections: &[SlackBlock], title: &str) -> String {
        let all: String = sections.iter().map(text_of).collect();
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
                let t = text_of(s);
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
