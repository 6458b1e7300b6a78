//! Rebuilds the binary when the bundled demo mailbox changes: `include_dir!` embeds
//! `assets/demo/Mail`, but on stable Rust cargo does not see its files as inputs.

fn main() {
    println!("cargo:rerun-if-changed=assets/demo");
    println!("cargo:rerun-if-changed=build.rs");
}
