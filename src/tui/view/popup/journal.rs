//! Today's journal.

use super::super::super::app::{App, JournalPage};
use super::super::theme::Theme;
use super::Popup;
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
            lang.pick(
                "demoens egen journal, ikke din",
                "the demo's own journal, not yours",
            )
        } else {
            lang.pick("journalfil", "journal file")
        };
        body.push(Line::styled(
            format!("{whose}: {}", inert(&page.source, true)),
            theme.dim(),
        ));
        body.push(Line::raw(""));
    }
    if page.lines.is_empty() {
        body.push(Line::raw(
            lang.pick("Ingen oppføringer i dag.", "No entries today."),
        ));
    } else {
        body.extend(page.lines.iter().map(|l| Line::raw(inert(l, true))));
    }
    let title = format!(
        "{} ({})",
        lang.pick("Journal i dag", "Today's journal"),
        page.lines.len()
    );
    Popup {
        title,
        lines: body,
        max_w: area.width,
        scroll,
        title_style: theme.bold(),
    }
}
