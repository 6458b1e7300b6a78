//! Questions that need an explicit yes: applying several suggestions, acting on a
//! suspicious notification.

use super::super::super::app::{App, BatchPlan, Confirm};
use super::super::super::keys::Context;
use super::super::theme::Theme;
use super::{Popup, key_hint_line, popup};
use crate::config::Action;
use crate::i18n::tui as t;
use crate::i18n::{self, Lang};
use crate::text::{fit, inert};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

fn plan_lines(lang: Lang, plan: &BatchPlan, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(t::batch_question(lang, plan), theme.bold())];
    // what "all" means here: the marked ones, or the listed ones of how many
    lines.push(Line::raw(t::batch_scope(
        lang,
        plan,
        &fit(&inert(&plan.filter, true), 30, false),
    )));
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
        if matches!(a, Action::Forward(_)) {
            // where each forward goes
            for (to, n) in plan.forward_addresses() {
                lines.push(Line::raw(format!("      → {} ({n})", inert(to, true))));
            }
        }
    }
    lines.push(Line::raw(""));
    let mut stay = t::batch_left(lang, plan.suspicious, plan.skip);
    if plan.placeholder > 0 {
        stay.push_str(&t::batch_placeholders(lang, plan.placeholder));
    }
    lines.push(Line::raw(stay));
    lines
}

pub(in super::super) fn draw(frame: &mut Frame, area: Rect, app: &App, c: &Confirm, theme: &Theme) {
    let lang = app.lang();
    let (title, mut lines, style) = match c {
        Confirm::Batch(plan) => (
            t::confirm(lang),
            plan_lines(lang, plan, theme),
            theme.bold(),
        ),
        Confirm::Suspicious { id, action } => {
            let mut lines = vec![Line::styled(
                t::confirm_suspicious(lang),
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
                    t::from_label(lang),
                    fit(&inert(&a.from_display(), true), 60, false)
                )));
                for d in &a.doubts {
                    lines.push(Line::raw(format!(
                        "– {}",
                        inert(&i18n::doubt(lang, d), true)
                    )));
                }
            }
            lines.push(Line::raw(""));
            let question = t::suspicious_question(lang, action);
            lines.push(Line::styled(question, theme.bold()));
            (t::suspicious_heading(lang), lines, theme.suspicious())
        }
        Confirm::Fetch { id, folder, .. } => {
            let mut lines = Vec::new();
            if let Some(row) = app.followup.rows().iter().find(|r| r.item.id == *id) {
                lines.push(Line::raw(t::quote(
                    lang,
                    &fit(&inert(&row.item.subject, true), 60, false),
                )));
                lines.push(Line::raw(""));
            }
            let words = t::followup::fetch_question(lang, &fit(folder, 66, false));
            let last = words.len().saturating_sub(1);
            for (i, l) in words.into_iter().enumerate() {
                // the warning and the question stand out
                if i == last || l.contains("SEEN") || l.contains("SETT") {
                    lines.push(Line::styled(l, theme.bold()));
                } else {
                    lines.push(Line::raw(l));
                }
            }
            (t::followup::fetch_title(lang), lines, theme.bold())
        }
    };
    lines.push(Line::raw(""));
    // the buttons: No is where Enter goes until the clerk moves to Yes
    let button = |label: &str, focused: bool| {
        let style = if focused {
            theme
                .selected()
                .add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            ratatui::style::Style::new()
        };
        Span::styled(format!("[ {label} ]"), style)
    };
    lines.push(Line::from(vec![
        Span::raw("  "),
        button(t::no(lang), !app.yes_focused),
        Span::raw("   "),
        button(t::yes(lang), app.yes_focused),
    ]));
    lines.push(Line::raw(""));
    lines.push(key_hint_line(Context::Confirm, lang, theme));
    let p = Popup {
        title: title.into(),
        lines,
        max_w: 70,
        scroll: 0,
        title_style: style,
    };
    // on a small screen the blank lines go first, so the question and its buttons stay
    // in view
    let lines = if super::place(area, &p).max > 0 {
        p.lines
            .into_iter()
            .filter(|l| l.spans.iter().any(|s| !s.content.trim().is_empty()))
            .collect()
    } else {
        p.lines
    };
    popup(
        frame,
        area,
        Popup {
            title: p.title,
            lines,
            max_w: 70,
            scroll: 0,
            title_style: style,
        },
    );
}
