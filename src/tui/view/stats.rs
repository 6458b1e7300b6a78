//! The statistics screen (`4`), the figures of `altinn-sweep stats` in four parts, top to
//! bottom: the summary (period, arrival → distributed, follow-ups, days without the
//! daily check), a bar chart of the notices per day by action (each bar labelled with
//! its action's letter, so the actions differ without colour too), a sparkline of all
//! notices per day, and the units with most notices. Parts that do not fit are scrolled
//! to (by part: a part is never cut in two or drawn over another).

use super::super::app::stats::{StatsState, WEEKS};
use super::super::app::{App, StatusKind};
use super::text::{clip, wrap_lines};
use super::theme::Theme;
use crate::config::Action;
use crate::i18n::{Lang, journal as words, tui as t};
use crate::journal::Act;
use crate::stats::{Day, Stats};
use crate::text::{fit, inert};
use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Sparkline, Wrap};

/// The actions of the chart, in the order of the bars in each day's group.
const ACTIONS: [(Act, Action); 4] = [
    (Act::Archive, Action::Archive),
    (Act::Delete, Action::Delete),
    (Act::Forward, Action::Forward(String::new())),
    (Act::Skip, Action::Skip),
];

/// Columns per day in the chart: one per action (four) and a gap.
const DAY_W: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Summary,
    Chart,
    Sparkline,
    Units,
}

const PARTS: [Part; 4] = [Part::Summary, Part::Chart, Part::Sparkline, Part::Units];

fn count(d: &Day, a: Act) -> usize {
    match a {
        Act::Archive => d.archive,
        Act::Delete => d.delete,
        Act::Forward => d.forward,
        _ => d.skip,
    }
}

/// The action's letter under its bars and in the legend.
fn letter(lang: Lang, a: Act) -> String {
    words::act(lang, a)
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default()
}

fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| "-".into(), |h| format!("{h:.1}"))
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.").to_string()
}

fn summary_lines(lang: Lang, s: &Stats, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let f = &s.followups;
    use crate::followup::Step;
    let steps = [Step::Open, Step::Fetched, Step::Archived, Step::Distributed]
        .into_iter()
        .filter_map(|step| {
            let n = *f.by_step.get(step.name())?;
            (n > 0).then(|| format!("{} {n}", words::step(lang, step)))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let days = s
        .days_without_check
        .iter()
        .map(|d| date(*d))
        .collect::<Vec<_>>()
        .join(" ");
    let d = &s.to_distributed;
    let lines = vec![
        Line::styled(
            t::stats_period(lang, &date(s.from), &date(s.to), WEEKS),
            theme.bold(),
        ),
        Line::raw(t::stats_durations(
            lang,
            d.count,
            &hours(d.median_hours),
            &hours(d.p90_hours),
        )),
        Line::raw(t::stats_followups(lang, f.open, f.overdue, &steps)),
        Line::styled(
            t::stats_no_check(lang, s.days_without_check.len(), &days),
            if s.days_without_check.is_empty() {
                ratatui::style::Style::new()
            } else {
                theme.notice()
            },
        ),
    ];
    wrap_lines(lines, w)
}

/// The days the chart shows in `w` columns: the latest that fit, leaving out weekend
/// days with nothing done.
fn chart_days(s: &Stats, w: usize) -> Vec<&Day> {
    let fit = (w + 1) / DAY_W;
    let days: Vec<&Day> = s
        .per_day
        .iter()
        .filter(|d| d.total() > 0 || d.date.weekday().number_from_monday() <= 5)
        .collect();
    days[days.len().saturating_sub(fit)..].to_vec()
}

fn legend(lang: Lang, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (act, action)) in ACTIONS.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(
            letter(lang, *act),
            theme.action(action).patch(theme.bold()),
        ));
        spans.push(Span::raw(format!(" {}", words::act(lang, *act))));
    }
    Line::from(spans)
}

/// The rows a part takes at `w` columns (the chart: `chart_h`).
fn height(part: Part, lang: Lang, s: &Stats, w: usize, chart_h: u16, theme: &Theme) -> u16 {
    match part {
        Part::Summary => summary_lines(lang, s, w, theme).len() as u16,
        Part::Chart => chart_h,
        Part::Sparkline => 3,
        Part::Units => 1 + (s.per_unit.len().max(1) as u16),
    }
}

/// The chart's height in a body of `h` rows under a summary of `summary_h` rows: what is
/// left, within 6 and 16 rows (title, legend, at least two rows of bars, their letters
/// and the dates).
fn chart_height(h: u16, summary_h: u16) -> u16 {
    h.saturating_sub(summary_h).clamp(6, 16)
}

