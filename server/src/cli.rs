//! The command line of API.md: serve, set-password, kiosk-token, and a few
//! additions (check-config, --demo-passwords) documented in the README.

use std::{
    io::{BufRead, IsTerminal},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::ExitCode,
    sync::Arc,
};

use anyhow::Context;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::{
    auth,
    config::Config,
    events::Hub,
    http::AppState,
    store::{self, DbTarget, Store},
};

/// The password every demo account gets with `--demo-passwords`.
pub const DEMO_PASSWORD: &str = "vagvisare-demo";

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Vägvisare: check-in and queueing for drop-in points"
)]
pub struct Cli {
    /// The config file (TOML). Without it, the bundled demo config for Eskilstuna.
    #[arg(long, env = "VAGVISARE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// The SQLite database file (created if missing), or a PostgreSQL
    /// database as postgres://user@host/database.
    #[arg(
        long,
        env = "VAGVISARE_DB",
        hide_env_values = true,
        global = true,
        default_value = "vagvisare.db",
        value_parser = DbTarget::parse_arg
    )]
    pub db: DbTarget,
    /// The address to listen on.
    #[arg(
        long,
        env = "VAGVISARE_LISTEN",
        global = true,
        default_value = "127.0.0.1:8080"
    )]
    pub listen: SocketAddr,
    /// Demo only: give every account of the bundled demo config that has no
    /// password the password "vagvisare-demo". Refused with --config.
    #[arg(long)]
    pub demo_passwords: bool,
    /// Log lines as text, or as one JSON object per line (for journald and
    /// log collectors).
    #[arg(long, env = "VAGVISARE_LOG_FORMAT", global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (the default).
    Serve,
    /// Set a counsellor's or staff member's password, read from stdin.
    SetPassword { username: String },
    /// Print a new token for a kiosk, revoking its previous one.
    KioskToken { kiosk_id: String },
    /// Check the config file and say what it holds.
    CheckConfig,
    /// Write a consistent copy of the database to FILE, while the server
    /// runs; FILE must not exist yet.
    Backup { file: PathBuf },
    /// Fold tickets older than N days into daily figures and delete them
    /// (default: retention_days of the config). The server also does this daily.
    Purge {
        #[arg(long)]
        older_than_days: Option<u32>,
    },
    /// Demo and benchmarks only: write made-up history for every site,
    /// ending yesterday (see server/src/history.rs for its parameters).
    DemoHistory {
        #[arg(long, default_value_t = 365)]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

pub fn run(cli: Cli) -> ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, never into journald.
        .with_ansi(std::io::stderr().is_terminal());
    match cli.log_format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().flatten_event(true).init(),
    }
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: the config was refused: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve_until_stopped(
            config,
            &cli.db,
            cli.listen,
            cli.demo_passwords,
            cli.config.is_none(),
        ),
        Command::SetPassword { username } => set_password(&config, &cli.db, &username),
        Command::KioskToken { kiosk_id } => kiosk_token(&config, &cli.db, &kiosk_id),
        Command::Purge { older_than_days } => purge(&config, &cli.db, older_than_days),
        Command::Backup { file } => backup(&cli.db, &file),
        Command::DemoHistory { days, seed } => demo_history(&config, &cli.db, days, seed),
        Command::CheckConfig => check_config(&config),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// What `server check-config` (and the service's `ExecStartPre`) checks:
/// the config, and the certificate files it names.
fn check_config(config: &Config) -> anyhow::Result<()> {
    if let Some(tls) = &config.tls {
        crate::tls::Certificates::load(tls)?;
    }
    println!(
        "config ok: {} sites, {} errands, {} counsellors and staff, {} kiosks{}",
        config.sites.len(),
        config.errands.len(),
        config.counsellors.len(),
        config.kiosks.len(),
        if config.tls.is_some() {
            ", HTTPS with a certificate and key that fit"
        } else {
            ""
        }
    );
    Ok(())
}

/// Runs a subcommand's work on the store at `db`, on a runtime of its own.
fn with_store<T>(
    config: &Config,
    db: &DbTarget,
    work: impl AsyncFnOnce(&dyn Store) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let config = Arc::new(config.clone());
        let hub = Arc::new(Hub::new(&config, config.limits.listeners_per_site));
        let store = store::open(db, config, hub).await?;
        work(store.as_ref()).await
    })
}

