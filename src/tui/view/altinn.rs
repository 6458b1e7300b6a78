//! The Altinn screen (`3`): a summary line, the daily check's list in the routine's
//! order (sections with their headings), and a detail pane for the selected dialog or
//! notice. Text from Altinn and from mail is made inert.

use super::super::app::altinn::{CheckState, Entry, ListLine, section_of};
use super::super::app::{AltinnReport, App};
use super::short_date;
use super::text::{clip, wrap_lines};
use super::theme::Theme;
use crate::altinn::check::{Notice, Row};
use crate::i18n::tui::{self as t, AltinnWord as W};
use crate::text::{fit, inert};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The summary row, the list and the detail pane (with its rule on top).
fn areas(area: Rect) -> (Rect, Rect, Rect) {
    let detail_h = (area.height / 3).clamp(3, 7) + 1;
    let [summary, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(detail_h),
    ])
    .areas(area);
    (summary, list, detail)
}

/// The rows of the list in the screen's body `area`.
pub(super) fn rows(area: Rect) -> usize {
    areas(area).1.height as usize
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let m = &app.altinn;
    let w = area.width as usize;
    let (summary_area, list_area, detail_area) = areas(area);
    let Some(report) = m.report() else {
        // nothing to list: what stands in the way, in full
        let text = match &m.state {
            CheckState::Failed(e) => vec![
                Line::styled(
                    t::altinn_word(lang, W::CannotCheck).to_string(),
                    theme.status(super::super::app::StatusKind::Error),
                ),
                Line::raw(inert(e, true)),
            ],
            CheckState::Checking => vec![Line::raw(t::altinn_checking(lang))],
            _ => vec![Line::raw(t::altinn_word(lang, W::NotRun))],
        };
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), area);
        return;
    };
    // the summary: what the check found, when; "checking…" while it runs again
    let mut summary = t::altinn_summary(lang, &report.outcome.counts(), &report.at, report.demo);
    if m.checking() {
        summary = format!("{} · {summary}", t::altinn_checking(lang));
    }
    if !m.filter().is_empty() {
        // first: the clerk must see that the list is filtered
        summary = format!(
            "{} {} · {summary}",
            t::altinn_word(lang, W::Filter),
            t::quote(lang, &fit(&inert(m.filter(), true), 24, false))
        );
    }
    frame.render_widget(
        Paragraph::new(clip(Line::styled(summary, theme.bold()), w)),
        summary_area,
    );
    let lines = m.lines();
    let rows = list_area.height as usize;
    let short = w < 80;
    let shown: Vec<Line> = lines
        .iter()
        .skip(m.offset)
        .take(rows)
        .map(|l| match *l {
            ListLine::Heading(s, n) => clip(
                Line::styled(
                    t::altinn_section(lang, s, n, short),
                    if s == super::super::app::altinn::Section::WithoutNotice && n > 0 {
                        theme.notice()
                    } else {
                        theme.label()
                    },
                ),
                w,
            ),
            ListLine::Item(n, e) => {
                let line = entry_line(report, e, w, theme);
                if n == m.cursor() {
                    line.patch_style(theme.selected())
                } else {
                    line
                }
            }
        })
        .collect();
    if m.visible_len() == 0 {
        let word = if m.filter().is_empty() {
            W::Empty
        } else {
            W::NoMatch
        };
        let mut text = shown;
        text.push(Line::raw(t::altinn_word(lang, word)));
        frame.render_widget(Paragraph::new(text), list_area);
    } else {
        frame.render_widget(Paragraph::new(shown), list_area);
    }
    let block = Block::new().borders(Borders::TOP).border_style(theme.dim());
    let inner = block.inner(detail_area);
    frame.render_widget(block, detail_area);
    let detail = m
        .selected()
        .map(|e| detail_lines(report, e, lang, theme))
        .unwrap_or_default();
    let mut detail = wrap_lines(detail, inner.width as usize);
    detail.truncate(inner.height as usize);
    frame.render_widget(Paragraph::new(detail), inner);
}

/// `dd.mm HH:MM` of an RFC 3339 time (as the executor gave it, in local time).
fn when(t: &str) -> String {
    let s = short_date(Some(t), true);
    match (s.get(0..2), s.get(3..5), s.get(6..)) {
        (Some(m), Some(d), Some(rest)) if s.len() == 11 => format!("{d}.{m} {rest}"),
        _ => s,
    }
}

/// A notice file as `Folder/cur/name`: where it is, without the machine's own path.
fn notice_path(p: &std::path::Path) -> String {
    let parts: Vec<String> = p
        .iter()
        .rev()
        .take(3)
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    inert(&parts.into_iter().rev().collect::<Vec<_>>().join("/"), true)
}

fn org_shown(row: &Row) -> String {
    row.org
        .map_or_else(|| inert(&row.party, true), |o| o.to_string())
}

