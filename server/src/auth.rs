//! Secrets: random tokens, their hashes, password hashing, and the brake on
//! guessing passwords.
//!
//! Kiosk tokens, session ids and status tokens are random with at least 128
//! bits, so a fast hash (SHA-256) is enough to store them; passwords are
//! chosen by people and get Argon2id with OWASP's parameters.

use std::{
    collections::{HashMap, HashSet},
    net::IpAddr,
    sync::{Arc, Mutex, OnceLock},
    time::{Duration, Instant},
};

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, SaltString},
    Algorithm, Argon2, Params, Version,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes from the operating system, URL-safe base64.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// The form in which tokens and session ids are stored.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A token derived from `message` with a secret key (HMAC-SHA-256, 128 bits
/// kept): unguessable without the key, the same each time with it.
pub fn keyed_token(key: &[u8], message: &str) -> String {
    use hmac::Mac;
    let mut mac =
        hmac::Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message.as_bytes());
    URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..16])
}

/// Argon2id, m = 19 MiB, t = 2, p = 1: OWASP's recommended minimum.
const M_COST_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Runs Argon2 in this thread's own working memory, kept from one hash to
/// the next. Allocating 19 MiB afresh for each hash left the allocator's
/// arenas fragmented: the server grew by 19 MiB with every login checked.
fn hash_into(
    argon2: &Argon2,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    thread_local! {
        static MEMORY: std::cell::RefCell<Vec<argon2::Block>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let blocks = argon2.params().block_count();
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        argon2.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
    })
}

/// A new password's Argon2id hash as a PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|e| anyhow::anyhow!("cannot read the salt: {e}"))?;
    let mut out = [0u8; 32];
    hash_into(&argon2(), password.as_bytes(), salt_bytes, &mut out)
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?;
    let output = argon2::password_hash::Output::new(&out)
        .map_err(|e| anyhow::anyhow!("cannot encode the hash: {e}"))?;
    Ok(format!(
        "$argon2id$v=19$m={M_COST_KIB},t={T_COST},p={P_COST}${}${output}",
        salt.as_str()
    ))
}

/// Checks a password against a stored hash. With no hash (an unknown user or
/// one without a password) it still does the work, so the time taken does not
/// tell which usernames exist.
pub fn verify_password(stored: Option<&str>, password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("no such user").expect("hashing works"));
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (dummy.as_str(), false),
    };
    matches_hash(hash, password).unwrap_or(false) && real
}

/// Whether `password` gives the PHC string `stored` (its own algorithm,
/// version and parameters).
fn matches_hash(stored: &str, password: &str) -> Option<bool> {
    let parsed = PasswordHash::new(stored).ok()?;
    let algorithm = Algorithm::try_from(parsed.algorithm).ok()?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).ok()?,
        None => Version::V0x13,
    };
    let params = Params::try_from(&parsed).ok()?;
    let expected = parsed.hash?;
    let mut salt = [0u8; 64];
    let salt = parsed.salt?.decode_b64(&mut salt).ok()?;
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    hash_into(&argon2, password.as_bytes(), salt, &mut out).ok()?;
    // Output's comparison takes the same time wherever the bytes differ.
    Some(argon2::password_hash::Output::new(&out).ok()? == expected)
}

type HashJob = Box<dyn FnOnce() + Send>;

/// Runs Argon2 work on a few threads of its own, one per core, and waits
/// for the result. Not on tokio's blocking pool: each of its threads gets
/// an allocator arena of its own that keeps the 19 MiB of its last hash, so
/// a burst of logins spread over many threads grew the server by hundreds
/// of megabytes; here the memory is that of one hash per core.
pub async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    off_thread_holding(None, work).await
}

