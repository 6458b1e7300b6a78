//! Scan benchmark: `altinn-sweep scan` over generated mail roots of 10 000 and 100 000
//! messages, against the floor of any header scanner (open every file and read its first
//! 8 KiB, in Rust and in C), against listing the folder alone (readdir, inside the bench
//! process and as a C process of its own), and against mblaze
//! (`mlist | mhdr`): without the classification cache, with no cache file yet (the first
//! scan, which writes it) and with a warm one (a restart); peak RSS of each; the TUI's
//! time to the complete queue without the cache and with a warm one (in a pseudo-terminal,
//! see `support/tui_start.rs`); and `apply --yes` of 1 000 archives against one.
//!
//! Prints figures only (wall clock, and the CPU time of the same runs, which a loaded
//! machine disturbs much less); it never asserts a timing. Run with `cargo bench --bench scan`.
//! Without the `--bench` argument that `cargo bench` passes (e.g. under
//! `cargo test --all-targets`) it runs as a quick smoke test instead: 300 messages in a
//! temporary directory, one run of each tool.
//!
//! Environment:
//! - `ALTINN_BENCH_DIR`   where mail roots live (default `target/bench-mail/`); a root
//!   is `<dir>/<count>/` and is regenerated only when its `.complete` marker does not
//!   match the count, seed and generator version;
//! - `ALTINN_BENCH_SIZES` comma-separated message counts (default `10000,100000`);
//! - `ALTINN_BENCH_RUNS`  timed runs per measurement, median reported (default 5);
//! - `ALTINN_BENCH_SEED`  generator seed (default `genlib::DEFAULT_SEED`);
//! - `ALTINN_BENCH_COLD=1` adds one cold-cache run of the baselines and the scan (needs
//!   root: drops the page cache through `/proc/sys/vm/drop_caches`).

#[path = "../tests/support/mailgen/mod.rs"]
mod mailgen;
#[path = "support/tui_start.rs"]
mod tui_start;
use mailgen::bulk as genlib;

use std::env;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const SCAN_BIN: &str = env!("CARGO_BIN_EXE_altinn-sweep");

/// The floor: what a plain C loop costs. Same work as [`rust_baseline`]. With `-l` first
/// it only lists (readdir alone, as a process of its own, like the restart it is set
/// against).
const C_BASELINE: &str = r#"#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];

int main(int argc, char **argv) {
    long files = 0;
    long long bytes = 0;
    char path[4096];
    int list_only = argc > 1 && strcmp(argv[1], "-l") == 0;
    for (int i = 1 + list_only; i < argc; i++) {
        DIR *dir = opendir(argv[i]);
        if (!dir) {
            perror(argv[i]);
            return 1;
        }
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            if (list_only) {
                files++;
                continue;
            }
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            int fd = open(path, O_RDONLY);
            if (fd < 0)
                continue;
            ssize_t n = read(fd, buf, sizeof buf);
            if (n > 0)
                bytes += n;
            close(fd);
            files++;
        }
        closedir(dir);
    }
    printf("%ld %lld\n", files, bytes);
    return 0;
}
"#;

struct Config {
    dir: PathBuf,
    sizes: Vec<usize>,
    runs: usize,
    seed: u64,
    cold: bool,
}

impl Config {
    /// Small sizes in a temporary directory, one run: for `cargo test --all-targets`.
    fn smoke(dir: &Path) -> Config {
        Config {
            dir: dir.to_path_buf(),
            sizes: vec![300],
            runs: 1,
            seed: genlib::DEFAULT_SEED,
            cold: false,
        }
    }

    fn from_env() -> Result<Config, String> {
        let dir = env::var_os("ALTINN_BENCH_DIR").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-mail"),
            PathBuf::from,
        );
        let sizes = env::var("ALTINN_BENCH_SIZES")
            .unwrap_or_else(|_| "10000,100000".to_string())
            .split(',')
            .map(|s| s.trim().replace('_', ""))
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<usize>()
                    .map_err(|_| format!("ALTINN_BENCH_SIZES: not a count: {s:?}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let runs = match env::var("ALTINN_BENCH_RUNS") {
            Ok(s) => s
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("ALTINN_BENCH_RUNS: not a positive number: {s:?}"))?,
            Err(_) => 5,
        };
        let seed = match env::var("ALTINN_BENCH_SEED") {
            Ok(s) => s
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("ALTINN_BENCH_SEED: not a number: {s:?}"))?,
            Err(_) => genlib::DEFAULT_SEED,
        };
        let cold = env::var("ALTINN_BENCH_COLD").is_ok_and(|v| v == "1");
        Ok(Config {
            dir,
            sizes,
            runs,
            seed,
            cold,
        })
    }
}

