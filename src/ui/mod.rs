//! Pages and components. No SQL, no AWS: data comes through `api`.

pub mod components;
mod dom;
pub mod live;
pub mod locale;
pub mod moves;
pub mod pages;
