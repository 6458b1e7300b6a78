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
    let mut not_ready = false;
    for (label, folder) in [
        (l("innboks:      ", "inbox:        "), &folders.inbox),
        (l("arkiv:        ", "archive:      "), &folders.archive),
        (l("papirkurv:    ", "trash:        "), &folders.trash),
    ] {
        let state = state(folder);
        not_ready |= state != "ok";
        println!("{label} {} [{state}]", super::shown(folder));
    }
    if let Ok(paths) = ctx.paths() {
        println!(
            "{} {}",
            l("journal:      ", "journal:      "),
            paths.data_dir.join("journal.jsonl").display()
        );
    }
    let (transport, missing_program) = transport_line(&config, lang);
    println!("{} {transport}", l("sending:      ", "transport:    "));
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
    if let Some(program) = &missing_program {
        eprintln!(
            "{}: {program:?} {}",
            l("advarsel", "warning"),
            l(
                "finnes ikke på PATH: videresendinger vil feile (installer f.eks. msmtp-mta, eller sett forward.sendmail_command)",
                "is not on PATH: forwards would fail (install e.g. msmtp-mta, or set forward.sendmail_command)"
            )
        );
    }
    if not_ready {
        eprintln!(
            "{}",
            l(
                "Postkassen er ikke klar: en mappe over mangler (la synkroniseringen opprette den, eller rett navnet).",
                "The mailbox is not ready: a folder above is missing (let the sync tool create it, or fix the name)."
            )
        );
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
                    match (&found, lang) {
                        (Some(p), _) => p.display().to_string(),
                        (None, Lang::Nb) => "IKKE FUNNET".into(),
                        (None, Lang::En) => "NOT FOUND".into(),
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
        TransportKind::Maildir => (
            lang.pick(
                "maildir: skrives til Outbox, ingenting sendes",
                "maildir: written to Outbox, nothing is sent",
            )
            .into(),
            None,
        ),
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
