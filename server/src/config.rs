//! The configuration file: sites, errands, counsellors and kiosks.
//!
//! Read in two stages: [`RawConfig`] mirrors the TOML as written (with the
//! position of every value), then [`Config::check`] turns it into a `Config`
//! that can no longer be wrong, or refuses it with file, line and reason.

use std::{collections::HashSet, fmt, ops::Range, path::Path, str::FromStr};

use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;
use unic_langid::LanguageIdentifier;

use crate::numbering::KIOSK_SLOTS;

/// The bundled demonstration configuration for Eskilstuna.
pub const DEMO_CONFIG: &str = include_str!("../demo.toml");
/// How the bundled configuration is named in error messages.
pub const DEMO_CONFIG_NAME: &str = "<bundled demo config>";

const DEFAULT_LANGUAGE_BONUS_MIN: u32 = 10;
const DEFAULT_APPOINTMENT_BONUS_MIN: u32 = 30;
const DEFAULT_RETENTION_DAYS: u32 = 90;
const DEFAULT_TIMEZONE: Tz = chrono_tz::Europe::Stockholm;

#[derive(Debug, Clone)]
pub struct Config {
    pub sites: Vec<Site>,
    pub errands: Vec<Errand>,
    pub counsellors: Vec<Counsellor>,
    pub kiosks: Vec<Kiosk>,
    /// Where visitors' phones reach the server; status URLs start with it.
    pub public_url: Option<String>,
    pub retention_days: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the real client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub limits: Limits,
    /// Lets a Prometheus outside this machine read `/metrics`
    /// (`Authorization: Bearer <token>`); loopback clients need none.
    pub metrics_token: Option<String>,
    /// Serve HTTPS from these files instead of plain HTTP.
    pub tls: Option<Tls>,
}

/// The certificate chain and private key, PEM files, re-read on SIGHUP.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    pub certificate: std::path::PathBuf,
    pub key: std::path::PathBuf,
}

/// Shorter than this, a metrics token could be guessed.
pub const MIN_METRICS_TOKEN_CHARS: usize = 32;

/// How much the network may hold of the server at once (`[limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Open connections, all clients together.
    pub connections: usize,
    /// Open connections from one client address (trusted proxies excepted:
    /// they carry everyone's).
    pub connections_per_address: usize,
    /// Open event streams per site: display boards, status pages, workstations.
    pub listeners_per_site: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: 4096,
            // A site's workstations may share one address behind NAT, each
            // browser holding a handful of connections.
            connections_per_address: 256,
            listeners_per_site: 1000,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub language_bonus_min: u32,
    pub appointment_bonus_min: u32,
    pub timezone: Tz,
    pub languages: Vec<String>,
    /// Where each alarm is also POSTed (the security service, an SMS gateway).
    pub alarm_webhook: Option<String>,
    /// Only tickets checked in with a booked visit's code get the
    /// appointment bonus; a plain "yes" at the kiosk no longer does.
    pub appointment_codes_required: bool,
    /// The street address printed on a booked visit's slip.
    pub address: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Errand {
    pub id: String,
    pub prefix: char,
    /// Its number must not give it away in the waiting room: its letter is
    /// always shared with an errand that is not sensitive.
    pub sensitive: bool,
    /// Its pictogram on the kiosk, one of `protocol::ICONS`.
    pub icon: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Counsellor,
    Staff,
    Admin,
}

impl Role {
    /// Counsellors and admins take visitors; staff only read figures.
    pub fn serves_visitors(self) -> bool {
        matches!(self, Role::Counsellor | Role::Admin)
    }

