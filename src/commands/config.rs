//! `init`, `config check`, `config path`.

use super::{CliError, CmdResult, Context};
use altinn_sweep::config::{BUILT_IN, DEFAULT_CONFIG, Language, Layout};
use altinn_sweep::i18n::cli;
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
        eprintln!("{}", cli::config_file_missing(locale_lang()));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn init(ctx: &Context, force: bool) -> CmdResult {
    let lang = locale_lang();
    let file = config_file(ctx)?;
    if file.exists() && !force {
        return Err(CliError::ConfigExists(file));
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|source| CliError::CreateFolder {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&file, DEFAULT_CONFIG).map_err(|source| CliError::Write {
        path: file.clone(),
        source,
    })?;
    println!("{} {}", cli::wrote(lang), file.display());
    println!("{}", cli::init_next_step(lang));
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Context, online: bool) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let source = config
        .source
        .as_ref()
        .map_or(BUILT_IN.to_string(), |p| p.display().to_string());
    println!("{}: {source} (ok)", cli::configuration(lang));
    let root = config.mail_root();
    let folders = Folders::new(&root, &config.mail);
    let state = |p: &std::path::Path| {
        if p.join("cur").is_dir() || p.join("new").is_dir() {
            "ok"
        } else if p.exists() {
            cli::not_a_maildir(lang)
        } else {
            cli::missing(lang)
        }
    };
    let layout = match config.mail.layout {
        Layout::Verbatim => "verbatim",
        Layout::MaildirPlusPlus => "maildir++",
    };
    println!(
        "{} {} ({layout})",
        cli::mail_root_label(lang),
        root.display()
    );
    let mut not_ready = false;
    for (label, folder) in [
        (cli::inbox_label(lang), &folders.inbox),
        (cli::archive_label(lang), &folders.archive),
        (cli::trash_label(lang), &folders.trash),
    ] {
        let state = state(folder);
        not_ready |= state != "ok";
        println!("{label} {} [{state}]", super::shown(folder));
    }
    if let Ok(paths) = ctx.paths() {
        println!(
            "{} {}",
            cli::journal_label(lang),
            paths.data_dir.join("journal.jsonl").display()
        );
    }
    let (transport, missing_program) = transport_line(&config, lang);
    println!("{} {transport}", cli::transport_label(lang));
    println!(
        "{} {}",
        cli::language_label(lang),
        match lang {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    );
    println!(
        "{} {}",
        cli::units_label(lang),
        config
            .all_units()
            .map(|u| format!(
                "{} {}{}",
                u.name,
                u.org,
                if u.fetches_own_mail {
                    cli::own_mail(lang)
                } else {
                    ""
                }
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("{}", cli::rules(lang));
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
            cli::altinn_label(lang),
            match a.environment {
                altinn_sweep::config::AltinnEnvironment::Tt02 => "tt02",
                altinn_sweep::config::AltinnEnvironment::Production => "production",
            },
            a.base_url(),
            a.token_url(),
            a.org
        ),
        None => println!("{} {}", cli::altinn_label(lang), cli::altinn_off(lang)),
    }
    for w in config.warning_facts() {
        eprintln!(
            "{}: {}",
            cli::warning(lang),
            altinn_sweep::text::inert(&cli::config_warning(lang, &w), true)
        );
    }
    if state(&folders.trash) != "ok" {
        let found = trash_candidates(&root, &config);
        let names = found
            .iter()
            .map(|n| format!("mail.trash = {n:?}"))
            .collect::<Vec<_>>()
            .join(cli::or(lang));
        eprintln!(
            "{}: {} {} {}{}",
            cli::warning(lang),
            cli::the_trash_folder(lang),
            folders.trash.display(),
            cli::trash_missing(lang),
            if found.is_empty() {
                String::new()
            } else {
                format!(" {} {names}", cli::exchange_trash_found(lang))
            }
        );
    }
    if let Some(program) = &missing_program {
        eprintln!(
            "{}: {program:?} {}",
            cli::warning(lang),
            cli::sendmail_not_on_path(lang)
        );
    }
    if not_ready {
        eprintln!("{}", cli::mailbox_not_ready(lang));
    }
    if online {
        let code = super::altinn::online(&config, lang)?;
        return Ok(if not_ready { ExitCode::from(1) } else { code });
    }
    Ok(if not_ready {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How forwards are sent, in one line, and the sendmail program if it cannot be found.
fn transport_line(config: &altinn_sweep::config::Config, lang: Lang) -> (String, Option<String>) {
    use altinn_sweep::config::TransportKind;
    let f = &config.forward;
    match f.transport {
        TransportKind::Sendmail => {
            let program = f.sendmail_command.first().cloned().unwrap_or_default();
            let found = on_path(&program);
            (
                format!(
                    "sendmail: {} ({})",
                    f.sendmail_command.join(" "),
                    match &found {
                        Some(p) => p.display().to_string(),
                        None => cli::not_found(lang).into(),
                    }
                ),
                found.is_none().then_some(program),
            )
        }
        TransportKind::Smtp => (
            match &f.smtp {
                Some(s) => format!(
                    "smtp: {}:{} ({:?}{})",
                    s.host,
                    s.port,
                    s.security,
                    s.username
                        .as_deref()
                        .map(|u| format!(", {u}"))
                        .unwrap_or_default()
                )
                .to_lowercase(),
                None => "smtp: ?".into(),
            },
            None,
        ),
        TransportKind::Maildir => (cli::maildir_transport(lang).into(), None),
    }
}

/// The program as it would be run (a path, or looked up on PATH).
fn on_path(program: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let runnable = |p: &std::path::Path| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if program.is_empty() {
        return None;
    }
    if program.contains('/') {
        let p = std::path::PathBuf::from(program);
        return runnable(&p).then_some(p);
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| runnable(p))
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
