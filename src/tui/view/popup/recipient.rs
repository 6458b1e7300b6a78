//! "Distributed to whom": a text field prefilled with the first recipient offered (those
//! used before, then the configured list), ↑/↓ to choose another, or type a name.

use super::super::super::app::{App, LineInput};
use super::super::super::keys::Context;
use super::super::text::input_view;
use super::super::theme::Theme;
use super::{Popup, key_hint_line, popup};
use crate::i18n::tui as t;
use crate::i18n::tui::followup as w;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
    let inner_w = (RECIPIENT_W.min(area.width.saturating_sub(2)).max(20) - 4) as usize;
    let mut lines = Vec::new();
    if let Some(row) = app.followup.rows().iter().find(|r| r.item.id == id) {
        lines.push(Line::from(vec![
            Span::styled(fit(t::subject_label(lang), 10, true), theme.label()),
            Span::raw(fit(
                &inert(&row.item.subject, true),
                inner_w.saturating_sub(10),
                false,
            )),
        ]));
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
    lines.push(key_hint_line(Context::Prompt, lang, theme));
    let inner = popup(
        frame,
        area,
        Popup {
            title: w::recipient_title(lang).into(),
            lines,
            max_w: RECIPIENT_W,
            scroll: 0,
            title_style: theme.bold(),
        },
    );
    let label = format!("{} ", w::whom_label(lang));
    let y = inner.y + input_row as u16;
    if y < inner.y + inner.height {
        let field_w = (inner.width as usize).saturating_sub(width(&label));
        let (shown, x) = input_view(input, field_w);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label.clone(), theme.label()),
                Span::styled(
                    fit(&shown, field_w, true),
                    Style::new().add_modifier(Modifier::UNDERLINED),
                ),
            ])),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
        frame.set_cursor_position((inner.x + (width(&label) + x) as u16, y));
    }
}