    pub fn reads_statistics(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

#[derive(Debug, Clone)]
pub struct Counsellor {
    pub username: String,
    pub name: String,
    pub site: String,
    pub desk: String,
    pub errands: Vec<String>,
    pub languages: Vec<String>,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct Kiosk {
    pub id: String,
    pub site: String,
}

impl Config {
    pub fn site(&self, id: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.id == id)
    }

    pub fn errand(&self, id: &str) -> Option<&Errand> {
        self.errands.iter().find(|e| e.id == id)
    }

    pub fn counsellor(&self, username: &str) -> Option<&Counsellor> {
        self.counsellors.iter().find(|c| c.username == username)
    }

    pub fn kiosk(&self, id: &str) -> Option<&Kiosk> {
        self.kiosks.iter().find(|k| k.id == id)
    }

    /// Words of this installation a password must not contain: the sites'
    /// ids and the words of their names.
    pub fn password_context(&self) -> Vec<String> {
        self.sites
            .iter()
            .flat_map(|s| {
                std::iter::once(s.id.clone()).chain(
                    s.name
                        .split(|c: char| !c.is_alphanumeric())
                        .map(str::to_lowercase),
                )
            })
            .filter(|w| w.chars().count() >= 4)
            .collect()
    }

    /// Counsellors at a site who take visitors with this errand.
    pub fn counsellors_for<'a>(
        &'a self,
        site: &'a str,
        errand: &'a str,
    ) -> impl Iterator<Item = &'a Counsellor> + 'a {
        self.counsellors.iter().filter(move |c| {
            c.site == site && c.role.serves_visitors() && c.errands.iter().any(|e| e == errand)
        })
    }

    /// Reads and checks a config file; `None` means the bundled demo config.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        match path {
            None => Config::parse(DEMO_CONFIG_NAME, DEMO_CONFIG),
            Some(path) => {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
                    file: name.clone(),
                    line: None,
                    reason: format!("cannot read the file: {e}"),
                })?;
                Config::parse(&name, &text)
            }
        }
    }

    /// Parses and checks config text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
        let error_at = |span: Option<Range<usize>>, reason: String| ConfigError {
            file: file.to_string(),
            line: span.map(|s| line_of(text, s.start)),
            reason,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            // A few of the parser's errors come without a message.
            let reason = match e.message().trim() {
                "" => "this is not valid TOML".to_string(),
                message => message.to_string(),
            };
            error_at(e.span(), reason)
        })?;
        raw.check()
            .map_err(|(span, reason)| error_at(Some(span), reason))
    }
}

/// A config that was refused: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl std::error::Error for ConfigError {}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    public_url: Option<Spanned<String>>,
    retention_days: Option<Spanned<u32>>,
    #[serde(default)]
    trusted_proxies: Vec<Spanned<String>>,
    limits: Option<Spanned<Limits>>,
    metrics_token: Option<Spanned<String>>,
    tls: Option<Spanned<Tls>>,
    #[serde(default)]
    sites: Vec<Spanned<RawSite>>,
    #[serde(default)]
    errands: Vec<Spanned<RawErrand>>,
    #[serde(default)]
    counsellors: Vec<Spanned<RawCounsellor>>,
    #[serde(default)]
    kiosks: Vec<Spanned<RawKiosk>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    id: Spanned<String>,
    name: Spanned<String>,
    language_bonus_min: Option<u32>,
    appointment_bonus_min: Option<u32>,
    timezone: Option<Spanned<String>>,
    languages: Option<Vec<Spanned<String>>>,
    alarm_webhook: Option<Spanned<String>>,
    appointment_codes: Option<Spanned<String>>,
    address: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawErrand {
    id: Spanned<String>,
    prefix: Spanned<String>,
    icon: Option<Spanned<String>>,
    #[serde(default)]
    sensitive: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounsellor {
    username: Spanned<String>,
    name: Spanned<String>,
    site: Option<Spanned<String>>,
    desk: Option<Spanned<String>>,
    #[serde(default)]
    errands: Vec<Spanned<String>>,
    #[serde(default)]
    languages: Vec<Spanned<String>>,
    role: Option<Role>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKiosk {
    id: Spanned<String>,
    site: Spanned<String>,
}

type Refusal = (Range<usize>, String);

fn refuse<T>(at: &Spanned<T>, reason: impl Into<String>) -> Refusal {
    (at.span(), reason.into())
}

/// Ids appear in URLs and in the database: keep them to `[a-z0-9-]+`.
fn check_id(what: &str, id: &Spanned<String>) -> Result<String, Refusal> {
    let ok = !id.get_ref().is_empty()
        && id
            .get_ref()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(id.get_ref().clone())
    } else {
        Err(refuse(
            id,
            format!(
                "{what} id {:?} must be made of a-z, 0-9 and '-'",
                id.get_ref()
            ),
        ))
    }
}

fn check_unique(
    seen: &mut HashSet<String>,
    what: &str,
    id: &Spanned<String>,
) -> Result<(), Refusal> {
    if seen.insert(id.get_ref().clone()) {
        Ok(())
    } else {
        Err(refuse(
            id,
            format!("{what} {:?} is defined twice", id.get_ref()),
        ))
    }
}

fn check_text(what: &str, text: &Spanned<String>) -> Result<String, Refusal> {
    let t = text.get_ref().trim();
    if t.is_empty() {
        Err(refuse(text, format!("{what} must not be empty")))
    } else {
        Ok(t.to_string())
    }
}

/// A language tag must be valid BCP 47 and written in its canonical form, so
/// that "fa-AF" in a counsellor matches "fa-AF" on a ticket.
pub fn canonical_language(tag: &str) -> Result<String, String> {
    let id = LanguageIdentifier::from_str(tag)
        .map_err(|_| format!("{tag:?} is not a valid BCP 47 language tag"))?;
    let canonical = id.to_string();
    if canonical == tag {
        Ok(canonical)
    } else {
        Err(format!(
            "language tag {tag:?} should be written {canonical:?}"
        ))
    }
}

fn check_languages(list: &[Spanned<String>]) -> Result<Vec<String>, Refusal> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for tag in list {
        let canonical = canonical_language(tag.get_ref()).map_err(|r| refuse(tag, r))?;
        check_unique(&mut seen, "language", tag)?;
        out.push(canonical);
    }
    Ok(out)
}

