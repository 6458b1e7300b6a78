//! `units import FILE`: the sub-units from Enhetsregisteret's open data (JSON or CSV) into
//! the units file the configuration includes, with a report of what changed.

use super::{CliError, CmdResult, Context};
use altinn_sweep::config;
use altinn_sweep::i18n::cli;
use altinn_sweep::text::inert;
use altinn_sweep::units;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn import(ctx: &Context, file: &Path) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let text = std::fs::read_to_string(file).map_err(|source| CliError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let (registered, rejected) = units::parse(&text).map_err(|source| CliError::Import {
        path: file.to_path_buf(),
        source,
    })?;
    let target = match config.units_file_path() {
        Some(p) => p,
        None => default_target(ctx, &config)?,
    };
    let previous = if target.is_file() {
        config::read_units_file(&target)?
    } else {
        Vec::new()
    };
    let configured: Vec<config::Unit> = config
        .units
        .iter()
        .filter(|u| !previous.iter().any(|p| p.org == u.org))
        .cloned()
        .collect();
    let (merged, changes) =
        units::merge(&registered, config.organisation.org, &previous, &configured);
    let source = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_atomically(&target, &units::to_toml(&merged, &inert(&source, true))).map_err(
        |source| CliError::Write {
            path: target.clone(),
            source,
        },
    )?;
    let u = |o: &altinn_sweep::orgnr::OrgNr, n: &str| format!("{} ({o})", inert(n, true));
    println!(
        "{} {} {}: {}",
        merged.len(),
        cli::units_written_to(lang),
        target.display(),
        cli::unit_changes(
            lang,
            changes.added.len(),
            changes.renamed.len(),
            changes.deleted.len(),
            changes.unchanged,
            rejected.len()
        )
    );
    for (o, n) in &changes.added {
        println!("  + {}", u(o, n));
    }
    for (o, old, new) in &changes.renamed {
        println!("  ~ {} → {}", u(o, old), inert(new, true));
    }
    for (o, n) in &changes.deleted {
        println!("  - {} {}", u(o, n), cli::no_longer_in_register(lang));
    }
    for (o, n) in &changes.foreign {
        println!("  ! {} {}", u(o, n), cli::belongs_to_other_parent(lang));
    }
    for r in &rejected {
        println!(
            "  ! {} {}: {:?}: {}",
            cli::row(lang),
            r.row,
            inert(&r.number, true),
            cli::rejected_row(lang, &r.why)
        );
    }
    if config.units_file.is_none() {
        println!(
            "{} units_file = {:?}",
            cli::add_units_file(lang),
            target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `units.toml` beside the configuration file (the standard one when none is given).
fn default_target(ctx: &Context, config: &config::Config) -> Result<PathBuf, CliError> {
    let cfg = match &config.source {
        Some(p) => p.clone(),
        None => ctx.paths()?.config_file,
    };
    Ok(cfg.parent().unwrap_or(Path::new(".")).join("units.toml"))
}

/// Writes beside the target, fsyncs, then renames over it: a reader sees the old file or
/// the new one, never half of one.
fn write_atomically(target: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = target.with_extension(format!("tmp.{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, target)
}