/// One list row: time, party, sender, title (the unseen in bold).
fn entry_line(report: &AltinnReport, e: Entry, w: usize, theme: &Theme) -> Line<'static> {
    let avail = w.saturating_sub(2 + 11 + 1);
    let party_w = (avail / 4).clamp(8, 26);
    let sender_w = (avail / 5).clamp(8, 22);
    let title_w = avail.saturating_sub(party_w + sender_w + 2).max(4);
    let cell = |s: &str, n: usize| fit(&inert(s, true), n, true);
    match e {
        Entry::Dialog(i) => {
            let r = &report.outcome.rows[i];
            let style = if r.seen {
                Style::new()
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            let party = if r.party_name.is_empty() {
                org_shown(r)
            } else {
                r.party_name.clone()
            };
            let text = format!(
                "  {} {} {} {}",
                fit(&when(&r.created_at), 11, true),
                cell(&party, party_w),
                cell(&r.sender, sender_w),
                cell(&r.title, title_w),
            );
            clip(Line::styled(text, style), w)
        }
        Entry::Notice(i) | Entry::OwnNotice(i) => {
            let n = notice(report, e, i);
            let time =
                n.ts.and_then(|ts| chrono::DateTime::from_timestamp(ts, 0))
                    .map_or_else(|| "?".into(), |d| d.format("%d.%m %H:%M").to_string());
            let org = n.org.map(|o| o.to_string()).unwrap_or_default();
            let text = format!(
                "  {} {} {} {}",
                fit(&time, 11, true),
                cell(&org, party_w),
                cell(n.sender.as_deref().unwrap_or(""), sender_w),
                cell(&n.subject, title_w),
            );
            clip(Line::styled(text, theme.dim()), w)
        }
    }
}

fn notice(report: &AltinnReport, e: Entry, i: usize) -> &Notice {
    match e {
        Entry::OwnNotice(_) => &report.outcome.own_mail_notices_without_dialog[i],
        _ => &report.outcome.notices_without_dialog[i],
    }
}

/// The selected entry in full: party and org number, sender, title, times, seen,
/// attachments, the notice (or that none came), the Arbeidsflate link.
fn detail_lines(
    report: &AltinnReport,
    e: Entry,
    lang: crate::i18n::Lang,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let label = |w: W| Span::styled(format!("{}: ", t::altinn_word(lang, w)), theme.label());
    let mut out = Vec::new();
    match e {
        Entry::Dialog(i) => {
            let r = &report.outcome.rows[i];
            out.push(Line::from(vec![
                label(W::Party),
                Span::raw(format!("{} {}", inert(&r.party_name, true), org_shown(r))),
            ]));
            out.push(Line::from(vec![
                label(W::Sender),
                Span::raw(inert(&r.sender, true)),
                Span::raw("  "),
                label(W::Title),
                Span::raw(t::quote(lang, &inert(&r.title, true))),
            ]));
            let mut facts = vec![label(W::Created), Span::raw(when(&r.created_at))];
            if r.updated_at != r.created_at && !r.updated_at.is_empty() {
                facts.push(Span::raw(format!(
                    ", {} {}",
                    t::altinn_word(lang, W::Updated),
                    when(&r.updated_at)
                )));
            }
            facts.push(Span::raw(" · "));
            facts.push(if r.seen {
                Span::raw(t::altinn_word(lang, W::Seen))
            } else {
                Span::styled(t::altinn_word(lang, W::Unseen), theme.bold())
            });
            facts.push(Span::raw(format!(
                " · {} {}",
                r.attachments,
                if r.attachments == 1 {
                    t::altinn_word(lang, W::Attachment)
                } else {
                    t::altinn_word(lang, W::Attachments)
                }
            )));
            out.push(Line::from(facts));
            let notice = match (&r.notice, section_of(r)) {
                (Some(p), _) => {
                    let subject = report.subjects.get(p).map_or("", String::as_str);
                    vec![
                        label(W::Notice),
                        Span::raw(format!(
                            "{} {}",
                            t::quote(lang, &inert(subject, true)),
                            notice_path(p)
                        )),
                    ]
                }
                (None, super::super::app::altinn::Section::Older) => {
                    vec![
                        label(W::Notice),
                        Span::raw(t::altinn_word(lang, W::NotMatched)),
                    ]
                }
                (None, super::super::app::altinn::Section::OwnMail) => {
                    vec![
                        label(W::Notice),
                        Span::raw(t::altinn_word(lang, W::OwnMail)),
                    ]
                }
                (None, _) => vec![
                    label(W::Notice),
                    Span::styled(t::altinn_word(lang, W::NoNotice), theme.notice()),
                ],
            };
            out.push(Line::from(notice));
            out.push(Line::styled(inert(&r.url, true), theme.dim()));
        }
        Entry::Notice(i) | Entry::OwnNotice(i) => {
            let n = notice(report, e, i);
            let what = if matches!(e, Entry::OwnNotice(_)) {
                W::OwnMail
            } else {
                W::NoticeWithoutDialog
            };
            out.push(Line::from(vec![
                label(W::Notice),
                Span::raw(t::quote(lang, &inert(&n.subject, true))),
            ]));
            out.push(Line::raw(t::altinn_word(lang, what)));
            let org = n.org.map(|o| o.to_string()).unwrap_or_default();
            out.push(Line::from(vec![
                label(W::Sender),
                Span::raw(format!(
                    "{}  {org}",
                    inert(n.sender.as_deref().unwrap_or(""), true)
                )),
            ]));
            out.push(Line::raw(notice_path(&n.path)));
        }
    }
    out
}