/// A resident reads an errand in their language, so every language a site
/// offers (that Vägvisare has texts for) must name every errand: a new
/// errand needs its `errand-<id>` line in each `translations/<tag>/visitor.ftl`.
fn check_errand_texts(
    sites: &[Site],
    errands: &[Errand],
    raw: &[Spanned<RawErrand>],
) -> Result<(), Refusal> {
    let catalog = translations::Catalog::embedded().map_err(|e| (0..0, e))?;
    for (errand, raw) in errands.iter().zip(raw) {
        let id = format!("errand-{}", errand.id);
        for site in sites {
            let missing: Vec<&str> = site
                .languages
                .iter()
                .filter(|tag| catalog.has(tag) && !catalog.has_text(tag, &id))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(refuse(
                    &raw.get_ref().id,
                    format!(
                        "errand {:?} has no text in {} (offered at site {:?}): add `{id} = ...` \
                         to translations/<language>/visitor.ftl",
                        errand.id,
                        missing.join(", "),
                        site.id
                    ),
                ));
            }
        }
    }
    Ok(())
}

impl RawConfig {
    fn check(self) -> Result<Config, Refusal> {
        let mut sites = Vec::new();
        let mut seen = HashSet::new();
        for raw in &self.sites {
            let site = raw.get_ref();
            let id = check_id("site", &site.id)?;
            check_unique(&mut seen, "site", &site.id)?;
            let timezone = match &site.timezone {
                None => DEFAULT_TIMEZONE,
                Some(tz) => tz
                    .get_ref()
                    .parse::<Tz>()
                    .map_err(|_| refuse(tz, format!("unknown time zone {:?}", tz.get_ref())))?,
            };
            let languages = match &site.languages {
                None => translations::RESIDENT_LANGUAGES
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                Some(list) if list.is_empty() => {
                    return Err(refuse(raw, "a site must offer at least one language"))
                }
                Some(list) => check_languages(list)?,
            };
            sites.push(Site {
                id,
                name: check_text("site name", &site.name)?,
                language_bonus_min: site
                    .language_bonus_min
                    .unwrap_or(DEFAULT_LANGUAGE_BONUS_MIN),
                appointment_bonus_min: site
                    .appointment_bonus_min
                    .unwrap_or(DEFAULT_APPOINTMENT_BONUS_MIN),
                timezone,
                languages,
                alarm_webhook: match &site.alarm_webhook {
                    None => None,
                    Some(url) => {
                        let u = url.get_ref();
                        if !(u.starts_with("https://") || u.starts_with("http://")) {
                            return Err(refuse(
                                url,
                                "alarm_webhook must start with https:// (or http:// on a trusted network)",
                            ));
                        }
                        Some(u.clone())
                    }
                },
                appointment_codes_required: match &site.appointment_codes {
                    None => false,
                    Some(v) if v.get_ref() == "optional" => false,
                    Some(v) if v.get_ref() == "required" => true,
                    Some(v) => {
                        return Err(refuse(
                            v,
                            format!(
                                "appointment_codes is \"optional\" or \"required\", not {:?}",
                                v.get_ref()
                            ),
                        ))
                    }
                },
                address: site
                    .address
                    .as_ref()
                    .map(|a| check_text("site address", a))
                    .transpose()?,
            });
        }

        let mut errands = Vec::new();
        let mut seen = HashSet::new();
        for raw in &self.errands {
            let errand = raw.get_ref();
            let id = check_id("errand", &errand.id)?;
            check_unique(&mut seen, "errand", &errand.id)?;
            let mut chars = errand.prefix.get_ref().chars();
            let prefix = match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_uppercase() => c,
                _ => {
                    return Err(refuse(
                        &errand.prefix,
                        "prefix must be one capital letter A-Z",
                    ))
                }
            };
            let icon = match &errand.icon {
                None => protocol::default_icon(&id).to_string(),
                Some(icon) if protocol::ICONS.contains(&icon.get_ref().as_str()) => {
                    icon.get_ref().clone()
                }
                Some(icon) => {
                    return Err(refuse(
                        icon,
                        format!(
                            "unknown icon {:?}; the kiosk draws {}",
                            icon.get_ref(),
                            protocol::ICONS.join(", ")
                        ),
                    ))
                }
            };
            errands.push(Errand {
                id,
                prefix,
                sensitive: errand.sensitive,
                icon,
            });
        }
        // Every site offers every errand, so one check covers them all: a
        // number called out in the waiting room must not tell anyone that
        // its holder came for a sensitive errand.
        for (errand, raw) in errands.iter().zip(&self.errands) {
            let shared = errands
                .iter()
                .any(|other| other.prefix == errand.prefix && !other.sensitive);
            if errand.sensitive && !shared {
                return Err(refuse(
                    &raw.get_ref().prefix,
                    format!(
                        "errand {:?} is sensitive, so its letter {:?} must also be used by an errand \
                         that is not (otherwise the number tells the waiting room why the visitor came)",
                        errand.id, errand.prefix
                    ),
                ));
            }
        }