fn set_password(config: &Config, db: &DbTarget, username: &str) -> anyhow::Result<()> {
    if config.counsellor(username).is_none() {
        let known: Vec<&str> = config
            .counsellors
            .iter()
            .map(|c| c.username.as_str())
            .collect();
        anyhow::bail!(
            "{username:?} is not in the config (known: {})",
            known.join(", ")
        );
    }
    if std::io::stdin().is_terminal() {
        eprintln!("Type the new password for {username} and press Enter:");
    }
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("cannot read the password from stdin")?;
    let password = password.trim_end_matches(['\r', '\n']);
    match auth::password_refusal(username, password, &config.password_context()) {
        None => {}
        Some(auth::PasswordRefusal::TooShort) => anyhow::bail!(
            "the password must have at least {} characters",
            auth::MIN_PASSWORD_CHARS
        ),
        Some(auth::PasswordRefusal::TooLong) => anyhow::bail!(
            "the password may have at most {} characters",
            auth::MAX_PASSWORD_CHARS
        ),
        Some(auth::PasswordRefusal::Common) => anyhow::bail!(
            "that password is among the most common ones and easy to guess; choose another"
        ),
        Some(auth::PasswordRefusal::IsUsername) => {
            anyhow::bail!("the password must not be the username")
        }
        Some(auth::PasswordRefusal::ContextWord) => anyhow::bail!(
            "the password must not be the service's, the municipality's or a site's name, or the username, with digits or signs added"
        ),
    }
    let hash = auth::hash_password(password)?;
    with_store(config, db, async |store| {
        let now = crate::clock::now_ms();
        Ok(store.set_password(username.into(), hash, now, None).await?)
    })?;
    println!("password set for {username}");
    Ok(())
}

fn kiosk_token(config: &Config, db: &DbTarget, kiosk_id: &str) -> anyhow::Result<()> {
    if config.kiosk(kiosk_id).is_none() {
        let known: Vec<&str> = config.kiosks.iter().map(|k| k.id.as_str()).collect();
        anyhow::bail!(
            "kiosk {kiosk_id:?} is not in the config (known: {})",
            known.join(", ")
        );
    }
    let token = auth::random_token(32);
    with_store(config, db, async |store| {
        let now = crate::clock::now_ms();
        Ok(store
            .set_kiosk_token(kiosk_id.into(), auth::hash_token(&token), now)
            .await?)
    })?;
    tracing::info!(target: "security", kiosk = %kiosk_id, "kiosk token issued; the previous one is revoked");
    println!("{token}");
    Ok(())
}

fn backup(db: &DbTarget, file: &Path) -> anyhow::Result<()> {
    let bytes = store::backup(db, file)?;
    println!(
        "backup written to {} ({bytes} bytes); its integrity check says ok",
        file.display()
    );
    Ok(())
}

fn purge(config: &Config, db: &DbTarget, older_than_days: Option<u32>) -> anyhow::Result<()> {
    let days = older_than_days.unwrap_or(config.retention_days);
    let purged = with_store(config, db, async |store| {
        Ok(store.purge(days, crate::clock::now_ms()).await?)
    })?;
    println!(
        "folded {} tickets of {} site-days older than {days} days into daily figures",
        purged.tickets, purged.days
    );
    Ok(())
}

fn demo_history(config: &Config, db: &DbTarget, days: u32, seed: u64) -> anyhow::Result<()> {
    let made = with_store(config, db, async |store| {
        crate::history::generate(store, config, days, crate::clock::now_ms(), seed).await
    })?;
    println!(
        "wrote {made} made-up tickets over {days} days at {} sites",
        config.sites.len()
    );
    Ok(())
}

/// Purges once a day while the server runs, the first time a minute after
/// start, and stores the figures of the closed days still kept as tickets.
async fn purge_daily(store: Arc<dyn Store>) {
    let mut next = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        tokio::time::sleep_until(next).await;
        next += std::time::Duration::from_secs(24 * 3600);
        match store.daily_upkeep(crate::clock::now_ms()).await {
            Ok(p) if p.tickets > 0 => {
                tracing::info!(tickets = p.tickets, days = p.days, "purged old tickets")
            }
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "the daily purge failed; it will try again tomorrow")
            }
        }
    }
}