// ---------------------------------------------------------------------------
// Measurements

/// Result of one tool on one mail root.
enum Outcome {
    /// Median and all timed runs.
    Timed {
        median: Duration,
        runs: Vec<Duration>,
        /// Median CPU time (user + system) of the runs, this process and its children:
        /// what the work costs whatever else the machine is doing.
        cpu: Duration,
    },
    Failed(String),
    Unavailable(String),
}

impl Outcome {
    fn median(&self) -> Option<Duration> {
        match self {
            Outcome::Timed { median, .. } => Some(*median),
            _ => None,
        }
    }

    fn cell(&self) -> String {
        match self {
            Outcome::Timed { median, .. } => fmt_duration(*median),
            Outcome::Failed(_) => "failed".to_string(),
            Outcome::Unavailable(_) => "n/a".to_string(),
        }
    }

    fn describe(&self) -> String {
        match self {
            Outcome::Timed { median, runs, cpu } => format!(
                "median {}, CPU {} (runs: {})",
                fmt_duration(*median),
                fmt_duration(*cpu),
                runs.iter()
                    .map(|d| fmt_duration(*d))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Outcome::Failed(why) => format!("FAILED: {why}"),
            Outcome::Unavailable(why) => why.clone(),
        }
    }
}

fn fmt_duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 10_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

fn middle(sorted: &[Duration]) -> Duration {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

fn median(mut runs: Vec<Duration>, mut cpu: Vec<Duration>) -> Outcome {
    runs.sort();
    cpu.sort();
    Outcome::Timed {
        median: middle(&runs),
        cpu: middle(&cpu),
        runs,
    }
}

/// CPU time (user + system) used so far by this process and its waited-for children.
fn cpu_used() -> Duration {
    let of = |who| {
        // SAFETY: getrusage writes into the zeroed struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut u) };
        let t = |tv: libc::timeval| {
            Duration::from_secs(tv.tv_sec as u64) + Duration::from_micros(tv.tv_usec as u64)
        };
        t(u.ru_utime) + t(u.ru_stime)
    };
    of(libc::RUSAGE_SELF) + of(libc::RUSAGE_CHILDREN)
}

/// Whether the CPU columns mean anything: a median of CPU times, or `-`.
fn cpu_cell(o: &Outcome) -> String {
    match o {
        Outcome::Timed { cpu, .. } => fmt_duration(*cpu),
        _ => "-".to_string(),
    }
}

fn cpu_ratio(a: &Outcome, b: &Outcome) -> String {
    match (a, b) {
        (Outcome::Timed { cpu: a, .. }, Outcome::Timed { cpu: b, .. }) if !b.is_zero() => {
            format!("{:.1}x", a.as_secs_f64() / b.as_secs_f64())
        }
        _ => "-".to_string(),
    }
}

/// One warm-up run (discarded; it also fills the page cache), then `runs` timed runs.
/// `run` reports its own failure; the first failure stops the measurement.
fn measure(runs: usize, mut run: impl FnMut() -> Result<(), String>) -> Outcome {
    if let Err(e) = run() {
        return Outcome::Failed(e);
    }
    let (mut times, mut cpu) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        let (started, cpu_before) = (Instant::now(), cpu_used());
        if let Err(e) = run() {
            return Outcome::Failed(e);
        }
        times.push(started.elapsed());
        cpu.push(cpu_used().saturating_sub(cpu_before));
    }
    median(times, cpu)
}

/// The Rust baseline: list `INBOX/cur` and `INBOX/new`, open each file and read once
/// into an 8 KiB buffer. Returns (files, bytes read).
fn rust_baseline(root: &Path) -> io::Result<(u64, u64)> {
    let mut buf = vec![0u8; genlib::FIRST_READ];
    let (mut files, mut bytes) = (0u64, 0u64);
    for sub in ["INBOX/cur", "INBOX/new"] {
        for entry in fs::read_dir(root.join(sub))? {
            let entry = entry?;
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let mut file = File::open(entry.path())?;
            bytes += file.read(&mut buf)? as u64;
            files += 1;
        }
    }
    Ok((files, bytes))
}

/// Compiles the C baseline with `cc -O2`, if there is a C compiler.
fn build_c_baseline(work: &Path) -> Result<PathBuf, String> {
    let src = work.join("first8k.c");
    let bin = work.join("first8k");
    fs::write(&src, C_BASELINE).map_err(|e| format!("writing {}: {e}", src.display()))?;
    let out = Command::new("cc")
        .arg("-O2")
        .arg("-o")
        .arg(&bin)
        .arg(&src)
        .output()
        .map_err(|e| format!("cc not available ({e})"))?;
    if !out.status.success() {
        return Err(format!(
            "cc failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(bin)
}

fn c_baseline(bin: &Path, root: &Path) -> Result<(u64, u64), String> {
    c_run(bin, root, false)
}

/// The C program listing the folders and nothing else: readdir alone, as a process.
fn c_readdir(bin: &Path, root: &Path) -> Result<(u64, u64), String> {
    c_run(bin, root, true)
}

fn c_run(bin: &Path, root: &Path, list_only: bool) -> Result<(u64, u64), String> {
    let out = Command::new(bin)
        .args(list_only.then_some("-l"))
        .arg(root.join("INBOX/cur"))
        .arg(root.join("INBOX/new"))
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("running {}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text
        .split_whitespace()
        .map(|s| s.parse::<u64>().unwrap_or(0));
    Ok((it.next().unwrap_or(0), it.next().unwrap_or(0)))
}

/// Listing the folder and nothing else: what a restart from the cache cannot beat.
fn readdir_only(root: &Path) -> io::Result<u64> {
    let mut files = 0u64;
    for sub in ["INBOX/cur", "INBOX/new"] {
        for entry in fs::read_dir(root.join(sub))? {
            if !entry?.file_name().as_encoded_bytes().starts_with(b".") {
                files += 1;
            }
        }
    }
    Ok(files)
}

/// How a scan is run: without the classification cache, or with its cache files in
/// `dir` (removed before each run for `Cold`, kept for `Warm`).
#[derive(Clone, Copy)]
enum CacheMode<'a> {
    Off,
    Cold(&'a Path),
    Warm(&'a Path),
}

impl CacheMode<'_> {
    /// Before a run: a cold run starts without a cache file.
    fn prepare(&self) {
        if let CacheMode::Cold(dir) = self {
            let _ = fs::remove_dir_all(dir);
        }
    }

    fn apply(&self, cmd: &mut Command) {
        match self {
            CacheMode::Off => {
                cmd.arg("--no-cache");
            }
            CacheMode::Cold(dir) | CacheMode::Warm(dir) => {
                cmd.env("XDG_CACHE_HOME", dir);
            }
        }
    }
}

fn scan_command(root: &Path, cache: CacheMode) -> Command {
    let mut cmd = Command::new(SCAN_BIN);
    cache.apply(&mut cmd);
    cmd.arg("--maildir").arg(root).arg("scan").arg("--json");
    cmd
}

/// How many units the municipality the tool is made for has (Sandnes: about 185).
const MUNICIPALITY_UNITS: usize = 185;

/// The default configuration with `n` more units (invented, MOD11-valid numbers, each
/// with an alias), written into `dir`: a document centre's configuration, whose unit
/// lookups are part of every notification's analysis.
fn config_with_units(dir: &Path, n: usize) -> io::Result<PathBuf> {
    let mut text = include_str!("../assets/config.default.toml").to_string();
    let kinds = ["skole", "barnehage", "sykehjem", "bibliotek"];
    for (added, org) in altinn_sweep::orgnr::OrgNr::valid_from(910_000_001)
        .take(n)
        .enumerate()
    {
        let kind = kinds[added % kinds.len()];
        let number = added / kinds.len();
        text.push_str(&format!(
            "\n[[units]]\nname = \"Sandnes {kind} {number}\"\norg = \"{}\"\n\
             aliases = [\"SANDNES KOMMUNE {} {number}\"]\n",
            org.digits(),
            kind.to_uppercase()
        ));
    }
    let path = dir.join(format!("config-{n}-units.toml"));
    fs::write(&path, text)?;
    Ok(path)
}

/// Like [`measure`], with `setup` before every run, outside the timing.
fn measure_with(
    runs: usize,
    mut setup: impl FnMut(),
    mut run: impl FnMut() -> Result<(), String>,
) -> Outcome {
    setup();
    if let Err(e) = run() {
        return Outcome::Failed(e);
    }
    let (mut times, mut cpu) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        setup();
        let (started, cpu_before) = (Instant::now(), cpu_used());
        if let Err(e) = run() {
            return Outcome::Failed(e);
        }
        times.push(started.elapsed());
        cpu.push(cpu_used().saturating_sub(cpu_before));
    }
    median(times, cpu)
}

/// Runs a command with stdout discarded; failure carries the exit status and stderr.
fn run_quiet(mut cmd: Command) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().take(20).collect();
        Err(format!(
            "{}; stderr:\n      {}",
            out.status,
            tail.join("\n      ")
        ))
    }
}

/// Peak RSS of one scan, in MiB, through GNU time's `%M`.
fn scan_peak_rss(root: &Path, work: &Path, cache: CacheMode) -> Result<f64, String> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return Err("n/a (/usr/bin/time missing: apt-get install time)".to_string());
    }
    let report = work.join("rss.txt");
    let mut cmd = Command::new(time);
    cache.prepare();
    if let CacheMode::Cold(dir) | CacheMode::Warm(dir) = cache {
        cmd.env("XDG_CACHE_HOME", dir);
    }
    cmd.arg("-f").arg("%M").arg("-o").arg(&report).arg(SCAN_BIN);
    if matches!(cache, CacheMode::Off) {
        cmd.arg("--no-cache");
    }
    cmd.arg("--maildir").arg(root).arg("scan").arg("--json");
    run_quiet(cmd)?;
    let text = fs::read_to_string(&report).map_err(|e| format!("reading time report: {e}"))?;
    let kib: f64 = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| format!("unexpected time output {text:?}"))?;
    Ok(kib / 1024.0)
}

