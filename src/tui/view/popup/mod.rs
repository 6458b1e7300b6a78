//! Popups over the queue: a bordered box whose lines are wrapped and scrolled. The
//! overlays that scroll (help, journal, explanation) are built by one function, which
//! both drawing and [`super::viewport`] (how far they scroll) use.

pub(super) mod confirm;
pub(super) mod explain;
pub(super) mod forward;
pub(super) mod help;
pub(super) mod journal;
pub(super) mod log;
mod prompt;
pub(super) mod recipient;

use super::super::app::{App, Mode};
use super::super::keys::{self, Context};
use super::text::wrap_lines;
use super::theme::Theme;
use crate::i18n::Lang;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A bordered box over the screen.
pub(super) struct Popup {
    pub title: String,
    pub lines: Vec<Line<'static>>,
    pub max_w: u16,
    pub scroll: usize,
    pub title_style: Style,
}

/// Where a popup goes and what it shows.
struct Placed {
    rect: Rect,
    wrapped: Vec<Line<'static>>,
    rows: usize,
    /// How far it can scroll.
    max: usize,
}

/// The width of a popup at most `max_w` wide over `area`, and the width of its lines.
fn widths(area: Rect, max_w: u16) -> (u16, usize) {
    let w = max_w.min(area.width.saturating_sub(2)).max(20);
    (w, w.saturating_sub(4) as usize)
}

fn place(area: Rect, p: &Popup) -> Placed {
    let (w, inner_w) = widths(area, p.max_w);
    let wrapped = wrap_lines(p.lines.clone(), inner_w);
    let h = (wrapped.len() as u16 + 2).min(area.height);
    let rect = centered(area, w, h);
    let rows = rect.height.saturating_sub(2) as usize;
    let max = wrapped.len().saturating_sub(rows);
    Placed {
        rect,
        wrapped,
        rows,
        max,
    }
}

/// Draws a popup, its lines wrapped and scrolled; returns its inner area.
pub(super) fn popup(frame: &mut Frame, area: Rect, p: Popup) -> Rect {
    let Placed {
        rect,
        wrapped,
        rows,
        max,
    } = place(area, &p);
    frame.render_widget(Clear, rect);
    let scroll = p.scroll.min(max);
    let mut title = format!(" {} ", p.title);
    if max > 0 {
        title.push_str(&format!(
            "· {}–{} / {} ",
            scroll + 1,
            scroll + rows,
            wrapped.len()
        ));
    }
    let block = Block::bordered().title(Span::styled(title, p.title_style));
    let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, rect);
    let shown: Vec<Line> = wrapped.into_iter().skip(scroll).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
    inner
}

/// The open overlay that scrolls, if any.
fn overlay(app: &App, area: Rect, theme: &Theme) -> Option<Popup> {
    match &app.mode {
        Mode::Help { scroll } => Some(help::popup(app, *scroll, theme)),
        Mode::Journal { page, scroll } => Some(journal::popup(app, area, page, *scroll, theme)),
        Mode::Explain { id, scroll } => Some(explain::popup(app, id, *scroll, theme)),
        Mode::Log { scroll } => Some(log::popup(app, area, *scroll, theme)),
        _ => None,
    }
}

/// How far the open overlay can scroll on a body of `area`.
pub(super) fn overlay_max(app: &App, area: Rect, theme: &Theme) -> usize {
    overlay(app, area, theme).map_or(0, |p| place(area, &p).max)
}

pub(super) fn draw_overlay(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if let Some(p) = overlay(app, area, theme) {
        popup(frame, area, p);
    }
}

fn key_hint_line(context: Context, lang: Lang, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (k, word) in keys::hints(context, lang) {
        spans.push(Span::styled(k, theme.key()));
        spans.push(Span::raw(format!(" {word}   ")));
    }
    Line::from(spans)
}
