//! Rewrites the demo mailbox `assets/demo/Mail` (embedded in the binary) and
//! `assets/demo/EXPECTED.tsv` from the table in `tests/support/mailgen/demo.rs`:
//!
//! ```text
//! cargo run --example make_demo            # writes assets/demo/
//! cargo run --example make_demo -- DIR     # writes DIR/Mail and DIR/EXPECTED.tsv
//! ```
//!
//! The output is deterministic; `tests/mailgen.rs` fails when the committed files differ
//! from it.

#[path = "../tests/support/mailgen/mod.rs"]
mod mailgen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = match args.as_slice() {
        [] => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo"),
        [dir] if !dir.starts_with('-') => PathBuf::from(dir),
        _ => {
            eprintln!("usage: make_demo [DIR]   (default: assets/demo)");
            return ExitCode::from(2);
        }
    };
    match mailgen::demo::write(&dir) {
        Ok(n) => {
            eprintln!(
                "wrote {n} messages to {} and EXPECTED.tsv",
                dir.join("Mail").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("make_demo: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
