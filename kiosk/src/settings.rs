//! How a kiosk is set up: which server, its token, where its outbox lives,
//! whether it runs full screen, and its sound (ALSA device, volume, the
//! folder of recorded clips). From a TOML file, environment variables
//! and the command line, in that order of precedence (the last wins).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use serde::Deserialize;

use crate::{escpos, printer, speaker::Output};

/// The demo server's address and the files `scripts/demo` prepares.
pub const DEMO_SERVER: &str = "http://127.0.0.1:8080";
pub const DEMO_DIR: &str = "demo-data";

#[derive(Debug, Parser)]
#[command(name = "kiosk", version, about = "Vägvisare's check-in kiosk")]
pub struct Args {
    /// A TOML file with server_url, token or token_file, database, fullscreen.
    #[arg(long, env = "VAGVISARE_KIOSK_CONFIG")]
    pub config: Option<PathBuf>,
    /// The server, e.g. https://vagvisare.example.se
    #[arg(long, env = "VAGVISARE_KIOSK_SERVER")]
    pub server: Option<String>,
    /// A file holding this kiosk's token (from `server kiosk-token`).
    #[arg(long, env = "VAGVISARE_KIOSK_TOKEN_FILE")]
    pub token_file: Option<PathBuf>,
    /// The kiosk's own SQLite outbox.
    #[arg(long, env = "VAGVISARE_KIOSK_DB")]
    pub db: Option<PathBuf>,
    /// Full screen (the default for a real kiosk) ...
    #[arg(long, conflicts_with = "windowed")]
    pub fullscreen: bool,
    /// ... or in a window.
    #[arg(long)]
    pub windowed: bool,
    /// Run against the demo server started by `scripts/demo`, in a window.
    #[arg(long)]
    pub demo: bool,
    /// The read-aloud's loudness, 0 (silent) to 100.
    #[arg(long, env = "VAGVISARE_KIOSK_VOLUME")]
    pub volume: Option<u8>,
    /// The ALSA device to play on (`aplay -L` lists them); default "default".
    #[arg(long, env = "VAGVISARE_KIOSK_AUDIO_DEVICE")]
    pub audio_device: Option<String>,
    /// A folder of recorded clips, `<tag>/audio/<message-id>.ogg` or `.wav`.
    #[arg(long, env = "VAGVISARE_KIOSK_CLIPS")]
    pub clips: Option<PathBuf>,
    /// The receipt printer: tcp://HOST[:PORT] or a device such as /dev/usb/lp0.
    #[arg(long, env = "VAGVISARE_KIOSK_PRINTER", global = true)]
    pub printer: Option<String>,
    /// The printer's paper: 58 or 80 (mm); default 80.
    #[arg(long, env = "VAGVISARE_KIOSK_PAPER_WIDTH_MM", global = true)]
    pub paper_width_mm: Option<u32>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a sample ticket and say what the printer answered.
    PrintTest {
        /// The ticket's language (a tag such as sv, ar, ti).
        #[arg(long, default_value = "sv")]
        lang: String,
    },
    /// Print the ticket given as JSON on stdin and answer as JSON on stdout:
    /// how the kiosk prints, off its window's thread.
    #[command(hide = true)]
    PrintTicket,
}

/// Where tickets go and how wide they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printer {
    pub address: printer::Address,
    /// 384 for 58 mm paper, 576 for 80 mm.
    pub dots: u32,
}

impl Printer {
    fn from(uri: Option<String>, paper_width_mm: Option<u32>) -> anyhow::Result<Option<Printer>> {
        let Some(uri) = uri.filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let address = uri.trim().parse().map_err(anyhow::Error::msg)?;
        let mm = paper_width_mm.unwrap_or(80);
        let dots = escpos::dots_for_paper(mm)
            .with_context(|| format!("paper_width_mm must be 58 or 80, not {mm}"))?;
        Ok(Some(Printer { address, dots }))
    }

    /// The paper the dots are for.
    pub fn paper_width_mm(&self) -> u32 {
        if self.dots <= 384 {
            58
        } else {
            80
        }
    }

