//! The detail pane: the selected notification's fields, the suggestion with the text
//! that matched highlighted, and its body.

use super::super::app::{App, Focus};
use super::queue::action_cell;
use super::short_date;
use super::text::{Needles, Seg, highlighted, to_line, wrap_segments};
use super::theme::Theme;
use crate::i18n::tui as t;
use crate::i18n::{self, Lang};
use crate::scan::Item;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The part of a body that is shown: more is not a notification.
const MAX_BODY_CHARS: usize = 20_000;
const MAX_BODY_LINES: usize = 400;

fn block(focused: bool, theme: &Theme) -> Block<'static> {
    Block::new().borders(Borders::TOP).border_style(if focused {
        Style::new()
    } else {
        theme.dim()
    })
}

/// The rows of the detail pane in `area` and the lines of the selected item's detail.
pub(super) fn geometry(app: &App, area: Rect, theme: &Theme) -> (usize, usize) {
    let inner = block(false, theme).inner(area);
    let lines = app.selected().map_or(0, |item| {
        detail_lines(app, item, inner.width as usize, theme).len()
    });
    (inner.height as usize, lines)
}

/// `Label:   value…` wrapped with the value indented under itself.
fn field(
    out: &mut Vec<Line<'static>>,
    label: &str,
    value: Vec<Seg>,
    w: usize,
    max_lines: usize,
    theme: &Theme,
) {
    const LABEL_W: usize = 11;
    let value_w = w.saturating_sub(LABEL_W).max(10);
    let mut wrapped = wrap_segments(&value, value_w);
    if wrapped.len() > max_lines {
        wrapped.truncate(max_lines);
        if let Some(last) = wrapped.last_mut() {
            last.push(("…".into(), Style::new()));
        }
    }
    for (i, segs) in wrapped.into_iter().enumerate() {
        let head = if i == 0 {
            Span::styled(fit(&format!("{label}:"), LABEL_W, true), theme.label())
        } else {
            Span::raw(" ".repeat(LABEL_W))
        };
        let mut spans = vec![head];
        spans.extend(segs.into_iter().map(|(s, st)| Span::styled(s, st)));
        out.push(Line::from(spans));
    }
}

/// The recipient as the queue names it, with the number; when the notification names it
/// differently (a unit recognised by its name or number), also what the notification says.
fn recipient_detail(lang: Lang, item: &Item) -> String {
    let a = &item.analysis;
    let mut s = a.recipient_label(true);
    if let Some((unit, unit_org)) = &a.unit {
        let name = a.extracted.recipient_name.as_deref();
        let org = a.extracted.recipient_org;
        let differs = name.is_some_and(|n| n.to_lowercase() != unit.to_lowercase())
            || org.is_some_and(|o| o != *unit_org);
        if differs {
            let written: Vec<String> = name
                .map(str::to_string)
                .into_iter()
                .chain(org.map(|o| o.to_string()))
                .collect();
            s.push_str(&format!(
                "  ({}: {})",
                t::in_the_notification(lang),
                written.join(", ")
            ));
        }
    }
    s
}

