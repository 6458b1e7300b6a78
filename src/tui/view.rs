//! Drawing: the app state to widgets. No I/O, no clock, no environment: everything shown
//! comes from `App` (so every screen can be snapshot-tested on a `TestBackend`). Every
//! mail-derived string passes through `text::inert` and is cut or wrapped here to the
//! columns it gets, so hostile or broken text cannot move anything else on screen.

use super::app::{
    App, BatchPlan, Confirm, Focus, JournalPage, LineInput, Mode, ScanState, StatusKind,
};
use super::i18n as t;
use super::keys::{self, BINDINGS, Context};
use crate::config::Action;
use crate::i18n::{self as core, Lang};
use crate::scan::Item;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table};
use regex::{Regex, RegexBuilder};
use std::cell::Cell as StateCell;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Below this the screen shows only a request for a bigger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 14;
/// From this width the queue and the detail stand side by side.
const SIDE_BY_SIDE: u16 = 160;
/// The part of a body that is shown: more is not a notification.
const MAX_BODY_CHARS: usize = 20_000;
const MAX_BODY_LINES: usize = 400;

/// Styles, with colour or (NO_COLOR) with bold, reverse and underline only.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The style of a suggested action in the queue and header.
    pub fn action(&self, a: &Action) -> Style {
        match a {
            Action::Archive => self.fg(Color::Green),
            Action::Delete => self.fg(Color::Yellow),
            Action::Forward(_) => self.fg(Color::Magenta),
            Action::Skip => self.fg(Color::Blue),
        }
    }

    pub fn suspicious(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    fn highlight(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    fn label(&self) -> Style {
        self.bold()
    }

    fn notice(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    fn status(&self, kind: StatusKind) -> Style {
        match kind {
            StatusKind::Info => Style::new(),
            StatusKind::Ok => self.fg(Color::Green),
            StatusKind::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme::new(app.settings.color);
    let lang = app.lang();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = match lang {
            Lang::Nb => format!("Vinduet er for lite: minst {MIN_WIDTH} × {MIN_HEIGHT} tegn"),
            Lang::En => format!("The window is too small: at least {MIN_WIDTH} × {MIN_HEIGHT}"),
        };
        frame.render_widget(Paragraph::new(fit(&msg, area.width as usize, false)), area);
        return;
    }
    let header_h = 2 + u16::from(app.settings.notice.is_some());
    let [header, body, footer, status] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, header, app, &theme);
    let (queue, detail) = if body.width >= SIDE_BY_SIDE {
        let [q, d] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (q, d)
    } else {
        // at least two fifths for the queue; on a tall screen up to three fifths, as
        // far as there are items to show
        let min = (body.height * 2).div_ceil(5);
        let max = if body.height >= 30 {
            body.height * 3 / 5
        } else {
            min
        };
        let wanted = (app.visible.len() as u16).saturating_add(2);
        let q = wanted.clamp(min, max.max(min)).max(6).min(body.height);
        let [q, d] = Layout::vertical([Constraint::Length(q), Constraint::Min(0)]).areas(body);
        (q, d)
    };
    draw_queue(frame, queue, app, &theme);
    draw_detail(frame, detail, app, &theme);
    draw_footer(frame, footer, app, &theme);
    draw_status(frame, status, app, &theme);
    match &app.mode {
        Mode::Forward { id, input, error } => {
            draw_forward(frame, body, app, id, input, error.as_deref(), &theme)
        }
        Mode::Confirm(c) => draw_confirm(frame, body, app, c, &theme),
        Mode::Help { scroll } => draw_help(frame, body, app, *scroll, &theme),
        Mode::Journal { page, scroll } => draw_journal(frame, body, app, page, *scroll, &theme),
        Mode::Explain { id, scroll } => draw_explain(frame, body, app, id, *scroll, &theme),
        Mode::Normal | Mode::Filter(_) => {}
    }
}

// ---------------------------------------------------------------------------------------
// header

fn draw_header(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let s = &app.settings;
    let w = area.width as usize;
    let check = t::daily_check_header(lang, app.daily_check);
    let check_style = if app.daily_check {
        theme.fg(Color::Green)
    } else {
        theme.notice()
    };
    let clerk = inert(&s.clerk, true);
    let mut left = vec![
        Span::styled("altinn-sweep", theme.bold()),
        Span::raw(format!("  {}  {}", s.today, fit(&clerk, 20, false))),
    ];
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let room = w.saturating_sub(used + width(check) + 4);
    if room >= 10 {
        left.push(Span::raw(format!(
            "  {}",
            fit_left(&inert(&s.mailbox, true), room)
        )));
    }
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let gap = w.saturating_sub(used + width(check));
    left.push(Span::raw(" ".repeat(gap)));
    left.push(Span::styled(check, check_style));
    let line1 = Line::from(left);

    let c = &app.counts;
    let mut spans = vec![Span::raw(lang.pick("Venter: ", "Pending: "))];
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
            format!(
                "⚠ {} {}",
                lang.pick("mistenkelig", "suspicious"),
                t::count(lang, c.suspicious)
            ),
            theme.suspicious(),
        ));
    }
    if parts.is_empty() {
        parts.push(Span::raw(lang.pick("ingen", "none")));
    }
    if !app.marked.is_empty() {
        parts.push(Span::styled(
            format!(
                "{} {}",
                t::count(lang, app.marked.len()),
                lang.pick("merket", "marked")
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
    frame.render_widget(Paragraph::new(lines), area);
}

/// Cuts a line's spans to `max` columns.
fn clip(line: Line<'static>, max: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let w = width(&span.content);
        if used + w <= max {
            used += w;
            out.push(span);
        } else {
            let room = max.saturating_sub(used);
            if room > 0 {
                out.push(Span::styled(fit(&span.content, room, false), span.style));
            }
            break;
        }
    }
    Line::from(out)
}

/// Cuts `s` to `max` columns from the left: `…/Mail/INBOX`.
fn fit_left(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut w = 1;
    for c in s.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

// ---------------------------------------------------------------------------------------
// queue

/// `2026-11-25 08:14` (or `11-25 08:14` when `short`) from the RFC 3339 date, or `?`.
pub fn short_date(date: Option<&str>, short: bool) -> String {
    match date {
        Some(d) => match (d.get(..10), d.get(11..16), d.get(5..10)) {
            (Some(_), Some(time), Some(month_day)) if short => format!("{month_day} {time}"),
            (Some(day), Some(time), _) => format!("{day} {time}"),
            _ => "?".into(),
        },
        None => "?".into(),
    }
}

fn action_cell(lang: Lang, item: &Item, theme: &Theme) -> (String, Style) {
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

fn draw_queue(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let total = app.items.len() - app.skipped_count();
    let mut title = if app.filter.is_empty() {
        format!(" {} {} ", lang.pick("Kø", "Queue"), t::count(lang, total))
    } else {
        format!(
            " {} {} {} {} · {} {} ",
            lang.pick("Kø", "Queue"),
            t::count(lang, app.visible.len()),
            lang.pick("av", "of"),
            t::count(lang, total),
            lang.pick("søk", "filter"),
            t::quote(lang, &fit(&inert(&app.filter, true), 30, false)),
        )
    };
    if !app.skipped.is_empty() {
        title.push_str(&format!(
            "· {} {} ",
            app.skipped_count(),
            lang.pick("hoppet over", "skipped")
        ));
    }
    let focused = app.focus == Focus::Queue;
    let block = Block::new()
        .borders(Borders::TOP)
        .title(Span::styled(
            title,
            if focused { theme.bold() } else { Style::new() },
        ))
        .border_style(if focused { Style::new() } else { theme.dim() });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }

    if app.visible.is_empty() {
        let text = if !app.scanned {
            match &app.scan {
                ScanState::Failed(_) => lang.pick(
                    "Innboksen kunne ikke leses.",
                    "The inbox could not be read.",
                ),
                _ => lang.pick("Leser innboksen …", "Reading the inbox …"),
            }
        } else if !app.filter.is_empty() {
            lang.pick(
                "Ingen treff. Esc fjerner søket.",
                "Nothing matches. Esc clears the filter.",
            )
        } else {
            lang.pick(
                "Ingen ventende Altinn-varsler i innboksen. Husk den daglige sjekken av Altinn-innboksen (c).",
                "No pending Altinn notifications in the inbox. Remember the daily check of the Altinn inbox (c).",
            )
        };
        let lines: Vec<Line> = wrap_ranges(text, inner.width.saturating_sub(2) as usize)
            .into_iter()
            .map(|r| Line::raw(format!(" {}", &text[r])))
            .collect();
        let below = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        frame.render_widget(Paragraph::new(lines), below);
        return;
    }

    let w = inner.width as usize;
    let wide = w >= 100;
    let date_w = if wide { 16 } else { 11 };
    let recip_w = if w >= 120 {
        24
    } else if wide {
        20
    } else {
        14
    };
    let action_w = 13;
    let rule_w = if w >= 120 {
        22
    } else if wide {
        16
    } else {
        12
    };
    let fixed = 1 + date_w + recip_w + action_w + rule_w + 5;
    let subject_w = w.saturating_sub(fixed).max(8);
    let widths = [1, date_w, recip_w, subject_w, action_w, rule_w];

    let rows_h = inner.height.saturating_sub(1) as usize;
    app.hints.queue_rows.set(rows_h.max(1));
    let mut offset = app.hints.queue_offset.get();
    if app.cursor < offset {
        offset = app.cursor;
    } else if rows_h > 0 && app.cursor >= offset + rows_h {
        offset = app.cursor + 1 - rows_h;
    }
    offset = offset.min(app.visible.len().saturating_sub(rows_h));
    app.hints.queue_offset.set(offset);

    let head = [
        "",
        lang.pick("Dato", "Date"),
        lang.pick("Mottaker", "Recipient"),
        lang.pick("Emne", "Subject"),
        lang.pick("Forslag", "Suggestion"),
        lang.pick("Regel", "Rule"),
    ];
    let header = Row::new(
        head.iter()
            .zip(widths)
            .map(|(h, w)| Cell::from(fit(h, w, false))),
    )
    .style(theme.bold());

    let rows: Vec<Row> = app
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows_h)
        .map(|(pos, &i)| {
            let item = &app.items[i];
            let a = &item.analysis;
            let marked = app.marked.contains(&item.file.name.unique);
            let (action, action_style) = action_cell(lang, item, theme);
            let cells = vec![
                Cell::from(if marked { "●" } else { " " }),
                Cell::from(short_date(a.mail.date.as_deref(), !wide)),
                // the org number is in the detail; the column is narrow
                Cell::from(fit(&inert(&a.recipient_label(false), true), recip_w, false)),
                Cell::from(fit(
                    &inert(a.mail.subject.as_deref().unwrap_or(""), true),
                    subject_w,
                    false,
                )),
                Cell::from(Span::styled(fit(&action, action_w, false), action_style)),
                Cell::from(fit(&inert(&a.suggestion.rule, true), rule_w, false)),
            ];
            let mut row = Row::new(cells);
            if pos == app.cursor {
                let mut s = theme.selected();
                if app.focus == Focus::Queue {
                    s = s.add_modifier(Modifier::BOLD);
                }
                row = row.style(s);
            }
            row
        })
        .collect();
    let table = Table::new(rows, widths.map(|w| Constraint::Length(w as u16)))
        .header(header)
        .column_spacing(1);
    frame.render_widget(table, inner);
}

// ---------------------------------------------------------------------------------------
// detail

type Seg = (String, Style);

/// Breaks `text` into lines of at most `max` columns, at spaces where possible; returns
/// byte ranges (the spaces at breaks are dropped).
pub fn wrap_ranges(text: &str, max: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if max == 0 {
        out.push(0..text.len());
        return out;
    }
    let mut start = 0;
    let mut w = 0;
    let mut last_space: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let cw = c.width().unwrap_or(0);
        if c == ' ' && w + cw > max {
            out.push(start..i);
            start = i + 1;
            w = 0;
            last_space = None;
            continue;
        }
        while w > 0 && w + cw > max {
            match last_space.filter(|&s| s >= start) {
                Some(s) => {
                    out.push(start..s);
                    start = s + 1;
                    w = width(&text[start..i]);
                    last_space = None;
                }
                None => {
                    out.push(start..i);
                    start = i;
                    w = 0;
                }
            }
        }
        if c == ' ' {
            last_space = Some(i);
        }
        w += cw;
    }
    out.push(start..text.len());
    out
}

/// Wraps styled segments into lines of at most `max` columns.
fn wrap_segments(segs: &[Seg], max: usize) -> Vec<Vec<Seg>> {
    let mut text = String::new();
    let mut styles: Vec<(Range<usize>, Style)> = Vec::new();
    for (s, style) in segs {
        let start = text.len();
        text.push_str(s);
        styles.push((start..text.len(), *style));
    }
    wrap_ranges(&text, max)
        .into_iter()
        .map(|r| {
            styles
                .iter()
                .filter_map(|(sr, style)| {
                    let a = sr.start.max(r.start);
                    let b = sr.end.min(r.end);
                    (a < b).then(|| (text[a..b].to_string(), *style))
                })
                .collect()
        })
        .collect()
}

/// Splits `text` into segments, highlighting what `re` finds.
fn highlighted(text: &str, re: Option<&Regex>, base: Style, hl: Style) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut at = 0;
    if let Some(re) = re {
        for m in re.find_iter(text) {
            if m.start() > at {
                out.push((text[at..m.start()].to_string(), base));
            }
            if m.end() > m.start() {
                out.push((m.as_str().to_string(), hl));
            }
            at = m.end();
        }
    }
    if at < text.len() || out.is_empty() {
        out.push((text[at..].to_string(), base));
    }
    out
}

