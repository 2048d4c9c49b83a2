//! Everything that only exists on the server: configuration, database, AWS, HTTP start-up.

pub mod config;
pub mod db;
pub mod health;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use state::AppState;