fn on_path(program: &str) -> bool {
    env::var_os("PATH")
        .is_some_and(|paths| env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn mblaze_command(root: &Path) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"mlist "$1" | mhdr -h from:subject"#)
        .arg("sh")
        .arg(root.join("INBOX"));
    cmd
}

// ---------------------------------------------------------------------------
// Cold cache

fn is_root() -> bool {
    fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(2))
            == Some("0")
    })
}

fn drop_caches() -> Result<(), String> {
    let status = Command::new("sync")
        .status()
        .map_err(|e| format!("sync: {e}"))?;
    if !status.success() {
        return Err(format!("sync: {status}"));
    }
    fs::write("/proc/sys/vm/drop_caches", "3").map_err(|e| format!("drop_caches: {e}"))
}

fn cold_run(label: &str, run: impl FnOnce() -> Result<(), String>) {
    let result = drop_caches().and_then(|()| {
        let started = Instant::now();
        run().map(|()| started.elapsed())
    });
    match result {
        Ok(d) => println!("  cold  {label:<22} {}", fmt_duration(d)),
        Err(e) => println!("  cold  {label:<22} not measured: {e}"),
    }
}

// ---------------------------------------------------------------------------
// Driver

struct Row {
    size: usize,
    files: u64,
    bytes: u64,
    readdir: Outcome,
    /// The same listing by the C program, a process of its own.
    readdir_proc: Outcome,
    rust: Outcome,
    c: Outcome,
    /// `--no-cache`
    scan: Outcome,
    /// no cache file yet: the first scan, which writes it
    cold: Outcome,
    /// a restart on the unchanged mailbox
    warm: Outcome,
    mblaze: Outcome,
    rss: Result<f64, String>,
    rss_warm: Result<f64, String>,
    /// The TUI's complete queue without the cache, and with the warm cache file.
    tui_off: Outcome,
    tui_warm: Outcome,
    /// `scan --no-cache` with the default configuration and [`MUNICIPALITY_UNITS`] units.
    with_units: Outcome,
}

