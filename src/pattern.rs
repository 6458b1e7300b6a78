//! Regular expressions with Unicode word boundaries, searched fast in Norwegian text.
//!
//! The regex crate's lazy DFA cannot decide a Unicode word boundary (`\b`) next to a
//! non-ASCII character. When it meets one it gives up, and the search starts again with
//! a slower engine over the whole text. A notice in bokmål or nynorsk has an `æ`, `ø` or
//! `å` in nearly every line, so every pattern tried on a notification took the slow way.
//!
//! A [`WordRegex`] searches in two steps. The same expression with its word boundaries
//! left out matches wherever the whole one does, and more; it has no boundary to give up
//! on. It finds where a match can begin at the earliest. Then the expression itself is
//! searched from there. The result is the same: no match of the expression can begin
//! before the first match of the wider one, and the search from an offset still looks at
//! the character before it for `\b`. When the wider one finds nothing, the text is not
//! searched again.

use regex::{Captures, Regex, RegexBuilder};
use regex_automata::meta;
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
use std::sync::OnceLock;

/// A regex, and the wider one without its Unicode word boundaries (none when it has no
/// such boundary, or when the wider one cannot be built: the regex is then searched alone).
/// The wider one is built at the first search: checking a configuration compiles its
/// patterns at every start, and most starts (a restart from the cache) search nothing.
#[derive(Debug, Clone)]
pub struct WordRegex {
    regex: Regex,
    case_insensitive: bool,
    wider: OnceLock<Option<meta::Regex>>,
}

impl WordRegex {
    /// Compiles `pattern` as `Regex::new` does.
    pub fn new(pattern: &str) -> Result<WordRegex, regex::Error> {
        WordRegex::build(pattern, false)
    }

    /// Compiles `pattern` case-insensitively, as `RegexBuilder::case_insensitive` does.
    pub fn case_insensitive(pattern: &str) -> Result<WordRegex, regex::Error> {
        WordRegex::build(pattern, true)
    }

    fn build(pattern: &str, case_insensitive: bool) -> Result<WordRegex, regex::Error> {
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(case_insensitive)
            .build()?;
        Ok(WordRegex {
            regex,
            case_insensitive,
            wider: OnceLock::new(),
        })
    }

    /// The wider regex, when it helps: on ASCII text the regex's own DFA reads its word
    /// boundaries and never gives up, so a second search would only cost time.
    fn wider_for(&self, haystack: &str) -> Option<&meta::Regex> {
        if haystack.is_ascii() {
            return None;
        }
        self.wider()
    }

    fn wider(&self) -> Option<&meta::Regex> {
        self.wider
            .get_or_init(|| {
                regex_syntax::ParserBuilder::new()
                    .case_insensitive(self.case_insensitive)
                    .build()
                    .parse(self.regex.as_str())
                    .ok()
                    .filter(|hir| hir.properties().look_set().contains_word_unicode())
                    .and_then(|hir| {
                        meta::Regex::builder()
                            .build_from_hir(&without_words(hir))
                            .ok()
                    })
            })
            .as_ref()
    }

    /// The leftmost-first match and its groups, as `Regex::captures` gives them.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        match self.wider_for(haystack) {
            None => self.regex.captures(haystack),
            Some(wider) => {
                let from = wider.find(haystack)?.start();
                self.regex.captures_at(haystack, from)
            }
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }

    /// The same pattern compiled as a plain regex with the same case rule: what the
    /// tests compare the two-step search with.
    #[cfg(test)]
    pub(crate) fn alone(&self) -> Regex {
        RegexBuilder::new(self.as_str())
            .case_insensitive(self.case_insensitive)
            .build()
            .expect("compiled before")
    }

    /// Whether the regex matches anywhere in `haystack`, as `Regex::is_match` says.
    pub fn is_match(&self, haystack: &str) -> bool {
        match self.wider_for(haystack) {
            None => self.regex.is_match(haystack),
            Some(wider) => wider
                .find(haystack)
                .is_some_and(|m| self.regex.is_match_at(haystack, m.start())),
        }
    }
}

