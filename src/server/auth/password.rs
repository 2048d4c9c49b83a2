//! Password hashing (Argon2id) and the common-password check.

use crate::domain::Password;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::{collections::HashSet, sync::OnceLock};

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

/// Hashes a new password. Argon2 is deliberately slow, so it runs on a blocking thread.
pub async fn hash(password: Password) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || {
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
pub async fn verify(password: String, stored_hash: Option<String>) -> bool {
    let known_user = stored_hash.is_some();
    let stored_hash = stored_hash.unwrap_or_else(|| dummy_hash().to_owned());
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored_hash)
            .is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false);
    known_user && matches
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
        let hash = hash(password("violet tugboat orbit")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify("violet tugboat orbit".into(), Some(hash.clone())).await);
        assert!(!verify("violet tugboat orbiT".into(), Some(hash)).await);
    }

    #[tokio::test]
    async fn unknown_user_never_verifies() {
        assert!(!verify("anything at all".into(), None).await);
    }
}
