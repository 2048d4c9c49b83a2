//! Password hashing (Argon2id), bounded by [`Hasher`], and the common-password check.

use crate::domain::Password;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::{
    collections::HashSet,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, OnceLock,
    },
    time::Duration,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a request waits for its turn at Argon2 before it is refused (503, Retry-After).
pub const HASH_QUEUE_WAIT: Duration = Duration::from_secs(2);
/// What a refused request is told to wait before trying again.
pub const HASH_RETRY_AFTER_SECS: u64 = 2;

/// OWASP's Argon2id parameters (Password Storage Cheat Sheet): 19 MiB of memory, 2 passes,
/// 1 lane. Measured cost on this machine is in the README.
const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
const ARGON2_PASSES: u32 = 2;
const ARGON2_LANES: u32 = 1;

/// Passwords of 10+ characters from zxcvbn-ts's list of common passwords (MIT licence),
/// lower-cased. Shorter ones are refused by the length rule already.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

fn argon2() -> Argon2<'static> {
    let params = Params::new(ARGON2_MEMORY_KIB, ARGON2_PASSES, ARGON2_LANES, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// True when the password is on the common-passwords list (case does not matter).
pub fn is_common(password: &Password) -> bool {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let list = LIST.get_or_init(|| COMMON_PASSWORDS.lines().map(str::trim).filter(|l| !l.is_empty()).collect());
    list.contains(password.expose().to_lowercase().as_str())
}

/// Runs Argon2 for the whole process, a few at a time. Each run takes 19 MiB and a core for
/// tens of milliseconds, and sign-up, login and password reset are open to anyone: unbounded,
/// 24 concurrent anonymous resets took the server from 72 MB to 505 MB. A run waits up to
/// [`HASH_QUEUE_WAIT`] for one of `concurrency` permits; after that the request is refused
/// ([`HashError::Busy`], answered 503 with Retry-After) instead of queueing without end.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    queue_wait: Duration,
    /// How many runs this hasher has started: what tests look at to see that a refused request
    /// never reached Argon2.
    runs: Arc<AtomicU64>,
}

impl Hasher {
    pub fn new(concurrency: usize, queue_wait: Duration) -> Hasher {
        Hasher { permits: Arc::new(Semaphore::new(concurrency)), queue_wait, runs: Arc::default() }
    }

    /// One run per core at a time, waiting [`HASH_QUEUE_WAIT`] at most.
    pub fn for_this_machine() -> Hasher {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Hasher::new(cores, HASH_QUEUE_WAIT)
    }

    /// How many Argon2 runs have started.
    pub fn runs(&self) -> u64 {
        self.runs.load(Ordering::Relaxed)
    }

    async fn permit(&self) -> Result<OwnedSemaphorePermit, HashError> {
        let permit = tokio::time::timeout(self.queue_wait, self.permits.clone().acquire_owned()).await;
        let permit = permit.map_err(|_| HashError::Busy)?.map_err(|_| HashError::Busy)?;
        self.runs.fetch_add(1, Ordering::Relaxed);
        Ok(permit)
    }

    /// Hashes a new password. Argon2 is deliberately slow, so it runs on a blocking thread.
    pub async fn hash(&self, password: Password) -> Result<String, HashError> {
        let permit = self.permit().await?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(password.expose().as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(HashError::Hash)
        })
        .await
        .map_err(|_| HashError::Task)?
    }

    /// Checks `password` against a stored hash. With no stored hash (unknown email) it checks
    /// against a dummy hash, so both answers take the same time and timing tells nothing.
    pub async fn verify(&self, password: String, stored_hash: Option<String>) -> Result<bool, HashError> {
        let permit = self.permit().await?;
        let known_user = stored_hash.is_some();
        let stored_hash = stored_hash.unwrap_or_else(|| dummy_hash().to_owned());
        let matches = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            PasswordHash::new(&stored_hash)
                .is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(|_| HashError::Task)?;
        Ok(known_user && matches)
    }
}

/// A real Argon2id hash with our parameters, of a random password nobody knows.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        let secret = SaltString::generate(&mut OsRng);
        argon2().hash_password(secret.as_str().as_bytes(), &salt).expect("hash a dummy password").to_string()
    })
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Hash(argon2::password_hash::Error),
    #[error("password hashing task ended abnormally")]
    Task,
    /// Every permit stayed taken for the whole queue wait: the request is refused.
    #[error("too many password checks at once")]
    Busy,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(s: &str) -> Password {
        Password::parse(s).unwrap()
    }

    #[test]
    fn common_passwords_are_recognised_whatever_the_case() {
        assert!(is_common(&password("qwertyuiop")));
        assert!(is_common(&password("Password123")));
        assert!(!is_common(&password("violet tugboat orbit")));
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hasher = Hasher::for_this_machine();
        let hash = hasher.hash(password("violet tugboat orbit")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(hasher.verify("violet tugboat orbit".into(), Some(hash.clone())).await.unwrap());
        assert!(!hasher.verify("violet tugboat orbiT".into(), Some(hash)).await.unwrap());
        assert_eq!(hasher.runs(), 3);
    }

    #[tokio::test]
    async fn unknown_user_never_verifies() {
        assert!(!Hasher::for_this_machine().verify("anything at all".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn a_run_that_waits_too_long_for_its_turn_is_refused() {
        let hasher = Hasher::new(1, Duration::from_millis(20));
        let held = hasher.permit().await.unwrap();
        assert!(matches!(hasher.hash(password("violet tugboat orbit")).await, Err(HashError::Busy)));
        assert_eq!(hasher.runs(), 1, "the refused one never ran");
        drop(held);
        assert!(hasher.hash(password("violet tugboat orbit")).await.is_ok(), "free again");
    }
}
