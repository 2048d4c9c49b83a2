//! Who may create an account (`SIGNUP`): anyone (`open`, the local default), only people with an
//! invitation (`invite`, the production default; an instance's first account always may), or
//! addresses at some domains (`domains:example.com,example.org`). Invitations always work: they
//! are how a team brings people in, and their admin chose the address.

use crate::domain::{Email, Message};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupPolicy {
    Open,
    InviteOnly,
    /// Lower-case domains, without the `@`.
    Domains(Vec<String>),
}

impl SignupPolicy {
    /// The setting's text; `Err` says what is wrong with it.
    pub fn parse(text: &str) -> Result<SignupPolicy, String> {
        match text.trim() {
            "open" => Ok(SignupPolicy::Open),
            "invite" => Ok(SignupPolicy::InviteOnly),
            other => {
                let Some(list) = other.strip_prefix("domains:") else {
                    return Err(format!("expected open, invite or domains:example.com,…, got {other:?}"));
                };
                let domains: Vec<String> = list
                    .split(',')
                    .map(|domain| domain.trim().trim_start_matches('@').to_ascii_lowercase())
                    .filter(|domain| !domain.is_empty())
                    .collect();
                if domains.is_empty() || domains.iter().any(|d| !d.contains('.') || d.contains('@')) {
                    return Err(format!("expected domains like example.com after domains:, got {list:?}"));
                }
                Ok(SignupPolicy::Domains(domains))
            }
        }
    }

    /// Why `email` may not sign up on its own (without an invitation), or `None` if it may.
    /// `first_account`: nobody has an account yet (someone must be able to start).
    pub fn refusal(&self, email: &Email, first_account: bool) -> Option<Message> {
        match self {
            SignupPolicy::Open => None,
            _ if first_account => None,
            SignupPolicy::InviteOnly => Some(Message::InviteOnly),
            SignupPolicy::Domains(domains) => {
                let domain = email.as_str().rsplit('@').next().unwrap_or_default();
                (!domains.iter().any(|allowed| allowed == domain)).then(|| Message::DomainsOnly(domains.join(", ")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(text: &str) -> Email {
        Email::parse(text).unwrap()
    }

    #[test]
    fn the_setting_parses_or_says_what_is_wrong() {
        assert_eq!(SignupPolicy::parse("open"), Ok(SignupPolicy::Open));
        assert_eq!(SignupPolicy::parse(" invite "), Ok(SignupPolicy::InviteOnly));
        assert_eq!(
            SignupPolicy::parse("domains:Example.com, @team.example.org"),
            Ok(SignupPolicy::Domains(vec!["example.com".into(), "team.example.org".into()]))
        );
        for bad in ["", "closed", "domains:", "domains:localhost", "domains:a@b.com"] {
            assert!(SignupPolicy::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_policy_lets_in_whom_it_says() {
        let policy = SignupPolicy::Domains(vec!["example.com".into()]);
        assert_eq!(policy.refusal(&email("ann@example.com"), false), None);
        assert!(policy.refusal(&email("ann@example.com.evil.test"), false).is_some());
        assert!(policy.refusal(&email("ann@sub.example.com"), false).is_some(), "exactly the domain");
        assert!(SignupPolicy::InviteOnly.refusal(&email("ann@example.com"), false).is_some());
        assert_eq!(SignupPolicy::InviteOnly.refusal(&email("ann@example.com"), true), None, "the first account");
        assert_eq!(SignupPolicy::Open.refusal(&email("ann@example.com"), false), None);
    }
}
