//! "Distributed to whom": a text field prefilled with the first recipient offered (those
//! used before, then the configured list), ↑/↓ to choose another, or type a name.

use super::super::super::app::{App, LineInput};
use super::super::theme::Theme;
use super::prompt::{self, Prompt};
use super::widths;
use crate::i18n::tui::followup as w;
use crate::text::{fit, inert};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

const RECIPIENT_W: u16 = 64;
/// The recipients listed at once (the rest are reached with ↑/↓ all the same).
const LISTED: usize = 6;

pub(in super::super) fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    id: &str,
    input: &LineInput,
    choice: Option<usize>,
    theme: &Theme,
) {
    let lang = app.lang();
    let inner_w = widths(area, RECIPIENT_W).1;
    let mut lines = Vec::new();
    if let Some(row) = app.followup.rows().iter().find(|r| r.item.id == id) {
        lines.push(prompt::subject_line(
            lang,
            &row.item.subject,
            inner_w,
            theme,
        ));
    }
    let input_row = lines.len();
    lines.push(Line::raw(""));
    let choices = &app.followup.choices;
    if !choices.is_empty() {
        // a window of the list around the chosen one
        let at = choice.unwrap_or(0);
        let start = at
            .saturating_sub(LISTED - 1)
            .min(choices.len().saturating_sub(LISTED));
        for (i, c) in choices.iter().enumerate().skip(start).take(LISTED) {
            let chosen = choice == Some(i);
            let text = fit(
                &format!("{} {}", if chosen { "›" } else { " " }, inert(c, true)),
                inner_w,
                false,
            );
            lines.push(if chosen {
                Line::styled(text, theme.bold())
            } else {
                Line::raw(text)
            });
        }
        lines.push(Line::styled(
            fit(w::recipient_hint(lang), inner_w, false),
            theme.dim(),
        ));
    }
    let prompt = Prompt {
        title: w::recipient_title(lang).into(),
        max_w: RECIPIENT_W,
        lines,
        field_row: input_row,
        label: w::whom_label(lang),
    };
    prompt::draw(frame, area, prompt, input, lang, theme);
}