/// As [`off_thread`], holding `permit` until the work is done, even if the
/// caller stops waiting (a client that hangs up must not free a place while
/// its hash still runs).
pub async fn off_thread_holding<T: Send + 'static>(
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    static WORKERS: OnceLock<std::sync::mpsc::Sender<HashJob>> = OnceLock::new();
    let workers = WORKERS.get_or_init(|| {
        let (jobs, queue) = std::sync::mpsc::channel::<HashJob>();
        let queue = Arc::new(Mutex::new(queue));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..cores {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-{i}"))
                .spawn(move || loop {
                    let job = queue.lock().expect("password queue").recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .expect("a thread can be started");
        }
        jobs
    });
    let (answer, answered) = tokio::sync::oneshot::channel();
    workers
        .send(Box::new(move || {
            let _ = answer.send(work());
            drop(permit);
        }))
        .expect("the password threads never stop");
    answered.await.expect("a password job always answers")
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest: long passphrases are welcome (ASVS asks for at least 64),
/// but hashing an unbounded input is work anyone could make us do.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a new password is refused (OWASP ASVS 5.0, V6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRefusal {
    TooShort,
    TooLong,
    /// Among the most common passwords of leaked password lists.
    Common,
    /// The username itself, in any case.
    IsUsername,
    /// The service's, the municipality's or a site's name, or the username,
    /// with digits and punctuation around it.
    ContextWord,
}

impl PasswordRefusal {
    /// The machine code of the API's error.
    pub fn code(self) -> &'static str {
        match self {
            PasswordRefusal::TooShort => "password_too_short",
            PasswordRefusal::TooLong => "password_too_long",
            PasswordRefusal::Common => "password_too_common",
            PasswordRefusal::IsUsername => "password_is_username",
            PasswordRefusal::ContextWord => "password_has_context_word",
        }
    }

    /// Its `staff.ftl` message id (which takes `$count`).
    pub fn message_id(self) -> &'static str {
        match self {
            PasswordRefusal::TooShort => "password-too-short",
            PasswordRefusal::TooLong => "password-too-long",
            PasswordRefusal::Common => "password-too-common",
            PasswordRefusal::IsUsername => "password-is-username",
            PasswordRefusal::ContextWord => "password-has-context-word",
        }
    }
}

/// The common passwords of `data/common-passwords.txt` (see its README for
/// the source and licence); only those long enough to pass the length rule.
fn common_passwords() -> &'static HashSet<&'static str> {
    static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();
    COMMON.get_or_init(|| {
        include_str!("../data/common-passwords.txt")
            .lines()
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Words anyone would guess first here (ASVS V6.2.11's context-specific
/// words); the config adds its sites' ids and names.
pub const CONTEXT_WORDS: [&str; 8] = [
    "vagvisare",
    "vägvisare",
    "eskilstuna",
    "jobbcentrum",
    "arbetsformedlingen",
    "arbetsförmedlingen",
    "motesplats",
    "mötesplats",
];

/// Whether a new password for `username` may be used; `context` are words
/// of this installation (site ids and names) it must not contain.
/// Composition rules (a digit, a capital) are deliberately absent: ASVS and
/// NIST advise against them; length and not being a guessable password are
/// what count.
pub fn password_refusal(
    username: &str,
    password: &str,
    context: &[String],
) -> Option<PasswordRefusal> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Some(PasswordRefusal::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Some(PasswordRefusal::TooLong);
    }
    let lower = password.to_lowercase();
    if lower == username.to_lowercase() {
        return Some(PasswordRefusal::IsUsername);
    }
    if common_passwords().contains(lower.as_str()) {
        return Some(PasswordRefusal::Common);
    }
    // The guessable pattern is the word dressed up ("Eskilstuna2026!"): what
    // is left of the password without digits and punctuation. A passphrase
    // that merely contains the word is not refused.
    let letters: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    let mut words = CONTEXT_WORDS
        .iter()
        .copied()
        .chain(context.iter().map(String::as_str));
    let only_letters = |w: &str| -> String {
        w.to_lowercase()
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect()
    };
    if words.any(|w| letters == only_letters(w)) || letters == only_letters(username) {
        return Some(PasswordRefusal::ContextWord);
    }
    None
}

/// Slows down password guessing.
///
/// Failures are counted per username *and client address*, so someone
/// guessing from elsewhere cannot lock a counsellor out at her own desk, and
/// per address across usernames, so one address cannot try every name. An
/// attempt is counted before its password is checked, and a username's
/// attempts are checked one at a time, so parallel guesses cannot slip past
/// the count. Kept in memory and bounded: a restart lifts the brake, which
/// costs an attacker a restart they cannot cause.
pub struct LoginThrottle {
    failures: Mutex<HashMap<Key, Failures>>,
    /// Usernames whose attempt is being checked now, each with its turn.
    checking: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// (username, address) pairs that logged in lately, and until when they
    /// are remembered: someone who has logged in from their desk is not
    /// held up by what others tried from the same (NAT) address.
    known: Mutex<HashMap<(String, IpAddr), Instant>>,
    capacity: usize,
}

/// The address a brake or a connection limit counts against: IPv4 as it
/// is (an IPv4-mapped IPv6 address as its IPv4 address), IPv6 by its /64,
/// since anyone with one IPv6 address usually has a /64 of them.
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::V6(segments.into())
        }
        v4 => v4,
    }
}

