//! The one mail generator of the tests, benchmarks, examples and the demo mailbox. It is
//! test code, not part of the crate: `tests/support/mod.rs` declares it for the integration
//! tests, and `benches/scan.rs` and the examples include it with `#[path]`.
//!
//! - [`mime`]: raw RFC 5322 / MIME construction on the `base64` and `quoted_printable`
//!   crates (encoded words, text parts, multiparts, LF or CRLF messages);
//! - [`altinn`]: the notification wordings of Altinn and NAV;
//! - [`demo`]: the demo mailbox `assets/demo/Mail` and its `EXPECTED.tsv`, a table of
//!   message specs (`cargo run --example make_demo` rewrites them);
//! - [`simple`]: small numbered notifications of each kind for the CLI and fault tests;
//! - [`bulk`]: big deterministic mbsync-style mail roots for the scan benchmark and
//!   `cargo run --example genmail`.
#![allow(dead_code)] // each includer uses its own part

pub mod altinn;
pub mod bulk;
pub mod demo;
pub mod mime;
pub mod simple;
