//! The forward prompt: the address, prefilled from the rule, editable.

use super::super::super::app::{App, LineInput, StatusKind};
use super::super::super::keys::Context;
use super::super::text::input_view;
use super::super::theme::Theme;
use super::{Popup, key_hint_line, popup};
use crate::i18n::tui as t;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
    // Lines above the text field are cut, never wrapped, so that its row is known.
    let inner_w = (FORWARD_W.min(area.width.saturating_sub(2)).max(20) - 4) as usize;
    let mut lines = Vec::new();
    if let Some(item) = app.item_by_id(id) {
        let subject = inert(item.analysis.mail.subject.as_deref().unwrap_or(""), true);
        lines.push(Line::from(vec![
            Span::styled(fit(t::subject_label(lang), 10, true), theme.label()),
            Span::raw(fit(&subject, inner_w.saturating_sub(10), false)),
        ]));
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
    lines.push(key_hint_line(Context::Prompt, lang, theme));
    let inner = popup(
        frame,
        area,
        Popup {
            title: t::forward(lang).into(),
            lines,
            max_w: FORWARD_W,
            scroll: 0,
            title_style: theme.bold(),
        },
    );
    // the text field, drawn over its reserved row
    let label = format!("{} ", t::to_label(lang));
    let y = inner.y + input_row as u16;
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
