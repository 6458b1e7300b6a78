//! The municipality's sub-units from Enhetsregisteret's open data (routine frame: one org
//! number and ~185 unit numbers, each with its own Altinn inbox): reads the JSON of
//! `/enhetsregisteret/api/underenheter?overordnetEnhet=…` (HAL, `_embedded.underenheter[]`)
//! or the CSV download, checks every number's MOD11 digit, merges with the units already
//! configured (their `fetches_own_mail` and aliases stay; a renamed unit keeps its old
//! name as an alias) and writes the units file that the configuration includes
//! (`units_file`).

use crate::config::Unit;
use crate::orgnr::OrgNr;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One unit as the register lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub org: OrgNr,
    pub name: String,
    pub parent: Option<OrgNr>,
}

/// A row that was not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// 1-based: the CSV line, or the position in the JSON list.
    pub row: usize,
    pub number: String,
    pub why: Why,
}

/// Why a register row was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The number is not an organisation number.
    Number(crate::orgnr::OrgNrError),
    /// The row has no name.
    NoName,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("not Enhetsregisteret JSON: {0}")]
    Json(String),
    #[error("the CSV has no column {0:?} in its first line")]
    CsvColumn(&'static str),
    #[error("the file is empty")]
    Empty,
}

#[derive(Deserialize)]
struct Hal {
    #[serde(rename = "_embedded", default)]
    embedded: Option<Embedded>,
}

#[derive(Deserialize)]
struct Embedded {
    #[serde(default)]
    underenheter: Vec<RawUnit>,
}

#[derive(Deserialize)]
struct RawUnit {
    organisasjonsnummer: Option<String>,
    navn: Option<String>,
    #[serde(rename = "overordnetEnhet")]
    overordnet_enhet: Option<String>,
}

/// Reads the register's JSON or CSV (told apart by the first character).
pub fn parse(text: &str) -> Result<(Vec<Registered>, Vec<Rejected>), ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    match text.trim_start().chars().next() {
        None => Err(ImportError::Empty),
        Some('{') => parse_json(text),
        Some(_) => parse_csv(text),
    }
}

fn take(
    row: usize,
    number: Option<&str>,
    name: Option<&str>,
    parent: Option<&str>,
    out: &mut Vec<Registered>,
    rejected: &mut Vec<Rejected>,
) {
    let number = number.unwrap_or("").trim();
    let name = name.unwrap_or("").trim();
    let reject = |why: Why, rejected: &mut Vec<Rejected>| {
        rejected.push(Rejected {
            row,
            number: number.to_string(),
            why,
        })
    };
    let org: OrgNr = match number.parse() {
        Ok(o) => o,
        Err(e) => return reject(Why::Number(e), rejected),
    };
    if name.is_empty() {
        return reject(Why::NoName, rejected);
    }
    out.push(Registered {
        org,
        name: name.to_string(),
        parent: parent.and_then(|p| p.trim().parse().ok()),
    });
}

fn parse_json(text: &str) -> Result<(Vec<Registered>, Vec<Rejected>), ImportError> {
    let hal: Hal = serde_json::from_str(text).map_err(|e| ImportError::Json(e.to_string()))?;
    let mut out = Vec::new();
    let mut rejected = Vec::new();
    for (i, u) in hal
        .embedded
        .map(|e| e.underenheter)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        take(
            i + 1,
            u.organisasjonsnummer.as_deref(),
            u.navn.as_deref(),
            u.overordnet_enhet.as_deref(),
            &mut out,
            &mut rejected,
        );
    }
    Ok((out, rejected))
}

/// Splits one CSV line at `sep`, with `"` quoting (`""` inside quotes is a quote).
fn csv_fields(line: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn parse_csv(text: &str) -> Result<(Vec<Registered>, Vec<Rejected>), ImportError> {
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().ok_or(ImportError::Empty)?;
    let sep = if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    };
    let cols: Vec<String> = csv_fields(header, sep)
        .iter()
        .map(|c| c.trim().to_lowercase().replace([' ', '_', '.'], ""))
        .collect();
    let find = |names: &[&str], label: &'static str| {
        cols.iter()
            .position(|c| names.contains(&c.as_str()))
            .ok_or(ImportError::CsvColumn(label))
    };
    let number = find(&["organisasjonsnummer", "orgnr"], "organisasjonsnummer")?;
    let name = find(&["navn"], "navn")?;
    let parent = find(&["overordnetenhet"], "overordnetEnhet").ok();
    let mut out = Vec::new();
    let mut rejected = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let f = csv_fields(line.trim_end_matches('\r'), sep);
        take(
            i + 1,
            f.get(number).map(String::as_str),
            f.get(name).map(String::as_str),
            parent.and_then(|p| f.get(p)).map(String::as_str),
            &mut out,
            &mut rejected,
        );
    }
    Ok((out, rejected))
}

/// What an import changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<(OrgNr, String)>,
    /// (number, old name, new name)
    pub renamed: Vec<(OrgNr, String, String)>,
    /// In the old units file, no longer in the register.
    pub deleted: Vec<(OrgNr, String)>,
    pub unchanged: usize,
    /// Listed under another parent than the organisation: left out.
    pub foreign: Vec<(OrgNr, String)>,
}