/// The lines of the detail pane for `item`, wrapped to `w` columns.
pub fn detail_lines(app: &App, item: &Item, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let lang = app.lang();
    let a = &item.analysis;
    let m = &a.mail;
    let hl = theme.highlight();
    let plain = Style::new();
    let matched = &a.suggestion.matched;
    let in_field = |fields: &[&str]| {
        Needles::new(
            matched
                .iter()
                .filter(|x| fields.contains(&x.field))
                .map(|x| x.text.as_str()),
        )
    };
    let mut out = Vec::new();

    let from = inert(&a.from_display(), true);
    let mut from_segs = highlighted(&from, &in_field(&["from"]), plain, hl);
    if a.suspicious() {
        from_segs.push(("  ".into(), plain));
        from_segs.push((t::suspicious_tag(lang).into(), theme.suspicious()));
        from_segs.push((": ".into(), theme.suspicious()));
        let doubts = a
            .doubts
            .iter()
            .map(|d| inert(&i18n::doubt(lang, d), true))
            .collect::<Vec<_>>()
            .join("; ");
        from_segs.push((doubts, theme.suspicious()));
    } else {
        from_segs.push(("  ".into(), plain));
        from_segs.push((t::genuine(lang).into(), theme.fg(Color::Green)));
    }
    field(&mut out, t::from_field(lang), from_segs, w, 4, theme);

    let date = match &m.date {
        Some(d) => {
            let mut s = short_date(Some(d), false);
            if let Some(off) = d.get(19..).filter(|o| !o.is_empty()) {
                s.push_str(&format!(" ({})", inert(off, true)));
            }
            s
        }
        None => "?".into(),
    };
    field(&mut out, t::date(lang), vec![(date, plain)], w, 1, theme);

    let subject = inert(m.subject.as_deref().unwrap_or(""), true);
    let subject_re = in_field(&["subject", "text"]);
    field(
        &mut out,
        t::subject(lang),
        highlighted(&subject, &subject_re, theme.bold(), hl),
        w,
        3,
        theme,
    );
    field(
        &mut out,
        t::recipient(lang),
        vec![(inert(&recipient_detail(lang, item), true), plain)],
        w,
        2,
        theme,
    );
    let sender = a
        .extracted
        .sender
        .as_deref()
        .map_or_else(|| "–".to_string(), |s| inert(s, true));
    field(
        &mut out,
        t::sender(lang),
        vec![(sender, plain)],
        w,
        2,
        theme,
    );

    let (act, act_style) = action_cell(lang, item, theme);
    let mut suggestion = vec![(act, act_style.add_modifier(Modifier::BOLD))];
    if let Some(to) = a.suggestion.action.forward_to() {
        suggestion.push((format!(" → {}", inert(to, true)), plain));
    }
    suggestion.push((
        format!(
            "  ({} {})",
            t::rule_lower(lang),
            inert(&a.suggestion.rule, true)
        ),
        plain,
    ));
    field(&mut out, t::suggests(lang), suggestion, w, 2, theme);
    field(
        &mut out,
        t::reason(lang),
        vec![(inert(&crate::i18n::reason(lang, a), true), plain)],
        w,
        6,
        theme,
    );
    if !matched.is_empty() {
        let mut segs = Vec::new();
        for (i, x) in matched.iter().enumerate() {
            if i > 0 {
                segs.push(("; ".into(), plain));
            }
            segs.push((format!("{} ", t::field_name(lang, x.field)), plain));
            segs.push((inert(&x.text, true), hl));
        }
        field(&mut out, t::matched(lang), segs, w, 3, theme);
    }

    let title = t::body(lang);
    out.push(Line::styled(
        format!(
            "──{title}{}",
            "─".repeat(w.saturating_sub(width(title) + 2))
        ),
        theme.dim(),
    ));
    let body_re = in_field(&["body", "text"]);
    // A gateway's banner is shown dimmed above the notice, not mistaken for it.
    if let Some(banner) = a.banner_text() {
        let banner = inert(&banner.replace("\r\n", "\n"), false);
        for line in banner.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
            for segs in wrap_segments(&[(line.to_string(), theme.dim())], w) {
                out.push(to_line(segs));
            }
        }
        out.push(Line::raw(""));
    }
    let notice = a.notice();
    let mut body: String = notice.chars().take(MAX_BODY_CHARS).collect();
    let cut = body.len() < notice.len();
    body = body.replace("\r\n", "\n").replace('\t', "    ");
    let body = inert(&body, false);
    let mut blank = true;
    let mut n = 0;
    for raw in body.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            if !blank {
                out.push(Line::raw(""));
            }
            blank = true;
            continue;
        }
        blank = false;
        n += 1;
        if n > MAX_BODY_LINES {
            break;
        }
        for segs in wrap_segments(&highlighted(line, &body_re, plain, hl), w) {
            out.push(to_line(segs));
        }
    }
    if cut || n > MAX_BODY_LINES {
        out.push(Line::styled(t::text_cut(lang), theme.dim()));
    }
    out
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let focused = app.focus == Focus::Detail;
    let mut block = block(focused, theme);
    let Some(item) = app.selected() else {
        block = block.title(format!(" {} ", t::detail(lang)));
        frame.render_widget(block, area);
        return;
    };
    let inner = block.inner(area);
    let lines = detail_lines(app, item, inner.width as usize, theme);
    let rows = inner.height as usize;
    let max = lines.len().saturating_sub(rows);
    let scroll = app.detail_scroll.min(max);
    let mut title = format!(" {} ", t::detail(lang));
    if lines.len() > rows {
        title.push_str(&format!(
            "· {}–{} / {} ",
            scroll + 1,
            (scroll + rows).min(lines.len()),
            lines.len()
        ));
        if !focused {
            title.push_str(t::tab_scrolls(lang));
        }
    }
    block = block.title(Span::styled(
        title,
        if focused { theme.bold() } else { Style::new() },
    ));
    frame.render_widget(block, area);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
