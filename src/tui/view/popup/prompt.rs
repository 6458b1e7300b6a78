//! What the popups that ask for one line share (the forward address, and to whom a
//! follow-up item was distributed): the subject of what it is about on top, a row kept
//! free for the text field, and the field drawn over that row with its label, the
//! input underlined and the cursor in it.

use super::super::super::app::LineInput;
use super::super::super::keys::Context;
use super::super::text::input_view;
use super::super::theme::Theme;
use super::{Popup, key_hint_line, popup};
use crate::i18n::Lang;
use crate::i18n::tui as t;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// `Emne:     …`: the subject (from mail, so made inert) cut to the popup's `inner_w`
/// columns. Lines above the field are cut, never wrapped, so that its row is known.
pub(super) fn subject_line(
    lang: Lang,
    subject: &str,
    inner_w: usize,
    theme: &Theme,
) -> Line<'static> {
    Line::from(vec![
        Span::styled(fit(t::subject_label(lang), 10, true), theme.label()),
        Span::raw(fit(
            &inert(subject, true),
            inner_w.saturating_sub(10),
            false,
        )),
    ])
}

/// A popup that asks for one line.
pub(super) struct Prompt<'a> {
    pub title: String,
    pub max_w: u16,
    /// What it shows, with an empty line at `field_row` for the field; the prompt's key
    /// hints follow.
    pub lines: Vec<Line<'static>>,
    pub field_row: usize,
    /// The field's label.
    pub label: &'a str,
}

/// Draws the prompt with the field over its row: the label, then the input, with the
/// terminal's cursor where the clerk types. Nothing of the field is drawn when the
/// popup is too low to show that row.
pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    prompt: Prompt,
    input: &LineInput,
    lang: Lang,
    theme: &Theme,
) {
    let mut lines = prompt.lines;
    lines.push(key_hint_line(Context::Prompt, lang, theme));
    let p = Popup {
        title: prompt.title,
        lines,
        max_w: prompt.max_w,
        scroll: 0,
        title_style: theme.bold(),
    };
    let inner = popup(frame, area, p);
    let label = format!("{} ", prompt.label);
    let y = inner.y + prompt.field_row as u16;
    if y < inner.y + inner.height {
        let field_w = (inner.width as usize).saturating_sub(width(&label));
        let (shown, x) = input_view(input, field_w);
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label.clone(), theme.label()),
                Span::styled(
                    fit(&shown, field_w, true),
                    Style::new().add_modifier(Modifier::UNDERLINED),
                ),
            ])),
            row,
        );
        frame.set_cursor_position((inner.x + (width(&label) + x) as u16, y));
    }
}
