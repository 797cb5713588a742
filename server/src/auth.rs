//! Secrets: random tokens, their hashes, password hashing, and the brake on
//! guessing passwords.
//!
//! Kiosk tokens, session ids and status tokens are random with at least 128
//! bits, so a fast hash (SHA-256) is enough to store them; passwords are
//! chosen by people and get Argon2id with OWASP's parameters.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
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

/// Argon2id, m = 19 MiB, t = 2, p = 1: OWASP's recommended minimum.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// Checks a password against a stored hash. With no hash (an unknown user or
/// one without a password) it still does the work, so the time taken does not
/// tell which usernames exist.
pub fn verify_password(stored: Option<&str>, password: &str) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("no such user").expect("hashing works"));
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (dummy.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
        && real
}

/// The shortest password `set-password` accepts.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Slows down password guessing per username: after a few failures each
/// further attempt must wait, doubling up to a cap. Kept in memory: a restart
/// lifts the brake, which costs an attacker a restart they cannot cause.
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Failures>>,
}

struct Failures {
    count: u32,
    locked_until: Instant,
}

const FREE_ATTEMPTS: u32 = 5;
const FIRST_LOCK: Duration = Duration::from_secs(30);
const MAX_LOCK: Duration = Duration::from_secs(15 * 60);

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle {
            failures: Mutex::new(HashMap::new()),
        }
    }
}

impl LoginThrottle {
    /// `Err(seconds)` while the username is locked.
    pub fn check(&self, username: &str) -> Result<(), u64> {
        let failures = self.failures.lock().expect("throttle lock");
        match failures.get(username) {
            Some(f) if f.locked_until > Instant::now() => {
                Err((f.locked_until - Instant::now()).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    pub fn failed(&self, username: &str) {
        let mut failures = self.failures.lock().expect("throttle lock");
        let f = failures.entry(username.to_string()).or_insert(Failures {
            count: 0,
            locked_until: Instant::now(),
        });
        f.count += 1;
        if f.count >= FREE_ATTEMPTS {
            let doublings = (f.count - FREE_ATTEMPTS).min(10);
            let lock = (FIRST_LOCK * 2u32.pow(doublings)).min(MAX_LOCK);
            f.locked_until = Instant::now() + lock;
        }
    }

    pub fn succeeded(&self, username: &str) {
        self.failures
            .lock()
            .expect("throttle lock")
            .remove(username);
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

    #[test]
    fn throttle_locks_after_free_attempts_and_forgets_on_success() {
        let t = LoginThrottle::default();
        for _ in 0..FREE_ATTEMPTS - 1 {
            t.failed("anna");
            assert!(t.check("anna").is_ok());
        }
        t.failed("anna");
        let wait = t.check("anna").unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(t.check("bo").is_ok());
        t.succeeded("anna");
        assert!(t.check("anna").is_ok());
    }
}