async fn give_demo_passwords(config: &Config, store: &dyn Store) -> anyhow::Result<()> {
    let hash = auth::hash_password(DEMO_PASSWORD)?;
    let mut given = Vec::new();
    for c in &config.counsellors {
        if !store.has_password(c.username.clone()).await? {
            let now = crate::clock::now_ms();
            store
                .set_password(c.username.clone(), hash.clone(), now, None)
                .await?;
            given.push(c.username.as_str());
        }
    }
    if !given.is_empty() {
        eprintln!("==================== DEMO ONLY ====================");
        eprintln!("These demo accounts now have the password {DEMO_PASSWORD:?}:");
        eprintln!("  {}", given.join(", "));
        eprintln!("Never use --demo-passwords with real data.");
        eprintln!("===================================================");
    }
    Ok(())
}

fn serve_until_stopped(
    config: Config,
    db: &DbTarget,
    listen: SocketAddr,
    demo_passwords: bool,
    bundled_config: bool,
) -> anyhow::Result<()> {
    if demo_passwords && !bundled_config {
        anyhow::bail!(
            "--demo-passwords only works with the bundled demo config, never with --config"
        );
    }
    // From here on SIGHUP must not end the process (its default), which it
    // would if `systemctl reload` came while the database is still opening.
    let runtime = tokio::runtime::Runtime::new()?;
    let hangups = {
        let _inside = runtime.enter();
        hangups()
    };
    if !speech::synthesizer_installed() {
        tracing::warn!("espeak-ng is not installed: the display board will chime without speech");
    }
    raise_open_file_limit(&config);
    // A certificate that cannot be read stops the start here, with the
    // reason, rather than failing every visitor's connection later.
    let certificates = config
        .tls
        .as_ref()
        .map(crate::tls::Certificates::load)
        .transpose()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let scheme = if certificates.is_some() {
            "https"
        } else {
            "http"
        };
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("{scheme}://{listen}"));
        let mut state = AppState::open(config, db, public_url).await?;
        if demo_passwords {
            give_demo_passwords(&state.config, state.store.as_ref()).await?;
        }
        tracing::info!(%listen, %db, public_url = %state.public_url, "Vägvisare is serving");
        tokio::spawn(reload_on_hangup(hangups, certificates.clone()));
        state.tls = certificates;
        tokio::spawn(purge_daily(state.store.clone()));
        tokio::spawn(crate::metrics::keep_up());
        crate::router::serve(listener, state, shutdown_signal()).await?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Every connection and event stream holds a file descriptor: raise the
/// soft limit as far as the hard one allows (systemd's default soft limit
/// is 1,024), and say what we run with.
fn raise_open_file_limit(config: &Config) {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => {
            tracing::info!(open_files = limit, "open-file limit");
            let needed = config.limits.connections as u64 + 64;
            if limit < needed {
                tracing::warn!(
                    open_files = limit,
                    connections = config.limits.connections,
                    "the open-file limit is below [limits] connections; raise it (LimitNOFILE=) or lower the limit"
                );
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot read or raise the open-file limit"),
    }
}

#[cfg(unix)]
type Hangups = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Hangups = Option<()>;

/// Listens for SIGHUP, inside the runtime.
fn hangups() -> Hangups {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let listening = signal(SignalKind::hangup());
        if listening.is_err() {
            tracing::warn!("cannot listen for SIGHUP; a renewed certificate needs a restart");
        }
        listening.ok()
    }
    #[cfg(not(unix))]
    None
}

/// SIGHUP re-reads the certificate and key, as `systemctl reload` or a
/// certificate renewal's hook sends it. Connections already open keep the
/// certificate they began with; new ones get the renewed one. Without TLS
/// it is merely noted.
async fn reload_on_hangup(
    hangups: Hangups,
    certificates: Option<std::sync::Arc<crate::tls::Certificates>>,
) {
    #[cfg(unix)]
    {
        let Some(mut hangups) = hangups else {
            return;
        };
        while hangups.recv().await.is_some() {
            let Some(certificates) = &certificates else {
                tracing::info!("SIGHUP: no [tls] to read again; config changes need a restart");
                continue;
            };
            match certificates.reload() {
                Ok(()) => tracing::info!("SIGHUP: certificate and key read again"),
                Err(e) => tracing::error!(
                    error = format!("{e:#}"),
                    "SIGHUP: the certificate files were refused; the one in use is kept"
                ),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (hangups, certificates);
}

/// Ctrl-C or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
