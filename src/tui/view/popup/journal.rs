//! Today's journal.

use super::super::super::app::{App, JournalPage};
use super::super::theme::Theme;
use super::Popup;
use crate::i18n::tui as t;
use crate::text::inert;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub(super) fn popup(
    app: &App,
    area: Rect,
    page: &JournalPage,
    scroll: usize,
    theme: &Theme,
) -> Popup {
    let lang = app.lang();
    let mut body: Vec<Line<'static>> = Vec::new();
    if !page.source.is_empty() {
        // first, so that it shows however long the day was
        let whose = if app.settings.demo {
            t::demo_journal(lang)
        } else {
            t::journal_file(lang)
        };
        body.push(Line::styled(
            format!("{whose}: {}", inert(&page.source, true)),
            theme.dim(),
        ));
        body.push(Line::raw(""));
    }
    if page.entries.is_empty() {
        body.push(Line::raw(t::no_entries_today(lang)));
    } else {
        body.extend(page.entries.iter().map(|l| {
            let said = t::journal_line(lang, l, &page.mail_root);
            Line::raw(inert(&said, true))
        }));
    }
    let title = format!("{} ({})", t::todays_journal(lang), page.entries.len());
    Popup {
        title,
        lines: body,
        max_w: area.width,
        scroll,
        title_style: theme.bold(),
    }
}
