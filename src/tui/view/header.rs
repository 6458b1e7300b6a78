//! The header: program, date, clerk, mailbox and the daily check; the pending counts; the
//! standing notice.

use super::super::app::App;
use super::text::{clip, fit_left};
use super::theme::Theme;
use crate::config::Action;
use crate::i18n::tui as t;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let s = &app.settings;
    let w = area.width as usize;
    // once the shared records are read: who checked when, and who is on duty
    let (mut check, mut done) = super::followup::header_check(app, false).unwrap_or_else(|| {
        (
            t::daily_check_header(lang, app.daily_check).into(),
            app.daily_check,
        )
    });
    // "altinn-sweep  2026-11-26  kari" and two spaces at least: else the short form
    let base = 12 + 2 + width(&s.today) + 2 + width(&fit(&inert(&s.clerk, true), 20, false));
    if base + 2 + width(&check) > w {
        (check, done) = super::followup::header_check(app, true).unwrap_or_else(|| {
            (
                t::daily_check_short(lang, app.daily_check).into(),
                app.daily_check,
            )
        });
    }
    let check_style = super::followup::check_style(done, theme);
    let clerk = inert(&s.clerk, true);
    let mut left = vec![
        Span::styled("altinn-sweep", theme.bold()),
        Span::raw(format!("  {}  {}", s.today, fit(&clerk, 20, false))),
    ];
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let room = w.saturating_sub(used + width(&check) + 4);
    if room >= 10 {
        left.push(Span::raw(format!(
            "  {}",
            fit_left(&inert(&s.mailbox, true), room)
        )));
    }
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let gap = w.saturating_sub(used + width(&check)).max(2);
    left.push(Span::raw(" ".repeat(gap)));
    left.push(Span::styled(check, check_style));
    let line1 = Line::from(left);

    let c = app.queue.counts();
    let mut spans = vec![Span::raw(t::pending_label(lang))];
    let parts = [
        (Action::Archive, c.archive),
        (Action::Delete, c.delete),
        (Action::Forward(String::new()), c.forward),
        (Action::Skip, c.skip),
    ];
    // only the actions that are pending, so that the line fits 80 columns
    let mut parts: Vec<Span> = parts
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(a, n)| {
            Span::styled(
                format!("{} {}", t::action(lang, &a), t::count(lang, n)),
                theme.action(&a),
            )
        })
        .collect();
    if c.suspicious > 0 {
        parts.push(Span::styled(
            format!("⚠ {} {}", t::suspicious(lang), t::count(lang, c.suspicious)),
            theme.suspicious(),
        ));
    }
    if parts.is_empty() {
        parts.push(Span::raw(t::none(lang)));
    }
    if app.queue.marked_count() > 0 {
        parts.push(Span::styled(
            format!(
                "{} {}",
                t::count(lang, app.queue.marked_count()),
                t::marked(lang)
            ),
            theme.bold(),
        ));
    }
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" · "));
        }
        spans.push(p);
    }
    let mut lines = vec![line1, clip(Line::from(spans), w)];
    if let Some(n) = &s.notice {
        lines.push(Line::styled(fit(&inert(n, true), w, false), theme.notice()));
    }
    if let Some(r) = super::followup::reminder(app) {
        lines.push(Line::styled(fit(&r, w, false), theme.notice()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