        let site_ref = |s: &Spanned<String>| -> Result<String, Refusal> {
            if sites.iter().any(|site| &site.id == s.get_ref()) {
                Ok(s.get_ref().clone())
            } else {
                Err(refuse(s, format!("unknown site {:?}", s.get_ref())))
            }
        };

        let mut counsellors = Vec::new();
        let mut seen = HashSet::new();
        for raw in &self.counsellors {
            let c = raw.get_ref();
            let username = c.username.get_ref();
            let ok = !username.is_empty()
                && username.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
                });
            if !ok {
                return Err(refuse(
                    &c.username,
                    "username must be made of a-z, 0-9, '.', '_' and '-'",
                ));
            }
            check_unique(&mut seen, "username", &c.username)?;
            let role = c.role.unwrap_or(Role::Counsellor);
            let mut errand_ids = Vec::new();
            let mut seen_errands = HashSet::new();
            for e in &c.errands {
                if errands.iter().all(|known| &known.id != e.get_ref()) {
                    return Err(refuse(e, format!("unknown errand {:?}", e.get_ref())));
                }
                check_unique(&mut seen_errands, "errand", e)?;
                errand_ids.push(e.get_ref().clone());
            }
            // Whoever takes visitors needs a site, a desk to send them to and
            // at least one errand; staff may read every site's figures.
            let site = match &c.site {
                Some(s) => site_ref(s)?,
                None if role.serves_visitors() => {
                    return Err(refuse(
                        raw,
                        format!("{username:?} takes visitors and needs a site"),
                    ))
                }
                None => String::new(),
            };
            let desk = match &c.desk {
                Some(d) => check_text("desk", d)?,
                None if role.serves_visitors() => {
                    return Err(refuse(
                        raw,
                        format!("{username:?} takes visitors and needs a desk"),
                    ))
                }
                None => String::new(),
            };
            if role.serves_visitors() && errand_ids.is_empty() {
                return Err(refuse(
                    raw,
                    format!("{username:?} takes visitors and needs at least one errand"),
                ));
            }
            counsellors.push(Counsellor {
                username: username.clone(),
                name: check_text("name", &c.name)?,
                site,
                desk,
                errands: errand_ids,
                languages: check_languages(&c.languages)?,
                role,
            });
        }
        check_errand_texts(&sites, &errands, &self.errands)?;

        let mut kiosks = Vec::new();
        let mut seen = HashSet::new();
        for raw in &self.kiosks {
            let k = raw.get_ref();
            let id = check_id("kiosk", &k.id)?;
            check_unique(&mut seen, "kiosk", &k.id)?;
            let site = site_ref(&k.site)?;
            // Each kiosk of a site owns one of its offline number ranges.
            if kiosks
                .iter()
                .filter(|other: &&Kiosk| other.site == site)
                .count()
                >= KIOSK_SLOTS as usize
            {
                return Err(refuse(
                    &k.site,
                    format!("a site can have at most {KIOSK_SLOTS} kiosks"),
                ));
            }
            kiosks.push(Kiosk { id, site });
        }

        if sites.is_empty() {
            return Err((0..0, "the config needs at least one [[sites]]".into()));
        }
        if errands.is_empty() {
            return Err((0..0, "the config needs at least one [[errands]]".into()));
        }
        let public_url = match self.public_url {
            None => None,
            Some(url) => {
                let u = url.get_ref().trim_end_matches('/');
                if !(u.starts_with("http://") || u.starts_with("https://")) {
                    return Err(refuse(
                        &url,
                        "public_url must start with http:// or https://",
                    ));
                }
                Some(u.to_string())
            }
        };
        let retention_days = match self.retention_days {
            None => DEFAULT_RETENTION_DAYS,
            Some(d) if *d.get_ref() == 0 => {
                return Err(refuse(&d, "retention_days must be at least 1"))
            }
            Some(d) => d.into_inner(),
        };
        let trusted_proxies = self
            .trusted_proxies
            .iter()
            .map(|p| {
                p.get_ref()
                    .parse()
                    .map_err(|_| refuse(p, format!("{:?} is not an IP address", p.get_ref())))
            })
            .collect::<Result<_, _>>()?;
        let limits = match self.limits {
            None => Limits::default(),
            Some(l) => {
                let limits = *l.get_ref();
                if limits.connections == 0
                    || limits.connections_per_address == 0
                    || limits.listeners_per_site == 0
                {
                    return Err(refuse(&l, "limits must be at least 1"));
                }
                limits
            }
        };
        let metrics_token = match self.metrics_token {
            None => None,
            Some(t) if t.get_ref().trim().chars().count() < MIN_METRICS_TOKEN_CHARS => {
                return Err(refuse(
                    &t,
                    format!(
                        "metrics_token must have at least {MIN_METRICS_TOKEN_CHARS} characters (for example from `openssl rand -hex 32`)"
                    ),
                ))
            }
            Some(t) => Some(t.into_inner().trim().to_string()),
        };
        Ok(Config {
            sites,
            errands,
            counsellors,
            kiosks,
            public_url,
            retention_days,
            trusted_proxies,
            limits,
            metrics_token,
            tls: self.tls.map(Spanned::into_inner),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[[sites]]
id = "arby"
name = "Mötesplats Årby"

[[errands]]
id = "job"
prefix = "J"

[[errands]]
id = "study"
prefix = "S"
"#;

    fn refused(extra: &str) -> ConfigError {
        Config::parse("test.toml", &format!("{BASE}{extra}")).unwrap_err()
    }

    #[test]
    fn demo_config_is_valid() {
        let config = Config::load(None).unwrap();
        let ids: Vec<_> = config.sites.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["arby", "froslunda", "kungsgatan"]);
        assert_eq!(config.sites[0].language_bonus_min, 10);
        assert_eq!(config.sites[0].appointment_bonus_min, 30);
        for site in &config.sites {
            assert!(
                config.kiosks.iter().any(|k| k.site == site.id),
                "{} has no kiosk",
                site.id
            );
            for errand in &config.errands {
                assert!(
                    config
                        .counsellors_for(&site.id, &errand.id)
                        .next()
                        .is_some(),
                    "nobody at {} handles {}",
                    site.id,
                    errand.id
                );
            }
        }
    }

    #[test]
    fn unknown_site_in_a_counsellor_is_refused_with_its_line() {
        let e = refused(
            "\n[[counsellors]]\nusername = \"anna\"\nname = \"Anna\"\nsite = \"arbyy\"\ndesk = \"Rum 3\"\nerrands = [\"job\"]\n",
        );
        assert_eq!(e.file, "test.toml");
        assert_eq!(e.line, Some(17));
        assert!(e.reason.contains("unknown site \"arbyy\""), "{e}");
        assert!(e.to_string().starts_with("test.toml:17: "), "{e}");
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let e = refused("\n[[errands]]\nid = \"job\"\nprefix = \"X\"\n");
        assert!(e.reason.contains("defined twice"), "{e}");
        assert_eq!(e.line, Some(15));
        let e = refused("\n[[sites]]\nid = \"arby\"\nname = \"Again\"\n");
        assert!(e.reason.contains("site \"arby\" is defined twice"), "{e}");
    }

    #[test]
    fn a_sensitive_errand_on_a_letter_of_its_own_is_refused_with_its_line() {
        let e = refused("\n[[errands]]\nid = \"benefit\"\nprefix = \"B\"\nsensitive = true\n");
        assert_eq!(e.line, Some(16), "{e}");
        assert!(e.reason.contains("\"benefit\" is sensitive"), "{e}");
        // Two sensitive errands sharing a letter still give it away.
        let e = refused(
            "\n[[errands]]\nid = \"benefit\"\nprefix = \"B\"\nsensitive = true\n\
             \n[[errands]]\nid = \"debt\"\nprefix = \"B\"\nsensitive = true\n",
        );
        assert!(e.reason.contains("is sensitive"), "{e}");
    }

    #[test]
    fn an_errand_needs_a_known_pictogram_and_a_text_in_every_language_offered() {
        let e = refused("\n[[errands]]\nid = \"housing\"\nprefix = \"B\"\nicon = \"rocket\"\n");
        assert!(e.reason.contains("unknown icon \"rocket\""), "{e}");
        // No translation has `errand-parking`: residents would read its id.
        let e = refused("\n[[errands]]\nid = \"parking\"\nprefix = \"P\"\n");
        assert!(e.reason.contains("errand-parking"), "{e}");
        assert!(e.reason.contains("so"), "Somali is offered by default: {e}");
        let config = Config::parse(
            "test.toml",
            &format!("{BASE}\n[[errands]]\nid = \"housing\"\nprefix = \"B\"\nicon = \"house\"\n"),
        )
        .unwrap();
        assert_eq!(config.errand("housing").unwrap().icon, "house");
        assert_eq!(config.errand("job").unwrap().icon, "briefcase");
    }

    #[test]
    fn errands_may_share_a_letter_and_a_sensitive_one_must() {
        let text =
            format!("{BASE}\n[[errands]]\nid = \"benefit\"\nprefix = \"J\"\nsensitive = true\n");
        let config = Config::parse("test.toml", &text).unwrap();
        let benefit = config.errand("benefit").unwrap();
        assert!(benefit.sensitive && benefit.prefix == 'J');
        assert!(!config.errand("job").unwrap().sensitive);
    }

    #[test]
    fn invalid_language_tags_are_refused() {
        let counsellor = |lang: &str| {
            format!(
                "\n[[counsellors]]\nusername = \"anna\"\nname = \"Anna\"\nsite = \"arby\"\ndesk = \"Rum 3\"\nerrands = [\"job\"]\nlanguages = [\"sv\", \"{lang}\"]\n"
            )
        };
        let e = refused(&counsellor("arabic!"));
        assert!(e.reason.contains("not a valid BCP 47"), "{e}");
        assert_eq!(e.line, Some(20));
        let e = refused(&counsellor("FA-af"));
        assert!(e.reason.contains("should be written \"fa-AF\""), "{e}");
        assert!(Config::parse("t", &format!("{BASE}{}", counsellor("fa-AF"))).is_ok());
    }

    #[test]
    fn typos_in_keys_and_values_are_refused() {
        let e = refused("\n[[kiosks]]\nid = \"arby-1\"\nsite = \"arby\"\nsitte = \"x\"\n");
        assert!(e.reason.contains("unknown field `sitte`"), "{e}");
        assert_eq!(e.line, Some(17));
        let e = refused("\n[[counsellors]]\nusername = \"bo\"\nname = \"Bo\"\nsite = \"arby\"\ndesk = \"1\"\nerrands = [\"job\"]\nrole = \"boss\"\n");
        assert!(e.reason.contains("unknown variant `boss`"), "{e}");
        let e = refused("\n[[errands]]\nid = \"Digital\"\nprefix = \"D\"\n");
        assert!(e.reason.contains("a-z, 0-9"), "{e}");
        let e = Config::parse("t", "[[sites]]\nid = \"a\"\nname = ").unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn a_short_metrics_token_and_a_tls_table_with_a_typo_are_refused() {
        let with = |top: &str| Config::parse("t.toml", &format!("{top}\n{BASE}"));
        let e = with("metrics_token = \"secret\"").unwrap_err();
        assert!(e.reason.contains("at least 32 characters"), "{e}");
        assert_eq!(e.line, Some(1));
        let token = "0123456789abcdef".repeat(2);
        let ok = with(&format!("metrics_token = \"{token}\"")).unwrap();
        assert_eq!(ok.metrics_token.as_deref(), Some(token.as_str()));
        let e = with("tls = { certificate = \"c.pem\", keyfile = \"k.pem\" }").unwrap_err();
        assert!(e.reason.contains("unknown field `keyfile`"), "{e}");
        let ok = with("tls = { certificate = \"c.pem\", key = \"k.pem\" }").unwrap();
        assert_eq!(ok.tls.unwrap().key, std::path::Path::new("k.pem"));
    }

    #[test]
    fn unknown_errand_in_a_counsellor_is_refused() {
        let e = refused("\n[[counsellors]]\nusername = \"bo\"\nname = \"Bo\"\nsite = \"arby\"\ndesk = \"1\"\nerrands = [\"jobb\"]\n");
        assert!(e.reason.contains("unknown errand \"jobb\""), "{e}");
    }

    #[test]
    fn staff_need_no_desk_but_counsellors_do() {
        let staff = "\n[[counsellors]]\nusername = \"eva\"\nname = \"Eva\"\nrole = \"staff\"\n";
        assert!(Config::parse("t", &format!("{BASE}{staff}")).is_ok());
        let e = refused("\n[[counsellors]]\nusername = \"bo\"\nname = \"Bo\"\nsite = \"arby\"\nerrands = [\"job\"]\n");
        assert!(e.reason.contains("needs a desk"), "{e}");
    }

    proptest::proptest! {
        /// Whatever the file says, loading never panics, and a refusal
        /// points at a line that exists.
        #[test]
        fn any_text_is_accepted_or_refused_with_a_real_line(text in ".{0,400}") {
            check_refusal(&text);
        }

        /// The demo config with one line replaced, duplicated or dropped.
        #[test]
        fn a_damaged_demo_config_is_accepted_or_refused_with_a_real_line(
            line in 0usize..200, how in 0u8..3, junk in "[a-z_ =\\[\\]\"0-9.-]{0,30}",
        ) {
            let mut lines: Vec<String> = DEMO_CONFIG.lines().map(String::from).collect();
            let at = line % lines.len();
            match how {
                0 => lines[at] = junk,
                1 => { let copy = lines[at].clone(); lines.insert(at, copy) }
                _ => { lines.remove(at); }
            }
            check_refusal(&lines.join("\n"));
        }
    }

    fn check_refusal(text: &str) {
        if let Err(e) = Config::parse("fuzz.toml", text) {
            let lines = text.lines().count().max(1);
            assert!(
                e.line.is_none_or(|l| l >= 1 && l <= lines + 1),
                "{e} for a file of {lines} lines"
            );
            assert!(!e.reason.is_empty());
        }
    }

    #[test]
    fn a_missing_file_names_the_file() {
        let e = Config::load(Some(Path::new("/nonexistent/vagvisare.toml"))).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/nonexistent/vagvisare.toml: cannot read"),
            "{e}"
        );
    }
}