/// `hir` with every Unicode word-boundary assertion (`\b`, `\B`, `\<`, `\>` and the half
/// ones) replaced by the empty expression: it matches wherever `hir` does.
fn without_words(hir: Hir) -> Hir {
    use regex_syntax::hir::Look;
    match hir.into_kind() {
        HirKind::Look(
            Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode,
        ) => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(without_words(*rep.sub)),
            ..rep
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(without_words(*cap.sub)),
            ..cap
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(without_words).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(without_words).collect())
        }
    }
}

/// The spans of a match's groups, to compare two searches in tests.
#[cfg(test)]
pub(crate) fn groups(c: Option<Captures<'_>>) -> Option<Vec<Option<std::ops::Range<usize>>>> {
    c.map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_matches_as_the_regex_alone() {
        let patterns = [
            r"\bmelding\b\s+(?:fra|frå)\s+(.+?)\s*(?:\.|$)",
            r"(?i)\b(?:hei|hallo)[.!]\s+(.+?)\s+(?:har|has)\s+(?:mottatt|fått)\b",
            r"\Bing\b",
            r"^\bny\s+(?:sykmelding|søknad)\b",
            r"(?i)\b(?:rollen|rolle)\b\s*:?\s*«?([^».]{2,60}?)\s*(?:[».]|$)",
            r"(?-u:\b)plain\b",
            r"no boundary (\w+)",
        ];
        let texts = [
            "",
            "Påmelding fra Kari.",
            "Ny melding fra Skatteetaten.",
            "Ny melding frå Statens vegvesen i Altinn.",
            "påmelding fra x. Så: melding fra Ærlig Ås.",
            "Hei. SANDNES KOMMUNE har mottatt en ny melding.",
            "Hei! Øst-Agder har fått",
            "HEI. Åse har fått brev",
            "melding\u{a0}fra Åsane.",
            "singing sings ingå ing",
            "ny sykmelding",
            "Ny søknad om sykepenger",
            "xny sykmelding",
            "sendt til rollen «Post/arkiv».",
            "i rollen: Daglig leder, og mer",
            "Årollen «x»",
            "plain plainø øplain plain",
            "no boundary æøå",
        ];
        for p in patterns {
            for ci in [false, true] {
                let fast = WordRegex::build(p, ci).unwrap();
                let alone = fast.alone();
                for t in texts {
                    assert_eq!(
                        groups(fast.captures(t)),
                        groups(alone.captures(t)),
                        "{p:?} on {t:?}"
                    );
                    assert_eq!(fast.is_match(t), alone.is_match(t), "{p:?} on {t:?}");
                }
            }
        }
    }

    #[test]
    fn only_unicode_boundaries_get_a_wider_search() {
        let re = WordRegex::new(r"\bord\b").unwrap();
        assert!(re.wider.get().is_none(), "built before the first search");
        assert!(re.wider().is_some());
        assert!(WordRegex::new(r"(?-u:\b)ord").unwrap().wider().is_none());
        assert!(WordRegex::new("ord").unwrap().wider().is_none());
    }

    /// The wider regex is parsed by the regex-syntax this crate names, the regex by the
    /// one the regex crate uses: they must be one and the same, or a pattern could be read
    /// two ways.
    #[test]
    fn one_regex_syntax_and_one_regex_automata_in_the_build() {
        let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
            .expect("Cargo.lock");
        for name in ["regex-syntax", "regex-automata"] {
            let entries = lock
                .lines()
                .filter(|l| *l == format!("name = \"{name}\""))
                .count();
            assert_eq!(entries, 1, "{name} is in Cargo.lock {entries} times");
        }
    }

    #[test]
    fn a_bad_pattern_is_the_regex_crates_error() {
        let err = WordRegex::case_insensitive("(unclosed").unwrap_err();
        assert!(err.to_string().contains("unclosed group"), "{err}");
    }
}
