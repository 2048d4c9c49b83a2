//! Pages and components. No SQL, no AWS: data comes through `api`.

pub mod auth;
pub mod components;
pub mod pages;
