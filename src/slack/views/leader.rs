//! What a leader sees: the outreach form, and the count it went to.

use super::*;

impl Views<'_> {
    pub fn outreach_modal(&self) -> Value {
        json!({
            "type": "modal",
            "callback_id": callback::OUTREACH,
            "title": plain("Offer peer support"),
            "submit": plain("Send"),
            "close": plain("Cancel"),
            "blocks": [
                section("Everyone you choose gets a private, caring message offering a confidential conversation with a peer supporter. \
                         You'll be told how many it went to, never who answers or how."),
                input(outreach_field::COLLEAGUES, "Colleagues involved",
                      json!({ "type": "multi_users_select", "placeholder": plain("Choose colleagues"), "max_selected_items": 1000 }),
                      false, None),
                input(outreach_field::EVENT, "What happened",
                      static_select("Choose (optional)", EventKind::ALL.iter().map(|e| option(e.label(), e.code())).collect()),
                      true, Some("Optional. It is mentioned in the message, in these words.")),
                input(outreach_field::NOTE, "A personal note",
                      json!({ "type": "plain_text_input", "multiline": true, "max_length": OUTREACH_NOTE_MAX }),
                      true, Some("Optional. Shown in each message, then erased once every message is sent.")),
                self.crisis(),
            ],
        })
    }

    pub fn outreach_on_its_way(&self, count: usize) -> Message {
        let text = format!(
            "Thank you for looking after your team. Your message is on its way to the {count} colleague{} you chose. \
             You won't be told who answers or how; the totals appear only in the program's monthly counts.",
            if count == 1 { "" } else { "s" }
        );
        Message::new(text.clone(), vec![section(&text)])
    }

    // ----- the supporter's messages ----------------------------------------------------
}
