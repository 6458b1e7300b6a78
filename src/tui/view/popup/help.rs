//! The help popup: the key table, grouped by context.

use super::super::super::app::App;
use super::super::super::keys::{BINDINGS, Context};
use super::super::theme::Theme;
use super::Popup;
use crate::i18n::Lang;
use crate::i18n::tui as t;
use crate::text::fit;
use ratatui::text::{Line, Span};

/// The help text: the key table, grouped by context.
pub fn help_lines(lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(t::help_suggestions(lang))];
    for context in [
        Context::Queue,
        Context::Followup,
        Context::Altinn,
        Context::Stats,
        Context::Screens,
        Context::Prompt,
        Context::Confirm,
        Context::Overlay,
        Context::Pager,
        Context::Global,
    ] {
        if !BINDINGS.iter().any(|b| b.context == context) {
            continue;
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(context.title(lang), theme.bold()));
        for b in BINDINGS.iter().filter(|b| b.context == context) {
            lines.push(Line::from(vec![
                Span::styled(fit(&format!("  {}", b.label), 14, true), theme.key()),
                Span::raw(lang.pick(b.help.0, b.help.1)),
            ]));
        }
    }
    lines
}

pub(super) fn popup(app: &App, scroll: usize, theme: &Theme) -> Popup {
    let lang = app.lang();
    Popup {
        title: t::help_keys(lang).into(),
        lines: help_lines(lang, theme),
        max_w: 84,
        scroll,
        title_style: theme.bold(),
    }
}