/// Makes sure `<dir>/<count>` is a complete root for this seed; returns its path.
fn ensure_root(cfg: &Config, count: usize) -> io::Result<PathBuf> {
    let root = cfg.dir.join(count.to_string());
    if genlib::is_complete(&root, count, cfg.seed) {
        println!("  reusing {} (marker matches)", root.display());
    } else {
        println!("  generating {count} messages into {} ...", root.display());
        let summary = genlib::generate(&root, count, cfg.seed)?;
        for line in summary.to_string().lines() {
            println!("    {line}");
        }
    }
    Ok(root)
}

/// Number and total size of the messages in INBOX.
fn inbox_size(root: &Path) -> io::Result<(u64, u64)> {
    let (mut files, mut bytes) = (0, 0);
    for sub in ["INBOX/cur", "INBOX/new"] {
        for entry in fs::read_dir(root.join(sub))? {
            let meta = entry?.metadata()?;
            files += 1;
            bytes += meta.len();
        }
    }
    Ok((files, bytes))
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim())
        .to_string();
    let mem = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or_else(String::new, |kib| {
            format!(", {:.1} GiB RAM", kib / 1_048_576.0)
        });
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| format!(", Linux {}", k.trim()))
        .unwrap_or_default();
    format!("nproc {cores}, {model}{mem}{kernel}")
}

