//! Plain-text helpers shared by the view and the pager's document: word wrap (textwrap's
//! first-fit) and case-insensitive search for literal texts.

use crate::text::inert;
use std::ops::Range;
use textwrap::WordSeparator;
use textwrap::core::break_words;
use textwrap::wrap_algorithms::wrap_first_fit;

/// Breaks `text` into lines of at most `max` columns, at spaces where possible (words
/// wider than a line are cut); returns byte ranges of `text` (the spaces at breaks are
/// dropped).
pub fn wrap_ranges(text: &str, max: usize) -> Vec<Range<usize>> {
    if max == 0 || text.is_empty() {
        return std::iter::once(0..text.len()).collect();
    }
    let words = break_words(WordSeparator::AsciiSpace.find_words(text), max);
    let base = text.as_ptr() as usize;
    // every word is a slice of `text`: its position is its offset from `text`'s start
    let at = |s: &str| s.as_ptr() as usize - base;
    wrap_first_fit(&words, &[max as f64])
        .into_iter()
        .filter_map(|line| {
            let (first, last) = (line.first()?, line.last()?);
            Some(at(first.word)..at(last.word) + last.word.len())
        })
        .collect()
}

/// The texts to highlight, made inert as the screen shows them, lower-cased by char.
pub struct Needles(Vec<Vec<char>>);

impl Needles {
    pub fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Needles {
        Needles(
            texts
                .filter(|t| !t.trim().is_empty())
                .map(|t| inert(t, true).chars().map(lower).collect())
                .collect(),
        )
    }

    /// The byte ranges in `text` where a needle occurs, case-insensitively, leftmost
    /// first (the first needle that matches at a position wins), not overlapping.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        if self.0.is_empty() {
            return out;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let hit = self.0.iter().find(|n| {
                n.len() <= chars.len() - i
                    && n.iter().zip(&chars[i..]).all(|(a, (_, b))| *a == lower(*b))
            });
            match hit {
                Some(n) => {
                    let end = chars.get(i + n.len()).map_or(text.len(), |(b, _)| *b);
                    out.push(chars[i].0..end);
                    i += n.len();
                }
                None => i += 1,
            }
        }
        out
    }
}

/// One char's lower case, when it is one char (else the char itself).
fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}
