//! Norwegian organisation numbers: parsing, the MOD11 check digit, display as `964 965 137`.

use std::fmt;
use std::str::FromStr;

/// A 9-digit Norwegian organisation number whose last digit is a valid MOD11 check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgNr(u32);

/// Why a string is not an organisation number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgNrError {
    #[error("an organisation number has 9 digits, found {0}")]
    Length(usize),
    #[error("an organisation number contains only digits and spaces")]
    NotDigits,
    #[error("check digit (MOD11) does not match: {0} is not a valid organisation number")]
    CheckDigit(String),
}

const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

impl OrgNr {
    /// Validates nine digits. Returns `None` when the MOD11 check digit is wrong.
    pub fn from_digits(digits: &[u8; 9]) -> Option<OrgNr> {
        if digits.iter().any(|d| *d > 9) {
            return None;
        }
        let sum: u32 = WEIGHTS
            .iter()
            .zip(digits.iter())
            .map(|(w, d)| w * u32::from(*d))
            .sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return None,
            c => c,
        };
        if check != u32::from(digits[8]) {
            return None;
        }
        Some(OrgNr(
            digits.iter().fold(0u32, |acc, d| acc * 10 + u32::from(*d)),
        ))
    }

    /// The number as plain nine digits, e.g. `964965137` (the JSON form).
    pub fn digits(&self) -> String {
        format!("{:09}", self.0)
    }

    /// The valid numbers (right check digit) from `start` upward, in order: invented
    /// registers for tests and benchmarks.
    pub fn valid_from(start: u32) -> impl Iterator<Item = OrgNr> {
        (start..=999_999_999).filter_map(|n| {
            let mut digits = [0u8; 9];
            let mut rest = n;
            for d in digits.iter_mut().rev() {
                *d = (rest % 10) as u8;
                rest /= 10;
            }
            OrgNr::from_digits(&digits)
        })
    }
}

impl FromStr for OrgNr {
    type Err = OrgNrError;

    /// Accepts `964965137` and `964 965 137` (any spaces between digits).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut digits = Vec::with_capacity(9);
        for c in s.trim().chars() {
            match c {
                '0'..='9' => digits.push(c as u8 - b'0'),
                ' ' | '\u{a0}' => {}
                _ => return Err(OrgNrError::NotDigits),
            }
        }
        let arr: [u8; 9] = digits
            .as_slice()
            .try_into()
            .map_err(|_| OrgNrError::Length(digits.len()))?;
        OrgNr::from_digits(&arr).ok_or_else(|| OrgNrError::CheckDigit(s.trim().to_string()))
    }
}

impl fmt::Display for OrgNr {
    /// Displays as three groups of three digits: `964 965 137`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{} {} {}", &d[0..3], &d[3..6], &d[6..9])
    }
}

impl serde::Serialize for OrgNr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.digits())
    }
}

impl<'de> serde::Deserialize<'de> for OrgNr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = OrgNr;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a 9-digit organisation number such as \"964965137\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OrgNr, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<OrgNr, E> {
                self.visit_str(&format!("{v:09}"))
            }
        }
        d.deserialize_any(V)
    }
}

/// Every MOD11-valid organisation number written in `text`, in order of appearance,
/// without duplicates. Recognises `973857673`, `973 857 673` and the same inside
/// parentheses or after `org.nr.`; a digit run longer than nine (an account or phone
/// number glued to it) is not an organisation number.
pub fn find_all(text: &str) -> Vec<OrgNr> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && is_joined_digit(bytes, i - 1)) {
            i += 1;
            continue;
        }
        if let Some((nr, end)) = read_number(bytes, i) {
            if !found.contains(&nr) {
                found.push(nr);
            }
            i = end;
        } else {
            // skip the rest of this digit run
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    found
}

/// A digit directly before position `i+1`, or a digit with a '.' or '-' glue that makes
/// the number part of something longer (e.g. an account number `1234.56.78903`).
fn is_joined_digit(bytes: &[u8], i: usize) -> bool {
    bytes[i].is_ascii_digit()
        || (matches!(bytes[i], b'.' | b'-' | b',') && i > 0 && bytes[i - 1].is_ascii_digit())
}

