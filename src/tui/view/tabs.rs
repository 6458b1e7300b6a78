//! The tab row under the header: the four screens with their keys, the current one
//! highlighted, so the row is also the hint for the keys `1`–`4`.

use super::super::app::{App, Screen};
use super::text::clip;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::i18n::tui as t;
use crate::text::width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The row for a screen `w` columns wide: full names where they fit, else short ones.
pub(super) fn line(app: &App, w: usize, theme: &Theme) -> Line<'static> {
    let lang = app.lang();
    let spans = |short: bool| -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for (i, s) in Screen::ALL.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled("│", theme.dim()));
            }
            let label = format!(" {} {} ", s.key(), name(lang, s, short));
            let style = if s == app.screen {
                theme.selected()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(label, style));
        }
        spans
    };
    let full = spans(false);
    let used: usize = full.iter().map(|s| width(&s.content)).sum();
    let row = if used <= w { full } else { spans(true) };
    clip(Line::from(row), w)
}

/// A screen's name in the tab row (its words are in `i18n::tui`).
fn name(lang: Lang, s: Screen, short: bool) -> &'static str {
    match s {
        Screen::Queue => t::queue_tab(lang),
        Screen::Followup => t::followup_tab(lang, short),
        Screen::Altinn => t::altinn_tab(),
        Screen::Stats => t::stats_tab(lang, short),
    }
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    frame.render_widget(Paragraph::new(line(app, area.width as usize, theme)), area);
}
