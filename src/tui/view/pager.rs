//! The full-screen message view: a title with the position, the document (headers,
//! links, body, or the source) with search hits highlighted, and a footer with the keys
//! or the search.

use super::super::app::{App, Pager, Source, StatusKind};
use super::super::keys::{self, Context};
use super::super::pager::{self as doc, Kind};
use super::text::{Needles, clip, highlighted, input_view, to_line};
use super::theme::Theme;
use crate::i18n::tui as t;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// Rows of text on a screen of `height` (a title, the keys and the status line).
pub(super) fn rows(height: u16) -> usize {
    height.saturating_sub(3) as usize
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, p: &Pager, theme: &Theme) {
    let lang = app.lang();
    frame.render_widget(Clear, area);
    let [top, body, bottom, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(s) = &app.status {
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&inert(&s.text, true), area.width as usize, true),
                theme.status(s.kind),
            )),
            status,
        );
    }
    let w = area.width as usize;
    let Some(item) = app.item_by_id(&p.id) else {
        return;
    };
    let raw = match &p.source {
        Source::Shown(t) => Some(t.as_str()),
        _ => None,
    };
    let lines = doc::document(lang, item, raw, w);
    let shown_rows = body.height as usize;
    let scroll = p.scroll.min(lines.len().saturating_sub(shown_rows));

    // title: what and where ("12–30 / 95")
    let end = (scroll + shown_rows).min(lines.len());
    let position = format!(" {}–{} / {} ", scroll + 1, end, lines.len());
    let subject = inert(item.analysis.mail.subject.as_deref().unwrap_or(""), true);
    let head = format!(" {} · ", t::pager_title(lang));
    let room = w.saturating_sub(width(&head) + width(&position));
    let title = Line::from(vec![
        Span::styled(head, theme.bold()),
        Span::styled(fit(&subject, room, false), theme.bold()),
        Span::raw(" ".repeat(room.saturating_sub(width(&fit(&subject, room, false))))),
        Span::styled(position, theme.bold()),
    ]);
    frame.render_widget(
        Paragraph::new(clip(title, w)).style(Style::new().add_modifier(Modifier::REVERSED)),
        top,
    );

    let needles = Needles::new(std::iter::once(p.query.as_str()));
    let hl = theme.highlight();
    let text: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .take(shown_rows)
        .map(|l| {
            let base = match l.kind {
                Kind::Heading | Kind::Banner => theme.dim(),
                Kind::Link => theme.fg(ratatui::style::Color::Cyan),
                _ => Style::new(),
            };
            let mut segs = highlighted(&l.text, &needles, base, hl);
            if let Kind::Header { label } = l.kind
                && let Some((first, style)) = segs.first_mut()
                && *style == base
            {
                // the label bold, as in the detail pane
                let at = first
                    .char_indices()
                    .nth(label)
                    .map_or(first.len(), |(i, _)| i);
                let rest = first.split_off(at);
                *style = theme.label();
                segs.insert(1, (rest, base));
            }
            to_line(segs)
        })
        .collect();
    let mut text = text;
    match &p.source {
        Source::Loading => text.insert(0, Line::styled(t::pager_loading(lang), theme.notice())),
        Source::Failed(e) => text.insert(
            0,
            Line::styled(
                t::pager_raw_failed(lang, &inert(e, true)),
                theme.status(StatusKind::Error),
            ),
        ),
        _ => {}
    }
    frame.render_widget(Paragraph::new(text), body);

    // footer: the search being typed, the search's hits, or the keys
    if let Some(input) = &p.typing {
        let label = "/";
        let (shown, x) = input_view(input, w.saturating_sub(1));
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label, theme.key()),
                Span::raw(shown),
            ])),
            bottom,
        );
        frame.set_cursor_position((bottom.x + 1 + x as u16, bottom.y));
        return;
    }
    let mut spans = Vec::new();
    if !p.query.is_empty() {
        let hits = doc::hits(&lines, &p.query);
        let q = fit(&inert(&p.query, true), 20, false);
        spans.push(Span::styled(
            format!("{}   ", t::pager_hits(lang, &q, p.hit, hits.len())),
            theme.notice(),
        ));
    }
    for (k, word) in keys::hints(Context::Pager, lang) {
        spans.push(Span::styled(k, theme.key()));
        spans.push(Span::raw(format!(" {word}  ")));
    }
    frame.render_widget(Paragraph::new(clip(Line::from(spans), w)), bottom);
}
