//! The footer (the keys that matter here, from the key table, or the action under way)
//! and the status line (the last message, progress, the filter being typed).

use super::super::app::{App, Mode, ScanState};
use super::super::keys::{self, Context};
use super::text::{clip, input_view};
use super::theme::Theme;
use crate::i18n::tui as t;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw_footer(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let w = area.width as usize;
    // an action under way takes the footer: what runs, for how long, what Esc does
    if let Some(job) = app.working.first()
        && app.batch.is_none()
        && Context::of(app) == Context::Queue
    {
        let bare = t::working(lang, &job.action, "", app.working_secs, app.waiting);
        let room = w.saturating_sub(width(&bare)).clamp(8, 40);
        let subject = fit(&job.subject, room, false);
        let text = t::working(lang, &job.action, &subject, app.working_secs, app.waiting);
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&text, w, false), theme.notice())),
            area,
        );
        return;
    }
    let context = Context::of(app);
    let mut hints = keys::hints(context, lang);
    if context == Context::Queue {
        // what Enter does to this very item: "Enter arkiver"
        for h in hints.iter_mut().filter(|(k, _)| *k == "Enter") {
            h.1 = t::enter_does(lang, app.selected());
        }
    }
    let cost = |(k, word): &(&str, &str)| width(k) + 1 + width(word) + 2;
    // help always shows (it lists every key); the rest in table order while they fit
    let pinned: Vec<_> = hints.iter().filter(|(k, _)| *k == "?").copied().collect();
    let mut room = w.saturating_sub(pinned.iter().map(cost).sum());
    let mut shown = Vec::new();
    for h in hints.iter().filter(|h| !pinned.contains(h)) {
        if cost(h) > room {
            break;
        }
        room -= cost(h);
        shown.push(*h);
    }
    shown.extend(pinned);
    let mut spans = Vec::new();
    for (k, word) in shown {
        spans.push(Span::styled(k, theme.key()));
        spans.push(Span::raw(format!(" {word}  ")));
    }
    frame.render_widget(Paragraph::new(clip(Line::from(spans), w)), area);
}

pub(super) fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let w = area.width as usize;
    if let Mode::Filter(input) = &app.mode {
        let label = format!("{}: ", t::filter_title(lang));
        let (shown, x) = input_view(input, w.saturating_sub(width(&label)));
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label.clone(), theme.bold()),
                Span::raw(shown),
            ])),
            area,
        );
        frame.set_cursor_position((area.x + (width(&label) + x) as u16, area.y));
        return;
    }
    let right = if let Some(b) = &app.batch {
        t::batch_progress(lang, b)
    } else if let ScanState::Running { done, total } = app.scan {
        t::scan_progress(lang, done, total)
    } else {
        String::new()
    };
    let right_w = width(&right);
    let left_w = w.saturating_sub(right_w + u16::from(right_w > 0) as usize * 2);
    let mut spans = Vec::new();
    if let Some(s) = &app.status {
        spans.push(Span::styled(
            fit(&inert(&s.text, true), left_w, true),
            theme.status(s.kind),
        ));
    } else {
        spans.push(Span::raw(" ".repeat(left_w)));
    }
    if right_w > 0 {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(right, theme.notice()));
    }
    frame.render_widget(Paragraph::new(clip(Line::from(spans), w)), area);
}