fn ratio(a: &Outcome, b: &Outcome) -> String {
    match (a.median(), b.median()) {
        (Some(a), Some(b)) if !b.is_zero() => {
            format!("{:.1}x", a.as_secs_f64() / b.as_secs_f64())
        }
        _ => "-".to_string(),
    }
}

fn bench_size(cfg: &Config, count: usize, c_bin: Option<&Path>, work: &Path) -> io::Result<Row> {
    println!("\n== {count} messages");
    let root = ensure_root(cfg, count)?;
    let (files, bytes) = inbox_size(&root)?;
    println!(
        "  INBOX: {files} files, {:.1} MiB",
        bytes as f64 / 1_048_576.0
    );

    let rust = measure(cfg.runs, || {
        rust_baseline(&root).map(|_| ()).map_err(|e| e.to_string())
    });
    if let Ok((n, read)) = rust_baseline(&root) {
        println!(
            "  baseline (Rust loop)   {}; {n} files, {:.1} MiB read",
            rust.describe(),
            read as f64 / 1_048_576.0
        );
    }
    let c = match c_bin {
        Some(bin) => measure(cfg.runs, || c_baseline(bin, &root).map(|_| ())),
        None => Outcome::Unavailable("no C compiler".to_string()),
    };
    println!("  baseline (C loop)      {}", c.describe());

    let readdir = measure(cfg.runs, || {
        readdir_only(&root).map(|_| ()).map_err(|e| e.to_string())
    });
    println!("  readdir alone          {}", readdir.describe());
    let readdir_proc = match c_bin {
        Some(bin) => measure(cfg.runs, || c_readdir(bin, &root).map(|_| ())),
        None => Outcome::Unavailable("no C compiler".to_string()),
    };
    println!("  readdir, a C process   {}", readdir_proc.describe());

    let cache_dir = work.join(format!("cache-{count}"));
    let (off, cold, warm) = (
        CacheMode::Off,
        CacheMode::Cold(&cache_dir),
        CacheMode::Warm(&cache_dir),
    );
    let timed = |mode: CacheMode, rss: &Result<f64, String>| match rss {
        // The RSS run doubles as a warm-up; a failing binary is not timed.
        Err(e) if !e.starts_with("n/a") => Outcome::Failed(e.clone()),
        _ => measure_with(
            cfg.runs,
            || mode.prepare(),
            || run_quiet(scan_command(&root, mode)),
        ),
    };
    let rss = scan_peak_rss(&root, work, off);
    let scan = timed(off, &rss);
    println!("  scan --no-cache        {}", scan.describe());
    let with_units = match config_with_units(work, MUNICIPALITY_UNITS) {
        Ok(config) => measure(cfg.runs, || {
            let mut cmd = scan_command(&root, off);
            cmd.arg("--config").arg(&config);
            run_quiet(cmd)
        }),
        Err(e) => Outcome::Failed(format!("cannot write the configuration: {e}")),
    };
    println!(
        "  scan --no-cache, {MUNICIPALITY_UNITS} units {}",
        with_units.describe()
    );
    let rss_cold = scan_peak_rss(&root, work, cold);
    let cold_scan = timed(cold, &rss_cold);
    println!("  scan, no cache file    {}", cold_scan.describe());
    // the cold runs left the cache file of this root behind
    let rss_warm = scan_peak_rss(&root, work, warm);
    let warm_scan = timed(warm, &rss_warm);
    println!("  scan, warm cache file  {}", warm_scan.describe());
    for (label, r) in [
        ("--no-cache", &rss),
        ("no cache file", &rss_cold),
        ("warm cache file", &rss_warm),
    ] {
        match r {
            Ok(mib) => println!("  peak RSS, {label:<16} {mib:.1} MiB"),
            Err(e) => println!("  peak RSS, {label:<16} {e}"),
        }
    }

    // The TUI: spawn to the complete queue, without the cache and with the warm file.
    let tui = |cache: Option<&Path>, label: &str| {
        let home = work.join(format!("tui-home-{count}"));
        let mut first = Vec::new();
        let (mut times, mut cpu) = (Vec::new(), Vec::new());
        for run in 0..=cfg.runs {
            let cpu_before = cpu_used();
            match tui_start::start(SCAN_BIN, &root, cache, &home) {
                Ok((f, complete)) if run > 0 => {
                    first.push(f);
                    times.push(complete);
                    cpu.push(cpu_used().saturating_sub(cpu_before));
                }
                Ok(_) => {} // the warm-up run
                Err(e) => return Outcome::Failed(e),
            }
        }
        first.sort();
        let outcome = median(times, cpu);
        println!(
            "  TUI {label:<19}{}; first frame median {}",
            outcome.describe(),
            fmt_duration(middle(&first))
        );
        outcome
    };
    let tui_off = tui(None, "--no-cache");
    let tui_warm = tui(Some(&cache_dir), "warm cache file");

    let mblaze = if on_path("mlist") && on_path("mhdr") {
        measure(cfg.runs, || run_quiet(mblaze_command(&root)))
    } else {
        Outcome::Unavailable("mblaze not installed (apt-get install mblaze)".to_string())
    };
    println!("  mblaze mlist | mhdr    {}", mblaze.describe());

    if cfg.cold {
        if is_root() {
            cold_run("baseline (Rust loop)", || {
                rust_baseline(&root).map(|_| ()).map_err(|e| e.to_string())
            });
            if let Some(bin) = c_bin {
                cold_run("baseline (C loop)", || c_baseline(bin, &root).map(|_| ()));
            }
            cold_run("altinn-sweep scan", || {
                run_quiet(scan_command(&root, CacheMode::Off))
            });
        } else {
            println!("  cold-cache runs skipped: dropping the page cache needs root");
        }
    }

    Ok(Row {
        size: count,
        files,
        bytes,
        readdir,
        readdir_proc,
        rust,
        c,
        scan,
        cold: cold_scan,
        warm: warm_scan,
        mblaze,
        rss: rss_cold,
        rss_warm,
        tui_off,
        tui_warm,
        with_units,
    })
}

