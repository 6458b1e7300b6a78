//! Text from strangers made safe to print: control characters, escape sequences and
//! bidirectional overrides become visible, inert symbols; widths for aligned tables; white
//! space collapsed the one way the tool reads header fields and notices.

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

/// Collapses every run of white space (Unicode's White_Space, as `char::is_whitespace`:
/// line breaks, tabs, no-break spaces) into one space, with none at either end. The same
/// text as `split_whitespace` joined with spaces, in one allocation and one pass over the
/// bytes: a header field and a notice's text are read this way for every notification.
pub fn collapse_whitespace(s: &str) -> String {
    /// The bytes that can start a white-space character: ASCII's six, and the four lead
    /// bytes of the others (U+0085, U+00A0; U+1680; U+2000–U+205F; U+3000).
    const MAY_START: [bool; 256] = {
        let mut t = [false; 256];
        let mut k = 0;
        let starts = [
            b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ', 0xc2, 0xe1, 0xe2, 0xe3,
        ];
        while k < starts.len() {
            t[starts[k] as usize] = true;
            k += 1;
        }
        t
    };
    let bytes = s.as_bytes();
    // The length of the white-space character at `i`, 0 when there is none.
    let space_at = |i: usize| match bytes[i] {
        b if !MAY_START[b as usize] => 0,
        b if b.is_ascii() => 1, // one of ASCII's six
        _ => s[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
    };
    let skip_spaces = |mut i: usize| {
        while i < bytes.len() {
            match space_at(i) {
                0 => break,
                n => i += n,
            }
        }
        i
    };
    let mut out = String::with_capacity(s.len());
    // Text is copied in spans: a single plain space between words stays in its span.
    let mut span = skip_spaces(0);
    let mut i = span;
    while i < bytes.len() {
        if !MAY_START[bytes[i] as usize] {
            i += 1;
            continue;
        }
        let n = space_at(i);
        if n == 0 {
            i += 1;
            continue;
        }
        let end = skip_spaces(i + n);
        if end == bytes.len() {
            break; // white space at the end goes
        }
        if bytes[i] == b' ' && end == i + 1 {
            i = end;
            continue;
        }
        out.push_str(&s[span..i]);
        out.push(' ');
        span = end;
        i = end;
    }
    out.push_str(&s[span..i]);
    out
}

/// `s.to_lowercase()`, the same text, faster on text that is mostly ASCII with some
/// letters that are not (Norwegian): ASCII bytes are lowered as bytes, only the other
/// characters go through Unicode's tables. A text with a capital sigma takes the standard
/// library's way, which lowers it by its place in the word.
pub fn lowercase(s: &str) -> String {
    if s.contains('\u{3a3}') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        // the ASCII run, in one go
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            let start = out.len();
            out.push_str(&rest[..ascii]);
            // lowering ASCII letters in place keeps the text valid UTF-8
            out[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
            continue;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_lowercase());
        }
        rest = chars.as_str();
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
    fn lowercase_is_the_standard_librarys() {
        let cases = [
            "",
            "ABC def",
            "Påminnelse: SØKNAD om SJUKEPENGAR i Ålesund",
            "ΟΔΥΣΣΕΥΣ Σ ΣΑ",
            "KELVIN \u{212a} and İstanbul ẞ",
            "ǅ ǈ Ⅻ Ⓐ 𐐀 ÆØÅ æøå",
            "mixed ÉCOLE École école",
        ];
        for case in cases {
            assert_eq!(lowercase(case), case.to_lowercase(), "{case:?}");
        }
    }

    #[test]
    fn collapse_whitespace_is_split_whitespace_joined() {
        let joined = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        // every white-space character Unicode has, and neighbours that are not
        let spaces: Vec<char> = (0..0x3001u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert!(spaces.contains(&'\u{a0}') && spaces.contains(&'\u{3000}'));
        let others = [
            'a', 'Å', 'ø', '\u{200b}', '\u{2060}', '\u{80}', '€', '\u{e1}', '😀', '\u{1fff}',
        ];
        let mut cases = vec![String::new(), " ".into(), "a".into(), " a  b ".into()];
        for &w in &spaces {
            for &o in &others {
                cases.push(format!("{o}{w}{o}"));
                cases.push(format!("{w}{w}{o}{o}{w}"));
            }
        }
        // a cheap deterministic mix of both kinds, in runs
        let pool: Vec<char> = spaces.iter().chain(others.iter()).copied().collect();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..(x % 24) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(pool[(x % pool.len() as u64) as usize]);
            }
            cases.push(s);
        }
        for case in &cases {
            assert_eq!(collapse_whitespace(case), joined(case), "{case:?}");
        }
    }

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
