//! The `server` command: see `cli.rs` and the README.

use clap::Parser;

fn main() -> std::process::ExitCode {
    server::cli::run(server::cli::Cli::parse())
}
