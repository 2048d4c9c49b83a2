//! Integration tests: the real server on a random port, a fresh MariaDB database per test,
//! DynamoDB Local and the SES stand-in over HTTP. One test binary, so it links once.
#![cfg(feature = "ssr")]

mod accounts;
mod audit;
mod board;
mod board_cache;
mod boards;
mod cancelled_requests;
mod checklist;
mod comments;
mod csv_export;
mod csv_import;
mod database_tls;
mod health;
mod helpers;
mod labels;
mod live;
mod notifications;
mod notify;
mod password_reset;
mod preferences;
mod rest;
mod security;
mod startup;
mod tasks;
mod trash;
mod upgrade;
mod verification;
mod webhooks;