/// A regex finding any of the matched texts (case-insensitive, as the rules match).
fn match_regex<'a>(texts: impl Iterator<Item = &'a str>) -> Option<Regex> {
    let alts: Vec<String> = texts
        .filter(|t| !t.trim().is_empty())
        .map(|t| regex::escape(&inert(t, true)))
        .collect();
    if alts.is_empty() {
        return None;
    }
    RegexBuilder::new(&alts.join("|"))
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .ok()
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
                lang.pick("i varselet", "in the notification"),
                written.join(", ")
            ));
        }
    }
    s
}

fn field_name(lang: Lang, f: &str) -> String {
    match (lang, f) {
        (Lang::Nb, "subject") => "emne".into(),
        (Lang::Nb, "body") => "tekst".into(),
        (Lang::Nb, "text") => "emne/tekst".into(),
        (Lang::Nb, "from") => "fra".into(),
        (Lang::Nb, "recipient_org") => "mottakers org.nr.".into(),
        (Lang::Nb, "recipient_name") => "mottakers navn".into(),
        (Lang::En, "recipient_org") => "recipient org".into(),
        (Lang::En, "recipient_name") => "recipient name".into(),
        (_, other) => other.to_string(),
    }
}

/// The lines of the detail pane for `item`, wrapped to `w` columns.
pub fn detail_lines(app: &App, item: &Item, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let lang = app.lang();
    let a = &item.analysis;
    let m = &a.mail;
    let l = |nb, en| lang.pick(nb, en);
    let hl = theme.highlight();
    let plain = Style::new();
    let matched = &a.suggestion.matched;
    let in_field = |fields: &[&str]| {
        match_regex(
            matched
                .iter()
                .filter(|x| fields.contains(&x.field))
                .map(|x| x.text.as_str()),
        )
    };
    let mut out = Vec::new();

    let from = inert(&a.from_display(), true);
    let mut from_segs = highlighted(&from, in_field(&["from"]).as_ref(), plain, hl);
    if a.suspicious() {
        from_segs.push(("  ".into(), plain));
        from_segs.push((t::suspicious_tag(lang).into(), theme.suspicious()));
        from_segs.push((": ".into(), theme.suspicious()));
        let doubts = a
            .doubts
            .iter()
            .map(|d| inert(&core::doubt(lang, d), true))
            .collect::<Vec<_>>()
            .join("; ");
        from_segs.push((doubts, theme.suspicious()));
    } else {
        from_segs.push(("  ".into(), plain));
        from_segs.push((
            l(
                "✓ ekte (klarert avsender og lenker)",
                "✓ genuine (trusted sender and links)",
            )
            .into(),
            theme.fg(Color::Green),
        ));
    }
    field(&mut out, l("Fra", "From"), from_segs, w, 4, theme);

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
    field(
        &mut out,
        l("Dato", "Date"),
        vec![(date, plain)],
        w,
        1,
        theme,
    );

    let subject = inert(m.subject.as_deref().unwrap_or(""), true);
    let subject_re = in_field(&["subject", "text"]);
    field(
        &mut out,
        l("Emne", "Subject"),
        highlighted(&subject, subject_re.as_ref(), theme.bold(), hl),
        w,
        3,
        theme,
    );
    field(
        &mut out,
        l("Mottaker", "Recipient"),
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
        l("Avsender", "Sender"),
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
            l("regel", "rule"),
            inert(&a.suggestion.rule, true)
        ),
        plain,
    ));
    field(&mut out, l("Forslag", "Suggests"), suggestion, w, 2, theme);
    field(
        &mut out,
        l("Grunn", "Reason"),
        vec![(inert(&core::reason(lang, a), true), plain)],
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
            segs.push((format!("{} ", field_name(lang, x.field)), plain));
            segs.push((inert(&x.text, true), hl));
        }
        field(&mut out, l("Treff", "Matched"), segs, w, 3, theme);
    }

    let title = l(" Tekst ", " Body ");
    out.push(Line::styled(
        format!(
            "──{title}{}",
            "─".repeat(w.saturating_sub(width(title) + 2))
        ),
        theme.dim(),
    ));
    let body_re = in_field(&["body", "text"]);
    let mut body: String = m.body.chars().take(MAX_BODY_CHARS).collect();
    let cut = body.len() < m.body.len();
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
        for segs in wrap_segments(&highlighted(line, body_re.as_ref(), plain, hl), w) {
            out.push(Line::from(
                segs.into_iter()
                    .map(|(s, st)| Span::styled(s, st))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    if cut || n > MAX_BODY_LINES {
        out.push(Line::styled(
            l(
                "(… resten av teksten vises ikke)",
                "(… the rest of the text is not shown)",
            ),
            theme.dim(),
        ));
    }
    out
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let focused = app.focus == Focus::Detail;
    let mut block = Block::new().borders(Borders::TOP).border_style(if focused {
        Style::new()
    } else {
        theme.dim()
    });
    let Some(item) = app.selected() else {
        block = block.title(format!(" {} ", lang.pick("Detaljer", "Detail")));
        frame.render_widget(block, area);
        app.hints.detail_lines.set(0);
        return;
    };
    let inner = block.inner(area);
    let lines = detail_lines(app, item, inner.width as usize, theme);
    let rows = inner.height as usize;
    app.hints.detail_rows.set(rows);
    app.hints.detail_lines.set(lines.len());
    let max = lines.len().saturating_sub(rows);
    let scroll = app.detail_scroll.min(max);
    let mut title = format!(" {} ", lang.pick("Detaljer", "Detail"));
    if lines.len() > rows {
        title.push_str(&format!(
            "· {}–{} / {} ",
            scroll + 1,
            (scroll + rows).min(lines.len()),
            lines.len()
        ));
        if !focused {
            title.push_str(lang.pick("(Tab ruller) ", "(Tab scrolls) "));
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

// ---------------------------------------------------------------------------------------
// footer and status line

fn draw_footer(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let context = Context::of(&app.mode);
    let hints = keys::hints(context, lang);
    let w = area.width as usize;
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

/// The visible part of a text field and where the cursor is in it.
fn input_view(input: &LineInput, max: usize) -> (String, usize) {
    let chars: Vec<char> = input.text.chars().collect();
    let cw = |c: &char| c.width().unwrap_or(0);
    let mut start = 0;
    while start < input.cursor
        && chars[start..input.cursor].iter().map(cw).sum::<usize>() >= max.max(1)
    {
        start += 1;
    }
    let mut shown = String::new();
    let mut used = 0;
    for c in &chars[start..] {
        if used + cw(c) > max.saturating_sub(1) {
            break;
        }
        used += cw(c);
        shown.push(*c);
    }
    let x = chars[start..input.cursor].iter().map(cw).sum();
    (inert(&shown, true), x)
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let w = area.width as usize;
    if let Mode::Filter(input) = &app.mode {
        let label = format!("{}: ", lang.pick("Søk", "Filter"));
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

// ---------------------------------------------------------------------------------------
// popups

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
struct Popup<'a> {
    title: &'a str,
    lines: Vec<Line<'static>>,
    max_w: u16,
    scroll: usize,
    title_style: Style,
}

/// Draws a popup, its lines wrapped and scrolled; returns its inner area and tells
/// `max_out` how far it can scroll.
fn popup(frame: &mut Frame, area: Rect, p: Popup, max_out: &StateCell<usize>) -> Rect {
    let Popup {
        title,
        lines,
        max_w,
        scroll,
        title_style,
    } = p;
    let w = max_w.min(area.width.saturating_sub(2)).max(20);
    let inner_w = w.saturating_sub(4) as usize;
    let mut wrapped: Vec<Line<'static>> = Vec::new();
    for line in lines {
        let segs: Vec<Seg> = line
            .spans
            .iter()
            .map(|s| (s.content.to_string(), s.style))
            .collect();
        if segs.iter().all(|(s, _)| s.is_empty()) {
            wrapped.push(Line::raw(""));
            continue;
        }
        for segs in wrap_segments(&segs, inner_w) {
            wrapped.push(Line::from(
                segs.into_iter()
                    .map(|(s, st)| Span::styled(s, st))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    let h = (wrapped.len() as u16 + 2).min(area.height);
    let rect = centered(area, w, h);
    frame.render_widget(Clear, rect);
    let rows = rect.height.saturating_sub(2) as usize;
    let max = wrapped.len().saturating_sub(rows);
    let scroll = scroll.min(max);
    max_out.set(max);
    let mut title = format!(" {title} ");
    if max > 0 {
        title.push_str(&format!(
            "· {}–{} / {} ",
            scroll + 1,
            scroll + rows,
            wrapped.len()
        ));
    }
    let block = Block::bordered().title(Span::styled(title, title_style));
    let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, rect);
    let shown: Vec<Line> = wrapped.into_iter().skip(scroll).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
    inner
}

fn key_hint_line(context: Context, lang: Lang, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (k, word) in keys::hints(context, lang) {
        spans.push(Span::styled(k, theme.key()));
        spans.push(Span::raw(format!(" {word}   ")));
    }
    Line::from(spans)
}

/// The forward prompt's width.
const FORWARD_W: u16 = 72;

fn draw_forward(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    id: &str,
    input: &LineInput,
    error: Option<&str>,
    theme: &Theme,
) {
    let lang = app.lang();
    let l = |nb, en| lang.pick(nb, en);
    // Lines above the text field are cut, never wrapped, so that its row is known.
    let inner_w = (FORWARD_W.min(area.width.saturating_sub(2)).max(20) - 4) as usize;
    let mut lines = Vec::new();
    if let Some(item) = app.item_by_id(id) {
        let subject = inert(item.analysis.mail.subject.as_deref().unwrap_or(""), true);
        lines.push(Line::from(vec![
            Span::styled(fit(l("Emne:", "Subject:"), 10, true), theme.label()),
            Span::raw(fit(&subject, inner_w.saturating_sub(10), false)),
        ]));
        if item.analysis.suspicious() {
            lines.push(Line::styled(
                fit(
                    l(
                        "⚠ MISTENKELIG: du blir spurt igjen før noe sendes",
                        "⚠ SUSPICIOUS: you will be asked again before anything is sent",
                    ),
                    inner_w,
                    false,
                ),
                theme.suspicious(),
            ));
        }
    }
    lines.push(Line::raw(""));
    let input_row = lines.len();
    lines.push(Line::raw(""));
    lines.push(Line::raw(""));
    if let Some(e) = error {
        lines.push(Line::styled(
            inert(e, true),
            theme.status(StatusKind::Error),
        ));
        lines.push(Line::raw(""));
    }
    if app.settings.notice.is_some() {
        lines.push(Line::styled(
            l(
                "Videresendingen skrives til Outbox, ingenting sendes.",
                "The forward is written to Outbox, nothing is sent.",
            ),
            theme.notice(),
        ));
    }
    lines.push(key_hint_line(Context::Prompt, lang, theme));
    let inner = popup(
        frame,
        area,
        Popup {
            title: l("Videresend", "Forward"),
            lines,
            max_w: FORWARD_W,
            scroll: 0,
            title_style: theme.bold(),
        },
        &app.hints.overlay_max,
    );
    // the text field, drawn over its reserved row
    let label = format!("{} ", l("Til:", "To:"));
    let y = inner.y + input_row as u16;
    if y < inner.y + inner.height {
        let field_w = (inner.width as usize).saturating_sub(width(&label));
        let (shown, x) = input_view(input, field_w);
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label.clone(), theme.label()),
                Span::styled(
                    fit(&shown, field_w, true),
                    Style::new().add_modifier(Modifier::UNDERLINED),
                ),
            ])),
            row,
        );
        frame.set_cursor_position((inner.x + (width(&label) + x) as u16, y));
    }
}

fn plan_lines(lang: Lang, plan: &BatchPlan, theme: &Theme) -> Vec<Line<'static>> {
    let n = plan.actions.len();
    let mut lines = vec![Line::styled(
        match (lang, plan.marked) {
            (Lang::Nb, true) => format!("Utføre forslagene for de {n} merkede varslene?"),
            (Lang::Nb, false) => format!("Utføre forslagene for {n} varsler i køen?"),
            (Lang::En, true) => format!("Apply the suggestions of the {n} marked notifications?"),
            (Lang::En, false) => {
                format!("Apply the suggestions of {n} notifications in the queue?")
            }
        },
        theme.bold(),
    )];
    lines.push(Line::raw(""));
    for (a, count) in [
        (Action::Archive, plan.archive),
        (Action::Delete, plan.delete),
        (Action::Forward(String::new()), plan.forward),
    ] {
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(fit(t::action(lang, &a), 14, true), theme.action(&a)),
            Span::raw(format!("{count:>5}")),
        ]));
    }
    lines.push(Line::raw(""));
    let mut stay = match lang {
        Lang::Nb => format!(
            "Blir liggende i innboksen: {} mistenkelige, {} hopp over",
            plan.suspicious, plan.skip
        ),
        Lang::En => format!(
            "Left in the inbox: {} suspicious, {} skip",
            plan.suspicious, plan.skip
        ),
    };
    if plan.placeholder > 0 {
        stay.push_str(&match lang {
            Lang::Nb => format!(
                ", {} videresending(er) uten riktig adresse",
                plan.placeholder
            ),
            Lang::En => format!(", {} forward(s) without a real address", plan.placeholder),
        });
    }
    lines.push(Line::raw(stay));
    lines
}

fn draw_confirm(frame: &mut Frame, area: Rect, app: &App, c: &Confirm, theme: &Theme) {
    let lang = app.lang();
    let l = |nb, en| lang.pick(nb, en);
    let (title, mut lines, style) = match c {
        Confirm::Batch(plan) => (
            l("Bekreft", "Confirm"),
            plan_lines(lang, plan, theme),
            theme.bold(),
        ),
        Confirm::Suspicious { id, action } => {
            let mut lines = vec![Line::styled(
                l(
                    "⚠ Dette varselet er MISTENKELIG",
                    "⚠ This notification is SUSPICIOUS",
                ),
                theme.suspicious(),
            )];
            if let Some(item) = app.item_by_id(id) {
                let a = &item.analysis;
                lines.push(Line::raw(t::quote(
                    lang,
                    &fit(
                        &inert(a.mail.subject.as_deref().unwrap_or(""), true),
                        60,
                        false,
                    ),
                )));
                lines.push(Line::raw(format!(
                    "{} {}",
                    l("Fra:", "From:"),
                    fit(&inert(&a.from_display(), true), 60, false)
                )));
                for d in &a.doubts {
                    lines.push(Line::raw(format!(
                        "– {}",
                        inert(&core::doubt(lang, d), true)
                    )));
                }
            }
            lines.push(Line::raw(""));
            let question = match (lang, action) {
                (Lang::Nb, Action::Forward(to)) => {
                    format!("Vil du likevel videresende det til {}?", inert(to, true))
                }
                (Lang::En, Action::Forward(to)) => {
                    format!("Forward it to {} anyway?", inert(to, true))
                }
                (Lang::Nb, _) => "Vil du likevel arkivere det?".into(),
                (Lang::En, _) => "Archive it anyway?".into(),
            };
            lines.push(Line::styled(question, theme.bold()));
            (l("Mistenkelig", "Suspicious"), lines, theme.suspicious())
        }
    };
    lines.push(Line::raw(""));
    lines.push(key_hint_line(Context::Confirm, lang, theme));
    popup(
        frame,
        area,
        Popup {
            title,
            lines,
            max_w: 70,
            scroll: 0,
            title_style: style,
        },
        &app.hints.overlay_max,
    );
}

/// The help text: the key table, grouped by context.
pub fn help_lines(lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::raw(lang.pick(
            "Forslagene kommer fra reglene i oppsettet (altinn-sweep config path). ⚠ = mistenkelig: ikke klikk på lenker, sjekk Altinn-innboksen direkte.",
            "Suggestions come from the rules in the configuration (altinn-sweep config path). ⚠ = suspicious: do not click links, check the Altinn inbox directly.",
        )),
    ];
    for context in [
        Context::Queue,
        Context::Prompt,
        Context::Confirm,
        Context::Overlay,
        Context::Global,
    ] {
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

fn draw_help(frame: &mut Frame, area: Rect, app: &App, scroll: usize, theme: &Theme) {
    let lang = app.lang();
    popup(
        frame,
        area,
        Popup {
            title: lang.pick("Hjelp: taster", "Help: keys"),
            lines: help_lines(lang, theme),
            max_w: 84,
            scroll,
            title_style: theme.bold(),
        },
        &app.hints.overlay_max,
    );
}

fn draw_journal(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    page: &JournalPage,
    scroll: usize,
    theme: &Theme,
) {
    let lang = app.lang();
    let max_out = &app.hints.overlay_max;
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
    popup(
        frame,
        area,
        Popup {
            title: &title,
            lines: body,
            max_w: area.width,
            scroll,
            title_style: theme.bold(),
        },
        max_out,
    );
}

fn draw_explain(frame: &mut Frame, area: Rect, app: &App, id: &str, scroll: usize, theme: &Theme) {
    let lang = app.lang();
    let l = |nb, en| lang.pick(nb, en);
    let mut lines = Vec::new();
    if let Some(item) = app.item_by_id(id) {
        let a = &item.analysis;
        lines.push(Line::styled(
            inert(a.mail.subject.as_deref().unwrap_or(""), true),
            theme.bold(),
        ));
        lines.push(Line::raw(format!(
            "{} {}",
            l("Fra:", "From:"),
            inert(&a.from_display(), true)
        )));
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            l(
                "Det ser ut som et Altinn-varsel, men:",
                "It looks like an Altinn notification, but:",
            ),
            theme.suspicious(),
        ));
        for d in &a.doubts {
            lines.push(Line::raw(format!(
                "– {}",
                inert(&core::doubt(lang, d), true)
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(l(
        "Ikke klikk på lenker i e-posten. Logg inn i Altinn selv (altinn.no) og sjekk innboksen der. Enter gjør derfor ingenting med dette varselet: slett det (d) eller la det ligge (s). Arkivering og videresending krever en ekstra bekreftelse.",
        "Do not click links in the email. Log in to Altinn yourself (altinn.no) and check the inbox there. That is why Enter does nothing with this notification: delete it (d) or leave it (s). Archiving and forwarding ask for an extra confirmation.",
    )));
    lines.push(Line::raw(""));
    lines.push(key_hint_line(Context::Overlay, lang, theme));
    popup(
        frame,
        area,
        Popup {
            title: l("⚠ Mistenkelig", "⚠ Suspicious"),
            lines,
            max_w: 76,
            scroll,
            title_style: theme.suspicious(),
        },
        &app.hints.overlay_max,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_cuts_long_words() {
        let text = "Du har mottatt en melding";
        let lines: Vec<&str> = wrap_ranges(text, 10)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(lines, ["Du har", "mottatt en", "melding"]);
        let long = "abcdefghijklmnopqrstuvwxyz";
        let lines: Vec<&str> = wrap_ranges(long, 10)
            .into_iter()
            .map(|r| &long[r])
            .collect();
        assert_eq!(lines, ["abcdefghij", "klmnopqrst", "uvwxyz"]);
        let wide = "日本語のテキスト";
        for r in wrap_ranges(wide, 5) {
            assert!(width(&wide[r]) <= 5);
        }
        assert_eq!(wrap_ranges("", 5), vec![0..0]);
    }

    #[test]
    fn segments_keep_their_styles_across_breaks() {
        let hl = Style::new().add_modifier(Modifier::BOLD);
        let segs = vec![
            ("Ny ".to_string(), Style::new()),
            ("sykmelding for".to_string(), hl),
        ];
        let lines = wrap_segments(&segs, 10);
        assert_eq!(
            lines,
            vec![
                vec![("Ny".to_string(), Style::new())],
                vec![("sykmelding".to_string(), hl)],
                vec![("for".to_string(), hl)],
            ]
        );
    }

    #[test]
    fn text_is_cut_from_the_left() {
        assert_eq!(fit_left("/home/kari/Mail/INBOX", 12), "…/Mail/INBOX");
        assert_eq!(fit_left("INBOX", 12), "INBOX");
    }

    #[test]
    fn highlights_are_case_insensitive() {
        let re = match_regex(["SYKMELDING"].into_iter());
        let segs = highlighted(
            "Ny sykmelding",
            re.as_ref(),
            Style::new(),
            Style::new().bold(),
        );
        assert_eq!(segs[1].0, "sykmelding");
    }
}
