//! Everything that only exists on the server: configuration, database, AWS, HTTP start-up.

pub mod accounts;
pub mod admin;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod boards;
pub mod checklist;
pub mod comments;
pub mod config;
pub mod db;
pub mod emails;
pub mod errors;
pub mod health;
pub mod inbox;
pub mod invitations;
pub mod labels;
pub mod live;
pub mod mailer;
pub mod markdown;
pub mod members;
pub mod morning;
pub mod notify;
pub mod password_reset;
pub mod preferences;
pub mod rate_limit;
pub mod signup_policy;
pub mod startup;
pub mod state;
pub mod tasks;
pub mod telemetry;
pub mod trash;
pub mod unsubscribe;
pub mod verification;

pub use state::AppState;
