//! Taskboard: a self-hostable team task board.
//!
//! One crate, two builds: with `ssr` it is the server (axum + Leptos server rendering), with
//! `hydrate` it is the WASM bundle that makes the interactive parts of the server-rendered
//! pages work. Pages are rendered on the server only; the parts that react to the user (the
//! board's cards and the forms) are Leptos islands, so the browser downloads
//! and runs the code for those alone (see README, Performance).
//! Dependencies point one way: `ui → api → domain`, and `api` (server bodies) `→ server → domain`.

// Leptos views are deeply nested types; rendering the pages needs more than the default 128.
#![recursion_limit = "256"]

// The catalog, compiled by build.rs from src/locales: `i18n::Locale` and the typed keys the
// `td!` / `td_string!` macros check.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod app;
pub mod domain;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(test)]
mod catalog_tests;

/// Browser entry point: sets up the reactive system; Leptos's island script then hydrates each
/// island on the page in document order.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
