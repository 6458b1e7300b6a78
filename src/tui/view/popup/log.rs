//! The message log: the status line's messages of this session in full, newest first,
//! with where to look next under each error.

use super::super::super::app::{App, StatusKind};
use super::super::theme::Theme;
use super::Popup;
use crate::i18n::tui as t;
use crate::text::inert;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub(super) fn popup(app: &App, area: Rect, scroll: usize, theme: &Theme) -> Popup {
    let lang = app.lang();
    let mut lines = Vec::new();
    if app.log.is_empty() {
        lines.push(Line::raw(t::log_empty(lang)));
    }
    for (i, s) in app.log.iter().rev().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(inert(&s.text, true), theme.status(s.kind)));
        if s.kind == StatusKind::Error {
            lines.push(Line::styled(t::log_fix_hint(lang), theme.dim()));
        }
    }
    Popup {
        title: t::log_title(lang, app.log.len()),
        lines,
        max_w: area.width,
        scroll,
        title_style: theme.bold(),
    }
}
