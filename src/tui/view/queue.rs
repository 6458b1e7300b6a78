//! The queue table: one row per listed notification, scrolled with ratatui's
//! `TableState` from the offset the state keeps.

use super::super::app::{App, Focus, ScanState, follow};
use super::short_date;
use super::table;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::i18n::tui as t;
use crate::scan::Item;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

/// The rows of items the queue area holds (below its title and header).
pub(super) fn rows(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}

/// The widths of the recipient, rule and subject columns in `avail` columns, given
/// what the recipients and rules on screen need: the subject keeps at least
/// `MIN_SUBJECT`; to make room the recipient gives way first (to 12), then the rule (to
/// 12), then both (to 8).
fn columns(avail: usize, recip_need: usize, rule_need: usize) -> (usize, usize, usize) {
    const MIN_SUBJECT: usize = 16;
    let (mut recip, mut rule) = (recip_need, rule_need);
    for floor in [12, 8] {
        let over = |recip: usize, rule: usize| (recip + rule + MIN_SUBJECT).saturating_sub(avail);
        recip -= over(recip, rule).min(recip.saturating_sub(floor));
        rule -= over(recip, rule).min(rule.saturating_sub(floor));
    }
    let subject = avail.saturating_sub(recip + rule).max(8);
    (recip, rule, subject)
}

pub(super) fn action_cell(lang: Lang, item: &Item, theme: &Theme) -> (String, Style) {
    let a = &item.analysis;
    if a.suspicious() {
        (t::suspicious_tag(lang).to_string(), theme.suspicious())
    } else {
        (
            t::action(lang, &a.suggestion.action).to_string(),
            theme.action(&a.suggestion.action),
        )
    }
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let q = &app.queue;
    let total = q.pending_count();
    let mut title = if q.filter().is_empty() {
        format!(" {} {} ", t::queue(lang), t::count(lang, total))
    } else {
        format!(
            " {} {} {} {} · {} {} ",
            t::queue(lang),
            t::count(lang, q.visible().len()),
            t::of(lang),
            t::count(lang, total),
            t::filter(lang),
            t::quote(lang, &fit(&inert(q.filter(), true), 30, false)),
        )
    };
    let skipped = q.skipped_count();
    if skipped > 0 {
        title.push_str(&format!(
            "· {} {} {} ",
            skipped,
            t::skipped(lang),
            if q.shows_skipped() {
                t::skipped_shown_key(lang)
            } else {
                t::skipped_hidden_key(lang)
            }
        ));
    }
    if !q.visible().is_empty() {
        // where the cursor is: "9/22"
        title.push_str(&table::position(q.cursor(), q.visible().len()));
    }
    let focused = app.focus == Focus::Queue;
    let Some(inner) = table::block(
        frame,
        area,
        title,
        if focused { theme.bold() } else { Style::new() },
        if focused { Style::new() } else { theme.dim() },
    ) else {
        return;
    };

    if q.visible().is_empty() {
        let text = if !app.scanned {
            match &app.scan {
                ScanState::Failed(_) => t::inbox_unreadable(lang),
                _ => t::reading_inbox(lang),
            }
        } else if !q.filter().is_empty() {
            t::no_filter_match(lang)
        } else {
            t::empty_queue(lang, app.daily_check)
        };
        table::nothing_listed(frame, inner, text);
        return;
    }

    let w = inner.width as usize;
    let wide = w >= 100;
    let date_w = if wide { 16 } else { 11 };
    // the rows on screen decide the widths: rule names and recipients whole while the
    // subject keeps room, then the subject gets the rest
    let shown = rows(area);
    let offset = follow(app.queue_offset, q.cursor(), q.visible().len(), shown);
    let window: Vec<&Item> = q.visible_items().skip(offset).take(shown).collect();
    let head = [
        "",
        t::date(lang),
        t::recipient(lang),
        t::subject(lang),
        t::suggestion(lang),
        t::rule(lang),
    ];
    let need = |head: &str, f: &dyn Fn(&Item) -> usize| {
        window
            .iter()
            .map(|i| f(i))
            .max()
            .unwrap_or(0)
            .max(width(head))
            .min(24)
    };
    let rule_need = need(head[5], &|i| width(&i.analysis.suggestion.rule));
    let action_w = need(head[4], &|i| {
        if q.is_skipped(&i.file.name.unique) {
            width(t::skipped_tag(lang))
        } else {
            width(&action_cell(lang, i, theme).0)
        }
    });
    let recip_need = need(head[2], &|i| {
        width(&super::followup::recipient_text(lang, &i.analysis))
    });
    let (recip_w, rule_w, subject_w) = columns(
        w.saturating_sub(1 + date_w + action_w + 5),
        recip_need,
        rule_need,
    );
    let widths = [1, date_w, recip_w, subject_w, action_w, rule_w];

    let rows: Vec<Row> = window
        .into_iter()
        .map(|item| {
            let a = &item.analysis;
            let marked = q.is_marked(&item.file.name.unique);
            let (action, action_style) = if q.is_skipped(&item.file.name.unique) {
                (t::skipped_tag(lang).to_string(), theme.dim())
            } else {
                action_cell(lang, item, theme)
            };
            let cells = vec![
                Cell::from(if marked { "●" } else { " " }),
                Cell::from(short_date(a.mail.date.as_deref(), !wide)),
                // the org number is in the detail; the column is narrow
                Cell::from(fit(
                    &inert(&super::followup::recipient_text(lang, a), true),
                    recip_w,
                    false,
                )),
                Cell::from(fit(
                    &inert(a.mail.subject.as_deref().unwrap_or(""), true),
                    subject_w,
                    false,
                )),
                Cell::from(Span::styled(fit(&action, action_w, false), action_style)),
                Cell::from(fit(&inert(&a.suggestion.rule, true), rule_w, false)),
            ];
            Row::new(cells)
        })
        .collect();
    let mut selected = theme.selected();
    if focused {
        selected = selected.add_modifier(Modifier::BOLD);
    }
    // only the rows on screen are built (the queue may hold 100 000)
    let list = table::table(head, widths, rows, selected, theme);
    table::draw(frame, inner, list, q.cursor().saturating_sub(offset));
}
