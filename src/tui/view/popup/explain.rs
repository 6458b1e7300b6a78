//! Why a notification is suspicious (Enter on it).

use super::super::super::app::App;
use super::super::super::keys::Context;
use super::super::theme::Theme;
use super::{Popup, key_hint_line};
use crate::i18n;
use crate::i18n::tui as t;
use crate::text::inert;
use ratatui::text::Line;

pub(super) fn popup(app: &App, id: &str, scroll: usize, theme: &Theme) -> Popup {
    let lang = app.lang();
    let mut lines = Vec::new();
    if let Some(item) = app.item_by_id(id) {
        let a = &item.analysis;
        lines.push(Line::styled(
            inert(a.mail.subject.as_deref().unwrap_or(""), true),
            theme.bold(),
        ));
        lines.push(Line::raw(format!(
            "{} {}",
            t::from_label(lang),
            inert(&a.from_display(), true)
        )));
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            t::looks_like_altinn_but(lang),
            theme.suspicious(),
        ));
        for d in &a.doubts {
            lines.push(Line::raw(format!(
                "– {}",
                inert(&i18n::doubt(lang, d), true)
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(t::do_not_click(lang)));
    lines.push(Line::raw(""));
    lines.push(key_hint_line(Context::Overlay, lang, theme));
    Popup {
        title: t::suspicious_title(lang).into(),
        lines,
        max_w: 76,
        scroll,
        title_style: theme.suspicious(),
    }
}
