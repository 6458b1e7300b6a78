//! Text from strangers made safe to print: control characters, escape sequences and
//! bidirectional overrides become visible, inert symbols; widths for aligned tables.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces every character that a terminal would interpret with a visible stand-in:
/// C0 controls become their Unicode "control picture" (ESC → ␛), DEL → ␡, C1 controls and
/// bidi overrides/isolates → �. Line breaks and tabs become spaces when `single_line`.
pub fn inert(s: &str, single_line: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' if !single_line => out.push(c),
            '\n' | '\t' | '\r' if single_line => out.push(' '),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, ending with '…' when cut, padded to `max` if `pad`.
pub fn fit(s: &str, max: usize, pad: bool) -> String {
    let mut out = String::new();
    let mut w = 0;
    let total = width(s);
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if total > max && w + cw + 1 > max {
            out.push('…');
            w += 1;
            break;
        }
        if w + cw > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if pad {
        out.extend(std::iter::repeat_n(' ', max.saturating_sub(w)));
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_inert() {
        let s = inert(
            "Hei\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}abc\r\nx",
            true,
        );
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert!(s.starts_with("Hei␛[2J␛]0;pwned␇"));
        assert_eq!(inert("a\nb", false), "a\nb");
    }

    #[test]
    fn fit_cuts_and_pads_by_columns() {
        assert_eq!(fit("Sandnes", 10, true), "Sandnes   ");
        assert_eq!(fit("Sandnes kommune", 10, false), "Sandnes k…");
        assert_eq!(width(&fit("日本語のテキスト", 7, false)), 7);
        assert_eq!(fit("abc", 3, true), "abc");
    }
}
