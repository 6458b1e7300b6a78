//! `init`, `config check`, `config path`.

use super::{CliError, CmdResult, Context};
use altinn_sweep::config::{BUILT_IN, DEFAULT_CONFIG, Language, Layout};
use altinn_sweep::i18n::{self, Lang};
use altinn_sweep::maildir::Folders;
use std::path::PathBuf;
use std::process::ExitCode;

fn config_file(ctx: &Context) -> Result<PathBuf, CliError> {
    match &ctx.config_arg {
        Some(p) => Ok(p.clone()),
        None => Ok(ctx.paths()?.config_file),
    }
}

/// The language from the locale, for commands that run without a valid configuration.
fn locale_lang() -> Lang {
    Lang::resolve(Language::Auto)
}

pub fn path(ctx: &Context) -> CmdResult {
    let file = config_file(ctx)?;
    println!("{}", file.display());
    if !file.exists() {
        eprintln!(
            "{}",
            locale_lang().pick(
                "(filen finnes ikke ennå: den innebygde standarden brukes; `altinn-sweep init` skriver den)",
                "(the file does not exist yet: the built-in default is used; `altinn-sweep init` writes it)"
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn init(ctx: &Context, force: bool) -> CmdResult {
    let lang = locale_lang();
    let file = config_file(ctx)?;
    if file.exists() && !force {
        return Err(CliError::Runtime(format!(
            "{} {}",
            file.display(),
            lang.pick(
                "finnes allerede; rediger den, eller bruk `init --force` for å erstatte den med standarden",
                "already exists; edit it, or use `init --force` to replace it with the default"
            )
        )));
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::Runtime(format!("{}: cannot create the folder: {e}", dir.display()))
        })?;
    }
    std::fs::write(&file, DEFAULT_CONFIG)
        .map_err(|e| CliError::Runtime(format!("{}: cannot write: {e}", file.display())))?;
    println!("{} {}", lang.pick("skrev", "wrote"), file.display());
    println!(
        "{}",
        lang.pick(
            "rediger mail.root, forward.from og Lønns adresse (regel sick-pay-not-submitted), og kjør så `altinn-sweep config check`",
            "edit mail.root, forward.from and the payroll address (rule sick-pay-not-submitted), then run `altinn-sweep config check`"
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Context, online: bool) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let l = |nb, en| lang.pick(nb, en);
    let source = config
        .source
        .as_ref()
        .map_or(BUILT_IN.to_string(), |p| p.display().to_string());
    println!("{}: {source} (ok)", l("konfigurasjon", "configuration"));
    let root = config.mail_root();
    let folders = Folders::new(&root, &config.mail);
    let state = |p: &std::path::Path| {
        if p.join("cur").is_dir() || p.join("new").is_dir() {
            "ok"
        } else if p.exists() {
            l(
                "IKKE EN MAILDIR-MAPPE (mangler cur/ og new/)",
                "NOT A MAILDIR FOLDER (no cur/ or new/)",
            )
        } else {
            l("MANGLER", "MISSING")
        }
    };
    let layout = match config.mail.layout {
        Layout::Verbatim => "verbatim",
        Layout::MaildirPlusPlus => "maildir++",
    };
    println!(
        "{} {} ({layout})",
        l("e-postrot:    ", "mail root:    "),
        root.display()
    );
    for (label, folder) in [
        (l("innboks:      ", "inbox:        "), &folders.inbox),
        (l("arkiv:        ", "archive:      "), &folders.archive),
        (l("papirkurv:    ", "trash:        "), &folders.trash),
    ] {
        println!("{label} {} [{}]", folder.display(), state(folder));
    }
    if let Ok(paths) = ctx.paths() {
        println!(
            "{} {}",
            l("journal:      ", "journal:      "),
            paths.data_dir.join("journal.jsonl").display()
        );
    }
    println!(
        "{} {}",
        l("språk:        ", "language:     "),
        match lang {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    );
    println!(
        "{} {}",
        l("enheter:      ", "units:        "),
        config
            .all_units()
            .map(|u| format!(
                "{} {}{}",
                u.name,
                u.org,
                if u.fetches_own_mail {
                    l(" (henter egen post)", " (own mail)")
                } else {
                    ""
                }
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("{}", l("regler:", "rules:"));
    for (i, r) in config.rules.iter().enumerate() {
        let r = r.get_ref();
        let action = match r.action.forward_to() {
            Some(to) => format!("{} → {to}", i18n::action(lang, &r.action)),
            None => i18n::action(lang, &r.action).to_string(),
        };
        println!("  {}. {} → {action}", i + 1, r.name);
    }
    match &config.altinn {
        Some(a) => println!(
            "{} {}, {} {}, org {}",
            l("altinn:       ", "altinn:       "),
            match a.environment {
                altinn_sweep::config::AltinnEnvironment::Tt02 => "tt02",
                altinn_sweep::config::AltinnEnvironment::Production => "production",
            },
            a.base_url(),
            a.token_url(),
            a.org
        ),
        None => println!(
            "{} {}",
            l("altinn:       ", "altinn:       "),
            l("av (ingen [altinn]-seksjon)", "off (no [altinn] section)")
        ),
    }
    for w in config.warnings() {
        eprintln!("{}: {w}", l("advarsel", "warning"));
    }
    if state(&folders.trash) != "ok" {
        let found = trash_candidates(&root, &config);
        let names = found
            .iter()
            .map(|n| format!("mail.trash = {n:?}"))
            .collect::<Vec<_>>()
            .join(l(" eller ", " or "));
        eprintln!(
            "{}: {} {} {}{}",
            l("advarsel", "warning"),
            l("papirkurven", "the trash folder"),
            folders.trash.display(),
            l(
                "finnes ikke: sletting og videresending vil feile.",
                "does not exist: delete and forward would fail."
            ),
            if found.is_empty() {
                String::new()
            } else {
                format!(
                    " {} {names}",
                    l(
                        "E-postroten har papirkurven til Exchange/Outlook: sett",
                        "The mail root has Exchange/Outlook's trash folder: set"
                    )
                )
            }
        );
    }
    if online {
        return super::altinn::online(&config, lang);
    }
    Ok(ExitCode::SUCCESS)
}

/// Trash folders under the mail root by the names Exchange, Outlook and others give them
/// (English and Norwegian), that exist as Maildir folders in the configured layout.
fn trash_candidates(root: &std::path::Path, config: &altinn_sweep::config::Config) -> Vec<String> {
    const NAMES: [&str; 8] = [
        "Deleted Items",
        "Slettede elementer",
        "Slettede objekter",
        "Papirkurv",
        "Deleted Messages",
        "Deleted",
        "Trash",
        "Bin",
    ];
    NAMES
        .iter()
        .filter(|name| **name != config.mail.trash)
        .filter(|name| {
            let p = altinn_sweep::maildir::folder_path(
                root,
                config.mail.layout,
                name,
                &config.mail.inbox,
            );
            p.join("cur").is_dir() || p.join("new").is_dir()
        })
        .map(|n| n.to_string())
        .collect()
}
