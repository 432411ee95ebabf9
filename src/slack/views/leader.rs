//! What a leader sees: the outreach form, and the count it went to.

use super::*;

impl Views<'_> {
    pub fn outreach_modal(&self) -> SlackView {
        let blocks = vec![
            section(&t!(self, "outreach-modal-text")),
            input(
                outreach_field::COLLEAGUES,
                &t!(self, "outreach-colleagues"),
                multi_user_select(&t!(self, "outreach-choose-colleagues"), 1000),
                false,
                None,
            ),
            input(
                outreach_field::EVENT,
                &t!(self, "outreach-event"),
                static_select(&t!(self, "choose-optional"), self.options(EventKind::ALL)),
                true,
                Some(&t!(self, "outreach-event-hint")),
            ),
            input(
                outreach_field::NOTE,
                &t!(self, "outreach-note"),
                text_input(OUTREACH_NOTE_MAX as u64, true),
                true,
                Some(&t!(self, "outreach-note-hint")),
            ),
            self.crisis(),
        ];
        let (title, send, cancel) = (t!(self, "outreach-title"), t!(self, "modal-send"), t!(self, "modal-cancel"));
        SlackView::Modal(modal(callback::OUTREACH, &title, &cancel, Some(&send), blocks))
    }

    pub fn outreach_on_its_way(&self, count: usize) -> Message {
        let text = t!(self, "outreach-on-its-way", count = count);
        Message::new(text.clone(), vec![section(&text)])
    }
}