impl Row {
    /// The reference floor: the C loop; the Rust loop stands in without a compiler.
    fn floor(&self) -> &Outcome {
        if self.c.median().is_some() {
            &self.c
        } else {
            &self.rust
        }
    }
}

fn print_table(rows: &[Row]) {
    println!(
        "\n{:>7} {:>8} | {:>8} {:>8} {:>8} | {:>9} {:>6} | {:>9} {:>6} | {:>9} {:>6} {:>7} {:>7} | {:>9} {:>6} | {:>15}",
        "size",
        "MiB",
        "readdir",
        "rd proc",
        "floor C",
        "no-cache",
        "/floor",
        "1st scan",
        "/floor",
        "restart",
        "/floor",
        "/readdir",
        "/rd proc",
        "mblaze",
        "/floor",
        "RSS 1st/restart",
    );
    println!("{}", "-".repeat(158));
    for r in rows {
        let base = r.floor();
        let mib = |r: &Result<f64, String>| match r {
            Ok(m) => format!("{m:.0}"),
            Err(_) => "n/a".to_string(),
        };
        println!(
            "{:>7} {:>8.0} | {:>8} {:>8} {:>8} | {:>9} {:>6} | {:>9} {:>6} | {:>9} {:>6} {:>7} {:>7} | {:>9} {:>6} | {:>15}",
            r.size,
            r.bytes as f64 / 1_048_576.0,
            r.readdir.cell(),
            r.readdir_proc.cell(),
            base.cell(),
            r.scan.cell(),
            ratio(&r.scan, base),
            r.cold.cell(),
            ratio(&r.cold, base),
            r.warm.cell(),
            ratio(&r.warm, base),
            ratio(&r.warm, &r.readdir),
            ratio(&r.warm, &r.readdir_proc),
            r.mblaze.cell(),
            ratio(&r.mblaze, base),
            format!("{} / {} MiB", mib(&r.rss), mib(&r.rss_warm)),
        );
        let _ = r.files;
    }
    println!(
        "(floor: the C loop, or the Rust loop where there is no C compiler; 1st scan: no cache \
         file yet, it writes one; restart: the cache file of the unchanged mailbox; readdir: \
         listed inside this bench process; rd proc: listed by the C program, a process of its \
         own like the restart)"
    );
    // On a shared machine the wall-clock figures depend on what else runs; the CPU time
    // each tool used (user + system, median of the same runs) does much less.
    println!(
        "\nCPU time (user + system, all threads and child processes), median of the same runs:"
    );
    println!(
        "{:>7} | {:>8} {:>8} {:>8} | {:>9} {:>6} | {:>9} {:>6} | {:>9} {:>6} {:>7} {:>7} | {:>9} {:>6}",
        "size",
        "readdir",
        "rd proc",
        "floor C",
        "no-cache",
        "/floor",
        "1st scan",
        "/floor",
        "restart",
        "/floor",
        "/readdir",
        "/rd proc",
        "mblaze",
        "/floor",
    );
    println!("{}", "-".repeat(130));
    for r in rows {
        let base = r.floor();
        println!(
            "{:>7} | {:>8} {:>8} {:>8} | {:>9} {:>6} | {:>9} {:>6} | {:>9} {:>6} {:>7} {:>7} | {:>9} {:>6}",
            r.size,
            cpu_cell(&r.readdir),
            cpu_cell(&r.readdir_proc),
            cpu_cell(base),
            cpu_cell(&r.scan),
            cpu_ratio(&r.scan, base),
            cpu_cell(&r.cold),
            cpu_ratio(&r.cold, base),
            cpu_cell(&r.warm),
            cpu_ratio(&r.warm, base),
            cpu_ratio(&r.warm, &r.readdir),
            cpu_ratio(&r.warm, &r.readdir_proc),
            cpu_cell(&r.mblaze),
            cpu_ratio(&r.mblaze, base),
        );
    }
    pair_table(
        "TUI, spawn to the complete queue on screen (120x40)",
        rows,
        ("--no-cache", |r| &r.tui_off),
        ("warm cache", |r| &r.tui_warm),
    );
    pair_table(
        &format!(
            "scan --no-cache with the default configuration (4 units) and with \
             {MUNICIPALITY_UNITS} units configured"
        ),
        rows,
        ("4 units", |r| &r.scan),
        (&format!("{MUNICIPALITY_UNITS} units"), |r| &r.with_units),
    );
}

