//! The `kiosk` command: see `settings.rs` and the README.

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        // Standard output carries print-ticket's answer to the kiosk.
        .with_writer(std::io::stderr)
        .init();
    let args = kiosk::settings::Args::parse();
    let result = match &args.command {
        None => kiosk::settings::Settings::from_args(args).and_then(kiosk::run),
        Some(command) => printing(&args, command),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// `print-test` and `print-ticket`: they need the printer and nothing else.
fn printing(
    args: &kiosk::settings::Args,
    command: &kiosk::settings::Command,
) -> anyhow::Result<()> {
    use kiosk::settings::{Command, Printer};
    let printer = Printer::from_args(args)?.ok_or_else(|| {
        anyhow::anyhow!(
            "no printer given: --printer, VAGVISARE_KIOSK_PRINTER or printer in the config"
        )
    })?;
    match command {
        Command::PrintTest { lang } => kiosk::printing::print_test(&printer, lang),
        Command::PrintTicket => kiosk::printing::print_ticket(&printer),
    }
}