/// Merges the register's units with those known before: `previous` (the old units file)
/// and `configured` (the main configuration's `[[units]]`). Aliases and
/// `fetches_own_mail` are kept; a renamed unit keeps its old name as an alias. Returns
/// the new units file's units (sorted by name) and the changes.
pub fn merge(
    registered: &[Registered],
    parent: OrgNr,
    previous: &[Unit],
    configured: &[Unit],
) -> (Vec<Unit>, Changes) {
    let mut changes = Changes::default();
    let known: BTreeMap<OrgNr, &Unit> = configured
        .iter()
        .chain(previous.iter())
        .map(|u| (u.org, u))
        .collect();
    let mut out: BTreeMap<OrgNr, Unit> = BTreeMap::new();
    for r in registered {
        if r.parent.is_some_and(|p| p != parent) {
            changes.foreign.push((r.org, r.name.clone()));
            continue;
        }
        let unit = match known.get(&r.org) {
            Some(k) => {
                let mut u = (*k).clone();
                if u.name != r.name {
                    changes
                        .renamed
                        .push((r.org, u.name.clone(), r.name.clone()));
                    if !u.aliases.iter().any(|a| a.eq_ignore_ascii_case(&u.name)) {
                        u.aliases.push(u.name.clone());
                    }
                    u.name = r.name.clone();
                } else {
                    changes.unchanged += 1;
                }
                u
            }
            None => {
                changes.added.push((r.org, r.name.clone()));
                Unit {
                    name: r.name.clone(),
                    org: r.org,
                    aliases: Vec::new(),
                    fetches_own_mail: false,
                }
            }
        };
        out.insert(r.org, unit);
    }
    for p in previous {
        if !out.contains_key(&p.org) {
            changes.deleted.push((p.org, p.name.clone()));
        }
    }
    let mut units: Vec<Unit> = out.into_values().collect();
    units.sort_by_key(|u| u.name.to_lowercase());
    (units, changes)
}

/// The units file's text: `[[units]]` tables, as in the main configuration.
pub fn to_toml(units: &[Unit], source: &str) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "# Units of the organisation, written by `altinn-sweep units import` from\n\
         # {source}.\n# Edit `aliases` and `fetches_own_mail` here or in the configuration; \
         they are kept on the next import.\n"
    );
    for u in units {
        out.push_str(&format!(
            "\n[[units]]\nname = {}\norg = \"{}\"\n",
            q(&u.name),
            u.org.digits()
        ));
        if !u.aliases.is_empty() {
            let a: Vec<String> = u.aliases.iter().map(|a| q(a)).collect();
            out.push_str(&format!("aliases = [{}]\n", a.join(", ")));
        }
        if u.fetches_own_mail {
            out.push_str("fetches_own_mail = true\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(s: &str) -> OrgNr {
        s.parse().unwrap()
    }

    #[test]
    fn csv_with_semicolons_quotes_and_a_bad_check_digit() {
        let csv = "\"Organisasjonsnummer\";\"Navn\";\"Overordnet enhet\"\n\
                   \"910000012\";\"Hana skole; avd. \"\"nord\"\"\";\"964965137\"\n\
                   \"910000013\";\"Feil\";\"964965137\"\n";
        let (ok, bad) = parse(csv).unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].name, "Hana skole; avd. \"nord\"");
        assert_eq!(ok[0].parent, Some(org("964965137")));
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].row, 3);
        assert!(
            matches!(
                &bad[0].why,
                Why::Number(crate::orgnr::OrgNrError::CheckDigit(_))
            ),
            "{:?}",
            bad[0].why
        );
    }

    #[test]
    fn merge_keeps_what_the_clerk_configured() {
        let parent = org("964965137");
        let prev = vec![
            Unit {
                name: "Gamle navnet".into(),
                org: org("910000012"),
                aliases: vec!["GN".into()],
                fetches_own_mail: true,
            },
            Unit {
                name: "Nedlagt".into(),
                org: org("910000020"),
                aliases: vec![],
                fetches_own_mail: false,
            },
        ];
        let reg = vec![
            Registered {
                org: org("910000012"),
                name: "Nytt navn".into(),
                parent: Some(parent),
            },
            Registered {
                org: org("910000039"),
                name: "Ny enhet".into(),
                parent: Some(parent),
            },
        ];
        let (units, ch) = merge(&reg, parent, &prev, &[]);
        assert_eq!(ch.added, [(org("910000039"), "Ny enhet".to_string())]);
        assert_eq!(
            ch.renamed,
            [(
                org("910000012"),
                "Gamle navnet".to_string(),
                "Nytt navn".to_string()
            )]
        );
        assert_eq!(ch.deleted, [(org("910000020"), "Nedlagt".to_string())]);
        let renamed = units.iter().find(|u| u.org == org("910000012")).unwrap();
        assert!(renamed.fetches_own_mail);
        assert_eq!(renamed.aliases, ["GN", "Gamle navnet"]);
        let back: crate::config::UnitsFile = toml::from_str(&to_toml(&units, "test")).unwrap();
        assert_eq!(back.units.len(), 2);
        assert_eq!(back.units[1].aliases, ["GN", "Gamle navnet"]);
    }
}
