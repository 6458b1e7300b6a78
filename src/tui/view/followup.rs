//! The follow-up screen (routine point 3): the open items, overdue first and marked
//! (a symbol and colour, so NO_COLOR keeps the mark), with age in working days, the
//! party to represent in Altinn (unit name and org number), the subject and the
//! checklist; under it the selected item's checklist in words, who did the last step
//! and when, and its Altinn address. Also the header's daily check and duty.

use super::super::app::{App, FollowupRow, Screen, follow};
use super::table;
use super::theme::Theme;
use crate::followup::Step;
use crate::i18n::Lang;
use crate::i18n::tui as t;
use crate::i18n::tui::followup as w;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row};

/// The mark of an overdue item (with colour where there is colour).
pub const OVERDUE_MARK: &str = "⚠";
const DONE_MARK: &str = "✓";
const TODO_MARK: &str = "○";

/// The steps a checklist shows (open is where it starts).
const CHECKLIST: [Step; 4] = [Step::Fetched, Step::Archived, Step::Distributed, Step::Done];

/// The table and the detail under it: the detail as high as the selected item's lines
/// (wrapped), at most half the body; the table the rest.
fn split(app: &App, area: Rect, theme: &Theme) -> (Rect, Rect) {
    let lines = app.followup.selected().map_or(0, |row| {
        super::text::wrap_lines(detail_lines(app.lang(), row, theme), area.width as usize).len()
    });
    let detail_h = (lines as u16 + 1).clamp(2, (area.height / 2).max(2));
    let [table, detail] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(detail_h)]).areas(area);
    (table, detail)
}

/// The rows of items the table holds (below its title and column heads).
pub(super) fn rows(app: &App, body: Rect, theme: &Theme) -> usize {
    split(app, body, theme).0.height.saturating_sub(2) as usize
}

/// The recipient of a notification as the queue shows it: the unit's name from the
/// register, the name in the notice, or — when the notice names only a number the
/// register does not know — that number said to be an unknown unit, never bare.
pub(super) fn recipient_text(lang: Lang, a: &crate::scan::Analysis) -> String {
    match (
        &a.unit,
        &a.extracted.recipient_name,
        a.extracted.recipient_org,
    ) {
        (None, None, Some(org)) => w::unknown_unit(lang, &org.to_string()),
        _ => a.recipient_label(false),
    }
}

/// `✓✓○○`: the checklist of an item at `step`.
fn marks(step: Step) -> String {
    CHECKLIST
        .iter()
        .map(|s| if *s <= step { DONE_MARK } else { TODO_MARK })
        .collect()
}

fn party_cell(row: &FollowupRow, w: usize) -> String {
    let p = &row.item.party;
    let name = inert(&p.name, true);
    match p.org {
        // the number whole when there is room for some of the name too
        Some(org) if w >= 11 + 1 + 8 => {
            let org = org.to_string();
            format!("{} {org}", fit(&name, w - org.len() - 1, false))
        }
        _ => fit(&name, w, false),
    }
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (table_area, detail_area) = split(app, area, theme);
    draw_table(frame, table_area, app, theme);
    draw_detail(frame, detail_area, app, theme);
}

fn draw_table(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let m = &app.followup;
    let mut title = w::table_title(lang, m.rows().len(), m.overdue_count());
    if !m.filter().is_empty() {
        title.push_str(&format!(
            "· {} {} ",
            t::filter(lang),
            t::quote(lang, &fit(&inert(m.filter(), true), 30, false))
        ));
    }
    if !m.visible().is_empty() {
        title.push_str(&table::position(m.cursor(), m.visible().len()));
    }
    let Some(inner) = table::block(frame, area, title, theme.bold(), Style::new()) else {
        return;
    };
    if m.visible().is_empty() {
        let text = if let Some(e) = &m.error {
            w::load_failed(lang, &inert(e, true))
        } else if !m.loaded {
            w::reading(lang).to_string()
        } else if !m.filter().is_empty() {
            w::no_match(lang).to_string()
        } else {
            w::empty(lang).to_string()
        };
        table::nothing_listed(frame, inner, &text);
        return;
    }

    let width_all = inner.width as usize;
    let shown = inner.height.saturating_sub(1) as usize;
    let offset = follow(m.offset, m.cursor(), m.visible().len(), shown);
    let window: Vec<&FollowupRow> = m.visible_rows().skip(offset).take(shown).collect();
    let head = [
        "",
        w::age(lang),
        w::party(lang),
        t::subject(lang),
        w::checklist(lang),
    ];
    let step_need = window
        .iter()
        .map(|r| 5 + width(w::step_short(lang, r.item.step)))
        .max()
        .unwrap_or(0)
        .max(width(head[4]));
    let age_w = window
        .iter()
        .map(|r| r.item.age_days.to_string().len() + 1)
        .max()
        .unwrap_or(0)
        .max(width(head[1]))
        .min(6);
    let avail = width_all.saturating_sub(1 + age_w + step_need + 4);
    let party_need = window
        .iter()
        .map(|r| width(&inert(&r.item.party.name, true)) + r.item.party.org.map_or(0, |_| 12))
        .max()
        .unwrap_or(0)
        .max(width(head[2]));
    let party_w = party_need.clamp(12.min(avail), (avail / 2).max(12.min(avail)));
    let subject_w = avail.saturating_sub(party_w).max(6);
    let widths = [1, age_w, party_w, subject_w, step_need];
    let rows: Vec<Row> = window
        .into_iter()
        .map(|r| {
            let i = &r.item;
            let working = m.working.as_deref() == Some(i.id.as_str());
            let late = if i.overdue {
                theme.suspicious()
            } else {
                Style::new()
            };
            let step_text = if working {
                w::recording(lang).to_string()
            } else {
                format!("{} {}", marks(i.step), w::step_short(lang, i.step))
            };
            Row::new(vec![
                Cell::from(Span::styled(
                    if i.overdue { OVERDUE_MARK } else { " " },
                    late,
                )),
                Cell::from(Span::styled(format!("{}d", i.age_days), late)),
                Cell::from(party_cell(r, party_w)),
                Cell::from(fit(&inert(&i.subject, true), subject_w, false)),
                Cell::from(Span::styled(
                    fit(&step_text, step_need, false),
                    step_style(i.step, theme),
                )),
            ])
        })
        .collect();
    let highlight = theme.selected().add_modifier(Modifier::BOLD);
    let list = table::table(head, widths, rows, highlight, theme);
    table::draw(frame, inner, list, m.cursor().saturating_sub(offset));
}