/// A table of two measurements per size, each with its CPU time.
fn pair_table(
    title: &str,
    rows: &[Row],
    (a, of_a): (&str, fn(&Row) -> &Outcome),
    (b, of_b): (&str, fn(&Row) -> &Outcome),
) {
    println!("\n{title}, median of the same runs:");
    println!(
        "{:>7} | {:>10} {:>10} | {:>10} {:>10}",
        "size", a, "CPU", b, "CPU"
    );
    println!("{}", "-".repeat(56));
    for r in rows {
        println!(
            "{:>7} | {:>10} {:>10} | {:>10} {:>10}",
            r.size,
            of_a(r).cell(),
            cpu_cell(of_a(r)),
            of_b(r).cell(),
            cpu_cell(of_b(r)),
        );
    }
}

// ---------------------------------------------------------------------------
// Bulk apply

/// A mail root with `n` notifications that the default rules archive, in `dir`.
fn apply_root(dir: &Path, n: usize) -> io::Result<PathBuf> {
    let _ = fs::remove_dir_all(dir);
    let root = dir.join("Mail");
    for folder in ["INBOX", "Altinn", "Trash"] {
        for sub in ["cur", "new", "tmp"] {
            fs::create_dir_all(root.join(folder).join(sub))?;
        }
    }
    for i in 1..=n {
        fs::write(
            root.join(format!("INBOX/cur/1800000000.{i}_1.bench,U={i}:2,S")),
            mailgen::simple::notification(i, mailgen::simple::Kind::Archive),
        )?;
    }
    Ok(root)
}

