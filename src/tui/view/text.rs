//! Text helpers of the view: wrapping (textwrap's first-fit over styled segments),
//! cutting lines to a width, case-insensitive highlighting, the visible part of a text
//! field.

use super::super::app::LineInput;
pub use super::super::wrap::{Needles, wrap_ranges};
use crate::text::{fit, inert, width};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// A piece of text with its style.
pub type Seg = (String, Style);

/// Wraps styled segments into lines of at most `max` columns.
pub fn wrap_segments(segs: &[Seg], max: usize) -> Vec<Vec<Seg>> {
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

/// Wraps styled lines to `max` columns (empty lines stay).
pub fn wrap_lines(lines: Vec<Line<'static>>, max: usize) -> Vec<Line<'static>> {
    let mut wrapped = Vec::new();
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
        for segs in wrap_segments(&segs, max) {
            wrapped.push(to_line(segs));
        }
    }
    wrapped
}

pub fn to_line(segs: Vec<Seg>) -> Line<'static> {
    Line::from(
        segs.into_iter()
            .map(|(s, st)| Span::styled(s, st))
            .collect::<Vec<_>>(),
    )
}

/// Splits `text` into segments, highlighting what `needles` find.
pub fn highlighted(text: &str, needles: &Needles, base: Style, hl: Style) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in needles.find(text) {
        if r.start > at {
            out.push((text[at..r.start].to_string(), base));
        }
        out.push((text[r.clone()].to_string(), hl));
        at = r.end;
    }
    if at < text.len() || out.is_empty() {
        out.push((text[at..].to_string(), base));
    }
    out
}

/// Cuts a line's spans to `max` columns.
pub fn clip(line: Line<'static>, max: usize) -> Line<'static> {
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
pub fn fit_left(s: &str, max: usize) -> String {
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

/// The visible part of a text field and where the cursor is in it.
pub fn input_view(input: &LineInput, max: usize) -> (String, usize) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

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
        assert_eq!(
            wrap_ranges("", 5),
            std::iter::once(0..0).collect::<Vec<_>>()
        );
        let indented = "    Tab back";
        assert_eq!(&indented[wrap_ranges(indented, 40)[0].clone()], indented);
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
    fn highlights_are_case_insensitive_and_leftmost_first() {
        let needles = Needles::new(["SYKMELDING"].into_iter());
        let segs = highlighted("Ny sykmelding", &needles, Style::new(), Style::new().bold());
        assert_eq!(segs[1].0, "sykmelding");
        let needles = Needles::new(["ny", "ny melding", "Ø"].into_iter());
        assert_eq!(needles.find("En NY melding før"), vec![3..5, 15..17]);
        assert!(Needles::new([" "].into_iter()).find("a b").is_empty());
    }
}