    /// The printer of the command line or the config file, for `print-test`
    /// and `print-ticket`, which need nothing else.
    pub fn from_args(args: &Args) -> anyhow::Result<Option<Printer>> {
        let file = read_file(args.config.as_deref())?;
        Printer::from(
            args.printer.clone().or(file.printer),
            args.paper_width_mm.or(file.paper_width_mm),
        )
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    server_url: Option<String>,
    token: Option<String>,
    token_file: Option<PathBuf>,
    database: Option<PathBuf>,
    fullscreen: Option<bool>,
    volume: Option<u8>,
    audio_device: Option<String>,
    clips: Option<PathBuf>,
    printer: Option<String>,
    paper_width_mm: Option<u32>,
}

fn read_file(path: Option<&Path>) -> anyhow::Result<File> {
    let Some(path) = path else {
        return Ok(File::default());
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Everything the kiosk needs to run, checked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub server_url: String,
    pub token: String,
    pub database: PathBuf,
    pub fullscreen: bool,
    pub audio: Output,
    pub clips: Option<PathBuf>,
    /// None: the kiosk shows the ticket and prints nothing.
    pub printer: Option<Printer>,
}

/// The sound settings, checked: a volume above 100 is a typo, not a wish.
fn audio(volume: Option<u8>, device: Option<String>) -> anyhow::Result<Output> {
    let defaults = Output::default();
    let volume = volume.unwrap_or(defaults.volume);
    if volume > 100 {
        bail!("volume must be from 0 to 100, not {volume}");
    }
    Ok(Output {
        device: device.unwrap_or(defaults.device),
        volume,
    })
}

fn read_token(path: &Path) -> anyhow::Result<String> {
    let token = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the kiosk token from {}", path.display()))?;
    Ok(token.trim().to_string())
}

/// The kiosk's token and every check-in cross the network: only https will
/// do, except to a server on this very machine (the demo, the tests).
fn check_server_url(url: &str) -> anyhow::Result<()> {
    if url.starts_with("https://") {
        return Ok(());
    }
    let Some(rest) = url.strip_prefix("http://") else {
        bail!("the server must be an https:// address, not {url:?}");
    };
    let host_port = rest.split('/').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.rsplit_once(':').map_or(host_port, |(h, _)| h),
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        bail!(
            "the server must be an https:// address ({url:?} would send the kiosk's token \
             and every check-in unencrypted); plain http:// is only for a server on this machine"
        );
    }
    Ok(())
}

impl Settings {
    pub fn from_args(args: Args) -> anyhow::Result<Settings> {
        if args.demo {
            let dir = Path::new(DEMO_DIR);
            return Ok(Settings {
                server_url: DEMO_SERVER.into(),
                token: read_token(&dir.join("arby-1.token"))
                    .context("the demo needs `scripts/demo` to have started the server")?,
                database: dir.join("kiosk-arby-1.db"),
                fullscreen: false,
                audio: audio(args.volume, args.audio_device)?,
                // The recordings beside the translations, where they are made.
                clips: Some(args.clips.unwrap_or_else(|| PathBuf::from("translations"))),
                printer: Printer::from(args.printer, args.paper_width_mm)?,
            });
        }
        let file = read_file(args.config.as_deref())?;
        let server_url = args
            .server
            .or(file.server_url)
            .context("no server given: --server, VAGVISARE_KIOSK_SERVER or server_url")?
            .trim_end_matches('/')
            .to_string();
        check_server_url(&server_url)?;
        let token = match (args.token_file.or(file.token_file), file.token) {
            (Some(path), _) => read_token(&path)?,
            (None, Some(token)) => token,
            (None, None) => bail!(
                "no kiosk token: --token-file, VAGVISARE_KIOSK_TOKEN_FILE, token or token_file"
            ),
        };
        if token.is_empty() {
            bail!("the kiosk token is empty");
        }
        let fullscreen = if args.fullscreen {
            true
        } else if args.windowed {
            false
        } else {
            file.fullscreen.unwrap_or(true)
        };
        Ok(Settings {
            server_url,
            token,
            database: args
                .db
                .or(file.database)
                .unwrap_or_else(|| PathBuf::from("kiosk-outbox.db")),
            fullscreen,
            audio: audio(
                args.volume.or(file.volume),
                args.audio_device.or(file.audio_device),
            )?,
            clips: args.clips.or(file.clips),
            printer: Printer::from(
                args.printer.or(file.printer),
                args.paper_width_mm.or(file.paper_width_mm),
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{audio, check_server_url};

    #[test]
    fn a_volume_above_a_hundred_is_refused() {
        assert_eq!(audio(Some(100), None).unwrap().volume, 100);
        assert_eq!(audio(None, None).unwrap().device, "default");
        let e = audio(Some(150), None).unwrap_err().to_string();
        assert!(e.contains("0 to 100"), "{e}");
    }

    #[test]
    fn plain_http_is_refused_except_on_this_machine() {
        for ok in [
            "https://vagvisare.eskilstuna.se",
            "http://127.0.0.1:8080",
            "http://127.0.0.5:9",
            "http://localhost:8080",
            "http://[::1]:8080",
        ] {
            assert!(check_server_url(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://vagvisare.eskilstuna.se",
            "http://10.0.0.5:8080",
            "http://localhost.example.se",
            "ftp://127.0.0.1",
        ] {
            assert!(check_server_url(refused).is_err(), "{refused}");
        }
    }
}