/// `apply --yes` on `n` archives (a fresh mail root and journal each run).
fn bench_apply(work: &Path, n: usize, runs: usize) -> Outcome {
    let dir = work.join(format!("apply-{n}"));
    let root = dir.join("Mail");
    measure_with(
        runs,
        || {
            apply_root(&dir, n).expect("write the apply mail root");
        },
        || {
            let mut cmd = Command::new(SCAN_BIN);
            cmd.env("XDG_DATA_HOME", dir.join("data"))
                .env("XDG_CACHE_HOME", dir.join("cache"))
                .arg("--maildir")
                .arg(&root)
                .arg("apply")
                .arg("--yes");
            run_quiet(cmd)?;
            let left = fs::read_dir(root.join("INBOX/cur"))
                .map_err(|e| e.to_string())?
                .count();
            if left == 0 {
                Ok(())
            } else {
                Err(format!("{left} messages left in the inbox"))
            }
        },
    )
}

fn main() -> ExitCode {
    let work = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("scan bench: cannot create a temporary directory: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cfg = if env::args().any(|a| a == "--bench") {
        match Config::from_env() {
            Ok(cfg) => cfg,
            Err(e) => {
                eprintln!("scan bench: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        println!("smoke test only (no --bench argument); for figures: cargo bench --bench scan");
        Config::smoke(work.path())
    };
    println!("altinn-sweep scan benchmark");
    println!("machine   {}", machine());
    println!("binary    {SCAN_BIN}");
    println!(
        "method    median of {} timed runs after one discarded warm-up run per tool; mail roots in {} (seed {})",
        cfg.runs,
        cfg.dir.display(),
        cfg.seed
    );

    let c_bin = match build_c_baseline(work.path()) {
        Ok(bin) => Some(bin),
        Err(e) => {
            println!("C baseline unavailable: {e}");
            None
        }
    };

    let mut rows = Vec::new();
    for &count in &cfg.sizes {
        match bench_size(&cfg, count, c_bin.as_deref(), work.path()) {
            Ok(row) => rows.push(row),
            Err(e) => println!("  {count} messages: {e}"),
        }
    }
    print_table(&rows);

    let (big, small) = if cfg.sizes == [300] {
        (30, 1)
    } else {
        (1000, 1)
    };
    println!(
        "\n== apply --yes (archives; mail root on {})",
        work.path().display()
    );
    let one = bench_apply(work.path(), small, cfg.runs);
    println!("  {small:>5} action   {}", one.describe());
    let many = bench_apply(work.path(), big, cfg.runs);
    println!("  {big:>5} actions  {}", many.describe());
    if let (Some(a), Some(b)) = (one.median(), many.median()) {
        println!(
            "  {big} actions take {:.1}x one ({:.2} ms per action)",
            b.as_secs_f64() / a.as_secs_f64(),
            b.as_secs_f64() * 1000.0 / big as f64
        );
    }
    ExitCode::SUCCESS
}
