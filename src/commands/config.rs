//! `init`, `config check`, `config path`.

use super::{CliError, CmdResult, Context};
use altinn_sweep::config::{BUILT_IN, DEFAULT_CONFIG};
use altinn_sweep::maildir::Folders;
use std::path::PathBuf;
use std::process::ExitCode;

fn config_file(ctx: &Context) -> Result<PathBuf, CliError> {
    match &ctx.config_arg {
        Some(p) => Ok(p.clone()),
        None => Ok(ctx.paths()?.config_file),
    }
}

pub fn path(ctx: &Context) -> CmdResult {
    let file = config_file(ctx)?;
    println!("{}", file.display());
    if !file.exists() {
        eprintln!(
            "(the file does not exist yet: the built-in default is used; `altinn-sweep init` writes it)"
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn init(ctx: &Context, force: bool) -> CmdResult {
    let file = config_file(ctx)?;
    if file.exists() && !force {
        return Err(CliError::Runtime(format!(
            "{} already exists; edit it, or use `init --force` to replace it with the default",
            file.display()
        )));
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::Runtime(format!("{}: cannot create the folder: {e}", dir.display()))
        })?;
    }
    std::fs::write(&file, DEFAULT_CONFIG)
        .map_err(|e| CliError::Runtime(format!("{}: cannot write: {e}", file.display())))?;
    println!("wrote {}", file.display());
    println!(
        "edit mail.root, forward.from and the payroll address (rule sick-pay-not-submitted), then run `altinn-sweep config check`"
    );
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Context) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let source = config
        .source
        .as_ref()
        .map_or(BUILT_IN.to_string(), |p| p.display().to_string());
    println!("configuration: {source} (ok)");
    let root = config.mail_root();
    let folders = Folders::new(&root, &config.mail);
    let exists = |p: &std::path::Path| {
        if p.join("cur").is_dir() || p.join("new").is_dir() {
            "ok"
        } else if p.exists() {
            "NOT A MAILDIR FOLDER (no cur/ or new/)"
        } else {
            "MISSING"
        }
    };
    println!(
        "mail root:     {} ({:?} layout)",
        root.display(),
        config.mail.layout
    );
    println!(
        "inbox:         {} [{}]",
        folders.inbox.display(),
        exists(&folders.inbox)
    );
    println!(
        "archive:       {} [{}]",
        folders.archive.display(),
        exists(&folders.archive)
    );
    println!(
        "trash:         {} [{}]",
        folders.trash.display(),
        exists(&folders.trash)
    );
    if let Ok(paths) = ctx.paths() {
        println!(
            "journal:       {}",
            paths.data_dir.join("journal.jsonl").display()
        );
    }
    println!("language:      {:?}", lang);
    println!(
        "units:         {}",
        config
            .all_units()
            .map(|u| format!(
                "{} {}{}",
                u.name,
                u.org,
                if u.fetches_own_mail {
                    " (own mail)"
                } else {
                    ""
                }
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("rules:");
    for (i, r) in config.rules.iter().enumerate() {
        let r = r.get_ref();
        let action = match r.action.forward_to() {
            Some(to) => format!("forward → {to}"),
            None => r.action.name().to_string(),
        };
        println!("  {}. {} → {action}", i + 1, r.name);
    }
    for w in config.warnings() {
        eprintln!("warning: {w}");
    }
    Ok(ExitCode::SUCCESS)
}