/// Reads nine digits at `start`, either contiguous or grouped 3+3+3 with single spaces.
fn read_number(bytes: &[u8], start: usize) -> Option<(OrgNr, usize)> {
    let digit = |i: usize| {
        bytes
            .get(i)
            .filter(|b| b.is_ascii_digit())
            .map(|b| b - b'0')
    };
    let ends_clean = |i: usize| match bytes.get(i) {
        None => true,
        Some(b) if b.is_ascii_digit() => false,
        Some(b'.' | b',' | b'-') => !bytes.get(i + 1).is_some_and(|n| n.is_ascii_digit()),
        Some(_) => true,
    };
    let mut d = [0u8; 9];
    // contiguous form
    if (0..9).all(|k| digit(start + k).is_some()) && ends_clean(start + 9) {
        for (k, slot) in d.iter_mut().enumerate() {
            *slot = digit(start + k)?;
        }
        return OrgNr::from_digits(&d).map(|n| (n, start + 9));
    }
    // grouped form: ddd ddd ddd (space or non-breaking space)
    let mut pos = start;
    for group in 0..3 {
        for k in 0..3 {
            d[group * 3 + k] = digit(pos)?;
            pos += 1;
        }
        if group < 2 {
            pos += space_len(bytes, pos)?;
        }
    }
    if !ends_clean(pos) {
        return None;
    }
    OrgNr::from_digits(&d).map(|n| (n, pos))
}

fn space_len(bytes: &[u8], pos: usize) -> Option<usize> {
    match bytes.get(pos) {
        Some(b' ') => Some(1),
        Some(0xC2) if bytes.get(pos + 1) == Some(&0xA0) => Some(2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_from_gives_only_valid_numbers_in_order() {
        let first = OrgNr::valid_from(964_965_137).next().unwrap();
        assert_eq!(first.digits(), "964965137");
        let some: Vec<OrgNr> = OrgNr::valid_from(910_000_001).take(50).collect();
        assert!(some.windows(2).all(|w| w[0].0 < w[1].0));
        for n in &some {
            assert_eq!(n.digits().parse::<OrgNr>().ok(), Some(*n));
        }
        // nothing valid is skipped: every number in between fails the check
        let (lo, hi) = (some[0].0, some[49].0);
        let valid = (lo..=hi).filter(|n| format!("{n}").parse::<OrgNr>().is_ok());
        assert_eq!(valid.count(), 50);
    }

    #[test]
    fn valid_numbers_pass_and_display_grouped() {
        for s in [
            "964965137",
            "996958515",
            "973857673",
            "874610712",
            "973857789",
        ] {
            let n: OrgNr = s.parse().unwrap();
            assert_eq!(n.digits(), s);
        }
        let n: OrgNr = "964 965 137".parse().unwrap();
        assert_eq!(n.to_string(), "964 965 137");
    }

    #[test]
    fn invalid_numbers_are_rejected_with_the_reason() {
        assert_eq!(
            "964965136".parse::<OrgNr>(),
            Err(OrgNrError::CheckDigit("964965136".into()))
        );
        assert_eq!("96496513".parse::<OrgNr>(), Err(OrgNrError::Length(8)));
        assert_eq!("96496513x".parse::<OrgNr>(), Err(OrgNrError::NotDigits));
        // remainder 1 gives check digit 10: no valid number has these first eight digits
        assert!(OrgNr::from_digits(&[0, 0, 0, 0, 0, 0, 0, 5, 0]).is_none());
    }

    #[test]
    fn finds_every_written_form() {
        let forms = [
            "973857673",
            "973 857 673",
            "(973857673)",
            "org.nr. 973 857 673.",
            "orgnr 973857673,",
            "En ansatt i BARNEVERN (973857673) har",
            "O=973857673&x",
            "973\u{a0}857\u{a0}673",
        ];
        for f in forms {
            assert_eq!(
                find_all(f),
                vec!["973857673".parse().unwrap()],
                "form {f:?}"
            );
        }
    }

    #[test]
    fn ignores_mod11_failures_and_longer_runs() {
        assert!(find_all("964965136").is_empty());
        assert!(find_all("kontonummer 1234.56.78903 og 99964965137").is_empty());
        assert!(find_all("telefon 51 33 50 00").is_empty());
        assert!(find_all("9649651370").is_empty());
        assert!(find_all("964.965137").is_empty());
        let both = find_all("feil 964965136, riktig 964 965 137 og 973857673");
        assert_eq!(
            both,
            vec!["964965137".parse().unwrap(), "973857673".parse().unwrap()]
        );
    }
}