fn step_style(step: Step, theme: &Theme) -> Style {
    match step {
        Step::Open => Style::new(),
        Step::Fetched | Step::Archived => theme.fg(Color::Cyan),
        Step::Distributed | Step::Done => theme.fg(Color::Green),
    }
}

/// The selected item in words: party, arrival and age, the checklist, the last step.
pub fn detail_lines(lang: Lang, row: &FollowupRow, theme: &Theme) -> Vec<Line<'static>> {
    let i = &row.item;
    let mut party = inert(&i.party.name, true);
    if let Some(org) = i.party.org {
        party.push_str(&format!(" ({org})"));
    }
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}: ", w::party(lang)), theme.label()),
        Span::raw(party),
    ])];
    let mut when = vec![Span::styled(
        format!("{}: ", w::arrived(lang)),
        theme.label(),
    )];
    if let Some(a) = i.arrived {
        when.push(Span::raw(format!("{} · ", a.format("%Y-%m-%d"))));
    }
    when.push(Span::raw(w::working_days(lang, i.age_days)));
    if i.overdue {
        when.push(Span::styled(
            format!(" · {OVERDUE_MARK} {}", w::overdue(lang)),
            theme.suspicious(),
        ));
    }
    lines.push(Line::from(when));
    let mut list = Vec::new();
    for s in CHECKLIST {
        let done = s <= i.step;
        let to = (s == Step::Distributed)
            .then(|| i.distributed_to.as_deref().map(|t| inert(t, true)))
            .flatten();
        let text = format!(
            "{} {}  ",
            if done { DONE_MARK } else { TODO_MARK },
            w::step_line(lang, s, to.as_deref())
        );
        list.push(if done {
            Span::styled(text, step_style(s, theme))
        } else {
            Span::raw(text)
        });
    }
    lines.push(Line::from(list));
    lines.push(match (&i.last_by, i.last_at) {
        (Some(by), Some(at)) if i.step > Step::Open => Line::raw(w::last_step(
            lang,
            i.step,
            &inert(by, true),
            &at.format("%Y-%m-%d %H:%M").to_string(),
        )),
        _ => Line::styled(w::not_started(lang), theme.dim()),
    });
    match &row.altinn_url {
        Some(url) => lines.push(Line::from(vec![
            Span::styled("o ", theme.key()),
            Span::raw(inert(url, true)),
        ])),
        None => lines.push(Line::styled(w::no_org(lang), theme.dim())),
    }
    lines
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim())
        .title(Span::styled(format!(" {} ", t::detail(lang)), theme.dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(row) = app.followup.selected() else {
        return;
    };
    let wrapped = super::text::wrap_lines(detail_lines(lang, row, theme), inner.width as usize);
    frame.render_widget(Paragraph::new(wrapped), inner);
}

/// The header's daily check and duty once the shared records are read: `✓ sjekket
/// 08:12 ola · vakt kari`; `short` without the duty. `None` before they are read.
pub(super) fn header_check(app: &App, short: bool) -> Option<(String, bool)> {
    let lang = app.lang();
    let today = app.today.as_ref()?;
    let (mut text, done) = match &today.check {
        Some((by, at)) => (
            w::checked(lang, &at.format("%H:%M").to_string(), &inert(by, true)),
            true,
        ),
        None if app.daily_check => (t::daily_check_short(lang, true).to_string(), true),
        None if short => (t::daily_check_short(lang, false).to_string(), false),
        None => (t::daily_check_header(lang, false).to_string(), false),
    };
    if !short && let Some(d) = &today.on_duty {
        text.push_str(&format!(
            " · {}",
            w::on_duty(lang, &fit(&inert(d, true), 16, false))
        ));
    }
    Some((text, done))
}

/// The queue's reminder of today's daily check, a line under the header until some
/// clerk records it (on a working day, once the shared records are read).
pub(super) fn reminder(app: &App) -> Option<String> {
    let today = app.today.as_ref()?;
    if app.screen != Screen::Queue || !today.working_day || app.daily_check {
        return None;
    }
    Some(w::reminder(app.lang(), today.days_without_check))
}

/// The colour of the header's check.
pub(super) fn check_style(done: bool, theme: &Theme) -> Style {
    if done {
        theme.fg(Color::Green)
    } else {
        theme.notice()
    }
}
