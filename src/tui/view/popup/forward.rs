//! The forward prompt: the address, prefilled from the rule, editable.

use super::super::super::app::{App, LineInput, StatusKind};
use super::super::theme::Theme;
use super::prompt::{self, Prompt};
use super::widths;
use crate::i18n::tui as t;
use crate::text::{fit, inert};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// The forward prompt's width.
const FORWARD_W: u16 = 72;

pub(in super::super) fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    id: &str,
    input: &LineInput,
    error: Option<&str>,
    theme: &Theme,
) {
    let lang = app.lang();
    let inner_w = widths(area, FORWARD_W).1;
    let mut lines = Vec::new();
    if let Some(item) = app.item_by_id(id) {
        let subject = item.analysis.mail.subject.as_deref().unwrap_or("");
        lines.push(prompt::subject_line(lang, subject, inner_w, theme));
        if item.analysis.suspicious() {
            lines.push(Line::styled(
                fit(t::forward_suspicious_warning(lang), inner_w, false),
                theme.suspicious(),
            ));
        }
    }
    lines.push(Line::raw(""));
    let input_row = lines.len();
    lines.push(Line::raw(""));
    lines.push(Line::raw(""));
    if let Some(e) = error {
        lines.push(Line::styled(
            inert(e, true),
            theme.status(StatusKind::Error),
        ));
        lines.push(Line::raw(""));
    }
    if app.settings.notice.is_some() {
        lines.push(Line::styled(t::forward_to_outbox(lang), theme.notice()));
    }
    let prompt = Prompt {
        title: t::forward(lang).into(),
        max_w: FORWARD_W,
        lines,
        field_row: input_row,
        label: t::to_label(lang),
    };
    prompt::draw(frame, area, prompt, input, lang, theme);
}
