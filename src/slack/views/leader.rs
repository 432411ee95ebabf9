//! What a leader sees: the outreach form, and the count it went to.

use super::*;

impl Views<'_> {
    pub fn outreach_modal(&self) -> Value {
        json!({
            "type": "modal",
            "callback_id": callback::OUTREACH,
            "title": plain(&short_title(&t!(self, "outreach-title"))),
            "submit": plain(&short_title(&t!(self, "modal-send"))),
            "close": plain(&short_title(&t!(self, "modal-cancel"))),
            "blocks": [
                section(&t!(self, "outreach-modal-text")),
                input(outreach_field::COLLEAGUES, &t!(self, "outreach-colleagues"),
                      json!({ "type": "multi_users_select", "placeholder": plain(&t!(self, "outreach-choose-colleagues")), "max_selected_items": 1000 }),
                      false, None),
                input(outreach_field::EVENT, &t!(self, "outreach-event"),
                      static_select(&t!(self, "choose-optional"), self.options(EventKind::ALL)),
                      true, Some(&t!(self, "outreach-event-hint"))),
                input(outreach_field::NOTE, &t!(self, "outreach-note"),
                      json!({ "type": "plain_text_input", "multiline": true, "max_length": OUTREACH_NOTE_MAX }),
                      true, Some(&t!(self, "outreach-note-hint"))),
                self.crisis(),
            ],
        })
    }

    pub fn outreach_on_its_way(&self, count: usize) -> Message {
        let text = t!(self, "outreach-on-its-way", count = count);
        Message::new(text.clone(), vec![section(&text)])
    }
}
