//! The CLI documents itself: `--help` with the exit codes and an example per
//! subcommand, a man page and shell completions generated from the clap definitions.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_altinn-sweep");

fn run(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("LANG", "C")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

const SUBCOMMANDS: &[&str] = &[
    "demo",
    "scan",
    "explain",
    "apply",
    "journal",
    "undo",
    "init",
    "config",
    "completions",
    "man",
];

#[test]
fn help_shows_the_exit_codes_and_every_subcommand_has_an_example() {
    let help = run(&["--help"]);
    for line in [
        "0  ok",
        "1  runtime error",
        "2  usage or configuration error",
    ] {
        assert!(help.contains(line), "--help lacks {line:?}:\n{help}");
    }
    for sub in SUBCOMMANDS {
        let help = run(&[sub, "--help"]);
        assert!(
            help.contains("Example:") && help.contains(&format!("altinn-sweep {sub}")),
            "`{sub} --help` has no example:\n{help}"
        );
    }
}

#[test]
fn man_page_is_roff_with_every_subcommand_and_the_exit_codes() {
    let man = run(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH altinn-sweep"),
        "{man}"
    );
    assert!(man.contains("Exit codes"), "{man}");
    for sub in SUBCOMMANDS {
        assert!(man.contains(sub), "the man page lacks {sub}");
    }
}

#[test]
fn completions_for_bash_zsh_and_fish_know_the_subcommands() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef altinn-sweep"),
        ("fish", "complete -c altinn-sweep"),
    ] {
        let script = run(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        for sub in ["scan", "apply", "journal", "undo", "demo"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    // bash accepts the script as it is
    let script = run(&["completions", "bash"]);
    let out = Command::new("bash")
        .args(["-n", "-c", &script])
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "bash -n: {out:?}");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = Command::new(BIN)
        .args(["completions", "tcsh"])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
}