/// How long a successful login keeps its pair out of the address-wide brake.
const KNOWN_FOR: Duration = Duration::from_secs(12 * 3600);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// One username from one address.
    Account(String, IpAddr),
    /// Every username from one address.
    Address(IpAddr),
}

struct Failures {
    count: u32,
    locked_until: Instant,
    /// When the entry may be forgotten.
    expires: Instant,
}

/// Wrong passwords allowed for one username from one address before waiting.
pub const FREE_ATTEMPTS: u32 = 5;
/// Wrong passwords allowed from one address, across usernames.
const FREE_ATTEMPTS_PER_ADDRESS: u32 = 20;
const FIRST_LOCK: Duration = Duration::from_secs(30);
const MAX_LOCK: Duration = Duration::from_secs(15 * 60);
/// How many (username, address) pairs and addresses are remembered.
const CAPACITY: usize = 10_000;

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle::with_capacity(CAPACITY)
    }
}

/// Holds a username's turn: no other attempt for it is checked meanwhile.
pub struct Turn {
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

impl LoginThrottle {
    pub fn with_capacity(capacity: usize) -> LoginThrottle {
        LoginThrottle {
            failures: Mutex::new(HashMap::new()),
            checking: Mutex::new(HashMap::new()),
            known: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// Waits until no other attempt for `username` is being checked.
    pub async fn turn(&self, username: &str) -> Turn {
        let lock = {
            let mut checking = self.checking.lock().expect("throttle lock");
            // Forget usernames nobody is checking: the map holds only the
            // attempts in flight, whatever names are tried.
            checking.retain(|_, l| Arc::strong_count(l) > 1);
            checking.entry(username.to_string()).or_default().clone()
        };
        Turn {
            _guard: lock.lock_owned().await,
        }
    }

    /// `Err(seconds)` while this username is locked for this address, or
    /// the address altogether; counts nothing.
    pub fn locked(&self, username: &str, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let failures = self.failures.lock().expect("throttle lock");
        for key in self.keys(username, client).into_iter().map(|(k, _)| k) {
            if let Some(f) = failures.get(&key) {
                if f.locked_until > now {
                    return Err((f.locked_until - now).as_secs().max(1));
                }
            }
        }
        Ok(())
    }

    /// The counts an attempt meets: its username from its address, and the
    /// address across usernames unless this pair has logged in lately.
    fn keys(&self, username: &str, client: IpAddr) -> Vec<(Key, u32)> {
        let client = address_key(client);
        let mut keys = vec![(Key::Account(username.to_string(), client), FREE_ATTEMPTS)];
        let known = self
            .known
            .lock()
            .expect("throttle lock")
            .get(&(username.to_string(), client))
            .is_some_and(|until| *until > Instant::now());
        if !known {
            keys.push((Key::Address(client), FREE_ATTEMPTS_PER_ADDRESS));
        }
        keys
    }

    /// Counts an attempt about to be checked: `Err(seconds)` while the
    /// username is locked for this address (or the address altogether), and
    /// then the attempt is not checked at all.
    pub fn attempt(&self, username: &str, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let keys = self.keys(username, client);
        let mut failures = self.failures.lock().expect("throttle lock");
        for (key, _) in &keys {
            if let Some(f) = failures.get(key) {
                if f.locked_until > now {
                    return Err((f.locked_until - now).as_secs().max(1));
                }
            }
        }
        for (key, free) in keys {
            if !failures.contains_key(&key) && failures.len() >= self.capacity {
                make_room(&mut failures, self.capacity, now);
            }
            let f = failures.entry(key).or_insert(Failures {
                count: 0,
                locked_until: now,
                expires: now,
            });
            f.count += 1;
            if f.count >= free {
                let doublings = (f.count - free).min(10);
                f.locked_until = now + (FIRST_LOCK * 2u32.pow(doublings)).min(MAX_LOCK);
            }
            f.expires = f.locked_until.max(now) + MAX_LOCK;
        }
        Ok(())
    }

    /// A right password: this address's count for the username starts over,
    /// and the attempt no longer counts against the address (many people
    /// log in from one address; only their failures add up).
    pub fn succeeded(&self, username: &str, client: IpAddr) {
        let client = address_key(client);
        {
            let mut known = self.known.lock().expect("throttle lock");
            let now = Instant::now();
            if known.len() >= self.capacity {
                known.retain(|_, until| *until > now);
            }
            if known.len() < self.capacity {
                known.insert((username.to_string(), client), now + KNOWN_FOR);
            }
        }
        let mut failures = self.failures.lock().expect("throttle lock");
        failures.remove(&Key::Account(username.to_string(), client));
        if let Some(f) = failures.get_mut(&Key::Address(client)) {
            f.count = f.count.saturating_sub(1);
            if f.count < FREE_ATTEMPTS_PER_ADDRESS {
                f.locked_until = Instant::now();
            }
        }
    }

    /// How many entries are remembered now.
    pub fn len(&self) -> usize {
        self.failures.lock().expect("throttle lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Forgets what has expired, and if that is not enough, what expires first.
fn make_room(failures: &mut HashMap<Key, Failures>, capacity: usize, now: Instant) {
    failures.retain(|_, f| f.expires > now);
    if failures.len() >= capacity {
        let soonest = failures
            .iter()
            .min_by_key(|(_, f)| f.expires)
            .map(|(k, _)| k.clone());
        if let Some(key) = soonest {
            failures.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashes_hex() {
        let a = random_token(16);
        assert_eq!(a.len(), 22);
        assert_ne!(a, random_token(16));
        assert_eq!(hash_token("x").len(), 64);
    }

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password(Some(&h), "correct horse battery"));
        assert!(!verify_password(Some(&h), "wrong horse battery"));
        assert!(!verify_password(None, "no such user"));
    }

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const AWAY: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 7));

    #[test]
    fn hashes_stored_by_the_argon2_crates_own_hasher_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let stored = argon2()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(verify_password(Some(&stored), "correct horse battery"));
        assert!(!verify_password(Some(&stored), "correct horse batterY"));
        // And ours read back through the crate's parser the same way.
        let ours = hash_password("correct horse battery").unwrap();
        assert_eq!(PasswordHash::new(&ours).unwrap().hash.unwrap().len(), 32);
    }

    #[test]
    fn short_common_and_username_passwords_are_refused() {
        use PasswordRefusal::*;
        assert_eq!(password_refusal("anna", "short", &[]), Some(TooShort));
        assert_eq!(password_refusal("anna", "Password123", &[]), Some(Common));
        assert_eq!(password_refusal("anna", "QWERTYUIOP", &[]), Some(Common));
        assert_eq!(
            password_refusal("anna.lindqvist", "Anna.Lindqvist", &[]),
            Some(IsUsername)
        );
        assert_eq!(
            password_refusal("anna", &"x".repeat(300), &[]),
            Some(TooLong)
        );
        assert_eq!(password_refusal("anna", "correct horse battery", &[]), None);
        assert_eq!(
            password_refusal("anna", "Eskilstuna2026!", &[]),
            Some(ContextWord)
        );
        let sites = vec!["froslunda".to_string()];
        assert_eq!(
            password_refusal("anna", "Froslunda-2026!", &sites),
            Some(ContextWord)
        );
        assert_eq!(password_refusal("anna", "anna2026anna", &sites), None);
        assert_eq!(
            password_refusal("anna.l", "Anna.L.1234567", &sites),
            Some(ContextWord)
        );
        // A passphrase that merely contains such a word is fine.
        assert_eq!(
            password_refusal("anna", "i cycle to froslunda daily", &sites),
            None
        );
        assert!(common_passwords().len() > 1000);
    }

    #[test]
    fn throttle_counts_before_checking_and_forgets_on_success() {
        let t = LoginThrottle::default();
        for _ in 0..FREE_ATTEMPTS {
            assert!(t.attempt("anna", AWAY).is_ok());
        }
        let wait = t.attempt("anna", AWAY).unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        // Anna at her own desk is not locked out by guesses from elsewhere.
        assert!(t.attempt("anna", HOME).is_ok());
        t.succeeded("anna", HOME);
        assert!(t.attempt("anna", AWAY).is_err());
    }

    #[test]
    fn many_people_logging_in_from_one_address_never_lock_it() {
        let t = LoginThrottle::default();
        for i in 0..100 {
            let username = format!("user{i}");
            assert!(t.attempt(&username, HOME).is_ok(), "login {i}");
            t.succeeded(&username, HOME);
        }
        // A few failures among them still count, and still lock at 20.
        for i in 0..FREE_ATTEMPTS_PER_ADDRESS {
            assert!(t.attempt(&format!("typo{i}"), HOME).is_ok());
        }
        assert!(t.attempt("anyone", HOME).is_err());
    }

    #[test]
    fn someone_who_logged_in_from_an_address_is_not_locked_out_by_others_there() {
        let t = LoginThrottle::default();
        assert!(t.attempt("anna", HOME).is_ok());
        t.succeeded("anna", HOME);
        // A guest on the same network tries every name.
        for i in 0..FREE_ATTEMPTS_PER_ADDRESS {
            let _ = t.attempt(&format!("guess{i}"), HOME);
        }
        assert!(t.attempt("bo", HOME).is_err(), "the address is braked");
        assert!(t.attempt("anna", HOME).is_ok(), "anna is not");
    }

    #[test]
    fn ipv6_counts_by_its_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::7".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(address_key(mapped), HOME);
        let t = LoginThrottle::default();
        for _ in 0..FREE_ATTEMPTS {
            let _ = t.attempt("anna", a);
        }
        assert!(t.attempt("anna", b).is_err(), "another address of the /64");
    }

    #[test]
    fn one_address_cannot_try_every_username() {
        let t = LoginThrottle::default();
        for i in 0..FREE_ATTEMPTS_PER_ADDRESS {
            assert!(t.attempt(&format!("user{i}"), AWAY).is_ok());
        }
        assert!(t.attempt("someone-else", AWAY).is_err());
        assert!(t.attempt("someone-else", HOME).is_ok());
    }

    #[test]
    fn throttle_memory_is_bounded() {
        let t = LoginThrottle::with_capacity(100);
        for i in 0..10_000u32 {
            let address = IpAddr::V4(std::net::Ipv4Addr::from(i + 1));
            let _ = t.attempt(&format!("user{i}"), address);
        }
        assert!(t.len() <= 100, "{}", t.len());
    }

    #[tokio::test]
    async fn a_username_is_checked_one_attempt_at_a_time() {
        let t = Arc::new(LoginThrottle::default());
        let first = t.turn("anna").await;
        let t2 = t.clone();
        let second = tokio::spawn(async move {
            let _turn = t2.turn("anna").await;
        });
        // Another username is not held up.
        let _other = t.turn("bo").await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!second.is_finished());
        drop(first);
        second.await.unwrap();
    }
}
