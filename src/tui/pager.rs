//! The full-screen message view's document: the notification's headers, its links with
//! their true targets, the whole body, or the raw source, as plain lines wrapped to a
//! width. Pure, so that `update` (paging, search) and the view (drawing) agree on what
//! line is where.

use super::wrap::{Needles, wrap_ranges};
use crate::i18n::Lang;
use crate::i18n::tui as t;
use crate::scan::Item;
use crate::text::inert;

/// What a line of the document is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Label: value`; `label` columns wide.
    Header {
        label: usize,
    },
    /// A section rule (`── Lenker ──`).
    Heading,
    Link,
    Body,
    /// A mail gateway's warning banner in the body: shown, dimmed, not the notice.
    Banner,
    /// The raw source.
    Raw,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub kind: Kind,
    pub text: String,
}

/// The most of a body or source the pager shows (a notification is a few KB).
const MAX_CHARS: usize = 500_000;

fn push_wrapped(out: &mut Vec<DocLine>, kind: Kind, text: &str, width: usize, indent: usize) {
    let w = width.saturating_sub(indent).max(10);
    for (i, r) in wrap_ranges(text, w).into_iter().enumerate() {
        let pad = if i == 0 { 0 } else { indent };
        out.push(DocLine {
            kind,
            text: format!("{}{}", " ".repeat(pad), &text[r]),
        });
    }
}

fn heading(out: &mut Vec<DocLine>, title: &str, width: usize) {
    let title = format!("── {title} ");
    let rest = width.saturating_sub(crate::text::width(&title));
    out.push(DocLine {
        kind: Kind::Heading,
        text: format!("{title}{}", "─".repeat(rest)),
    });
}

/// The document of `item` at `width` columns: headers, links, body; or, when `raw` is
/// given, the raw source.
pub fn document(lang: Lang, item: &Item, raw: Option<&str>, width: usize) -> Vec<DocLine> {
    let width = width.max(20);
    let a = &item.analysis;
    let m = &a.mail;
    let mut out = Vec::new();
    if let Some(raw) = raw {
        heading(&mut out, t::pager_source(lang), width);
        let text: String = raw.chars().take(MAX_CHARS).collect();
        for line in text.replace("\r\n", "\n").lines() {
            let line = inert(&line.replace('\t', "    "), true);
            if line.is_empty() {
                out.push(DocLine {
                    kind: Kind::Raw,
                    text: String::new(),
                });
            } else {
                push_wrapped(&mut out, Kind::Raw, &line, width, 2);
            }
        }
        return out;
    }
    let labels = t::pager_labels(lang);
    let label_w = labels
        .iter()
        .map(|l| crate::text::width(l))
        .max()
        .unwrap_or(0)
        + 2;
    let mut header = |label: &str, value: String| {
        let text = format!("{:<label_w$}{}", format!("{label}:"), inert(&value, true));
        push_wrapped(
            &mut out,
            Kind::Header { label: label_w },
            &text,
            width,
            label_w,
        );
    };
    header(labels[0], a.from_display());
    header(labels[1], m.to.join(", "));
    header(
        labels[2],
        m.date.as_deref().map_or_else(|| "?".into(), readable_date),
    );
    header(labels[3], m.subject.clone().unwrap_or_default());
    header(
        labels[4],
        m.message_id.clone().unwrap_or_else(|| "–".into()),
    );
    // Where each link really goes: through any gateway wrapper (Safe Links, Proofpoint)
    // to its target, with the verdict; never a link text.
    let followed: Vec<String> = a
        .links
        .iter()
        .chain(&a.attachment_links)
        .map(|f| crate::i18n::followed_link(lang, f))
        .collect();
    let links = if followed.is_empty() {
        &m.links
    } else {
        &followed
    };
    if !links.is_empty() {
        heading(&mut out, t::pager_links(lang, a.suspicious()), width);
        for (i, link) in links.iter().enumerate() {
            push_wrapped(
                &mut out,
                Kind::Link,
                &format!("{:>2}. {}", i + 1, inert(link, true)),
                width,
                4,
            );
        }
    }
    heading(&mut out, t::pager_body(lang), width);
    // A gateway's banner (Exchange Online's "EKSTERN AVSENDER: …") is shown dimmed, apart
    // from the notice.
    let (banner, notice) = match a.banner.clone() {
        Some(r) => (
            m.body.get(r.clone()).unwrap_or(""),
            format!(
                "{}{}",
                m.body.get(..r.start).unwrap_or(""),
                m.body.get(r.end..).unwrap_or("")
            ),
        ),
        None => ("", m.body.clone()),
    };
    for (kind, text) in [(Kind::Banner, banner), (Kind::Body, notice.as_str())] {
        let text: String = text.chars().take(MAX_CHARS).collect();
        let text = inert(&text.replace("\r\n", "\n").replace('\t', "    "), false);
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                out.push(DocLine {
                    kind,
                    text: String::new(),
                });
            } else {
                push_wrapped(&mut out, kind, line, width, 0);
            }
        }
    }
    out
}

/// `2026-11-23 07:45 (+01:00)` from RFC 3339.
fn readable_date(d: &str) -> String {
    match (d.get(..10), d.get(11..16), d.get(19..)) {
        (Some(day), Some(time), Some(off)) if !off.is_empty() => format!("{day} {time} ({off})"),
        (Some(day), Some(time), _) => format!("{day} {time}"),
        _ => d.to_string(),
    }
}

/// The lines of `doc` where `query` occurs (case-insensitive), in order.
pub fn hits(doc: &[DocLine], query: &str) -> Vec<usize> {
    let needles = Needles::new(std::iter::once(query));
    doc.iter()
        .enumerate()
        .filter(|(_, l)| !needles.find(&l.text).is_empty())
        .map(|(i, _)| i)
        .collect()
}
