//! Generates a large, deterministic mbsync-style Maildir mail root for benchmarks and
//! manual testing.
//!
//! ```text
//! cargo run --release --example genmail -- OUT_DIR COUNT [SEED]
//! ```
//!
//! `OUT_DIR` must be empty, missing, or an earlier output of this generator (which is
//! replaced). `OUT_DIR/.genmail-manifest.tsv` says what each generated file is. The
//! generator itself is `tests/support/mailgen/bulk.rs`, shared with `benches/scan.rs`: a root
//! made here with the default seed in `target/bench-mail/<COUNT>` is reused by the
//! benchmark.

#[path = "../tests/support/mailgen/mod.rs"]
mod mailgen;
use mailgen::bulk as genlib;

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: genmail OUT_DIR COUNT [SEED]\n  \
         writes COUNT messages into OUT_DIR/INBOX (default seed {})",
        genlib::DEFAULT_SEED
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 || args.len() > 3 {
        return usage();
    }
    let out = PathBuf::from(&args[0]);
    let Ok(count) = args[1].replace('_', "").parse::<usize>() else {
        eprintln!("genmail: COUNT must be a number, got {:?}", args[1]);
        return usage();
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => genlib::DEFAULT_SEED,
        Some(Ok(seed)) => seed,
        Some(Err(_)) => {
            eprintln!("genmail: SEED must be a number, got {:?}", args[2]);
            return usage();
        }
    };
    match genlib::generate(&out, count, seed) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("genmail: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