/// How far the screen scrolls in `area`: the first part from which the rest fits.
pub(super) fn max_scroll(app: &App, area: Rect) -> usize {
    let Some(s) = app.stats.stats() else {
        return 0;
    };
    let theme = Theme::new(app.settings.color);
    let w = area.width as usize;
    let lang = app.lang();
    let summary_h = height(Part::Summary, lang, s, w, 0, &theme);
    let chart_h = chart_height(area.height, summary_h);
    let heights: Vec<u16> = PARTS
        .iter()
        .map(|p| height(*p, lang, s, w, chart_h, &theme))
        .collect();
    (0..PARTS.len())
        .find(|&first| heights[first..].iter().sum::<u16>() <= area.height)
        .unwrap_or(PARTS.len() - 1)
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let w = area.width as usize;
    let Some(s) = app.stats.stats() else {
        let text = match &app.stats.state {
            StatsState::Failed(e) => vec![
                Line::styled(t::stats_failed(lang), theme.status(StatusKind::Error)),
                Line::raw(inert(e, true)),
            ],
            _ => vec![Line::raw(t::stats_loading(lang))],
        };
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), area);
        return;
    };
    let summary_h = height(Part::Summary, lang, s, w, 0, theme);
    let chart_h = chart_height(area.height, summary_h);
    let first = app.stats.scroll.min(PARTS.len() - 1);
    let mut y = area.y;
    let bottom = area.y + area.height;
    for (i, part) in PARTS.iter().enumerate().skip(first) {
        let h = height(*part, lang, s, w, chart_h, theme);
        // a part that does not fit whole is left for scrolling (the first is clipped)
        if y + h > bottom && i != first {
            break;
        }
        let rect = Rect::new(area.x, y, area.width, h.min(bottom - y));
        match part {
            Part::Summary => {
                frame.render_widget(Paragraph::new(summary_lines(lang, s, w, theme)), rect)
            }
            Part::Chart => draw_chart(frame, rect, lang, s, theme),
            Part::Sparkline => draw_sparkline(frame, rect, lang, s, theme),
            Part::Units => draw_units(frame, rect, lang, s, theme),
        }
        y += h;
        if y >= bottom {
            break;
        }
    }
}

fn draw_chart(frame: &mut Frame, area: Rect, lang: Lang, s: &Stats, theme: &Theme) {
    let w = area.width as usize;
    let title = Line::styled(t::stats_chart_title(lang), theme.label());
    let head = vec![clip(title, w), clip(legend(lang, theme), w)];
    let head_h = head.len() as u16;
    frame.render_widget(
        Paragraph::new(head),
        Rect::new(area.x, area.y, area.width, head_h.min(area.height)),
    );
    let chart_area = Rect::new(
        area.x,
        area.y + head_h.min(area.height),
        area.width,
        area.height.saturating_sub(head_h),
    );
    let days = chart_days(s, w);
    if days.iter().all(|d| d.total() == 0) {
        frame.render_widget(Paragraph::new(t::stats_nothing(lang)), chart_area);
        return;
    }
    let mut chart = BarChart::default()
        .bar_width(1)
        .bar_gap(0)
        .group_gap(1)
        .label_style(theme.dim());
    for d in days {
        let bars: Vec<Bar> = ACTIONS
            .iter()
            .map(|(act, action)| {
                Bar::default()
                    .value(count(d, *act) as u64)
                    .text_value(String::new())
                    .label(Line::from(letter(lang, *act)))
                    .style(theme.action(action))
            })
            .collect();
        chart = chart.data(
            BarGroup::default()
                .label(Line::from(d.date.format("%d").to_string()))
                .bars(&bars),
        );
    }
    frame.render_widget(chart, chart_area);
}

fn draw_sparkline(frame: &mut Frame, area: Rect, lang: Lang, s: &Stats, theme: &Theme) {
    let totals: Vec<u64> = s.per_day.iter().map(|d| d.total() as u64).collect();
    let total: u64 = totals.iter().sum();
    let title = t::stats_sparkline_title(lang, total as usize, totals.len());
    frame.render_widget(
        Paragraph::new(clip(
            Line::styled(title, theme.label()),
            area.width as usize,
        )),
        Rect::new(area.x, area.y, area.width, 1),
    );
    if area.height > 1 {
        // each day one to three columns wide, as the screen allows; the latest days
        let per = (area.width as usize / totals.len().max(1)).clamp(1, 3);
        let days = (area.width as usize / per).min(totals.len());
        let data: Vec<u64> = totals[totals.len() - days..]
            .iter()
            .flat_map(|&n| std::iter::repeat_n(n, per))
            .collect();
        frame.render_widget(
            Sparkline::default().data(&data).style(theme.key()),
            Rect::new(area.x, area.y + 1, data.len() as u16, area.height - 1),
        );
    }
}

fn draw_units(frame: &mut Frame, area: Rect, lang: Lang, s: &Stats, theme: &Theme) {
    let w = area.width as usize;
    let mut lines = vec![Line::styled(t::stats_units_title(lang), theme.label())];
    let most = s.per_unit.first().map_or(1, |u| u.notices.max(1));
    let bar_w = (w / 5).clamp(4, 24);
    for u in &s.per_unit {
        let n = (u.notices * bar_w).div_ceil(most);
        let org = u
            .org
            .as_deref()
            .and_then(|o| o.parse::<crate::orgnr::OrgNr>().ok())
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        lines.push(clip(
            Line::from(vec![
                Span::raw(format!("{:>5} ", u.notices)),
                Span::styled(fit(&"█".repeat(n), bar_w, true), theme.key()),
                Span::raw(format!(" {}{org}", inert(&u.unit, true))),
            ]),
            w,
        ));
    }
    if s.per_unit.is_empty() {
        lines.push(Line::raw(t::stats_nothing(lang)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
