//! Taskboard: a self-hostable team task board.
//!
//! One crate, two builds: with `ssr` it is the server (axum + Leptos server rendering), with
//! `hydrate` it is the WASM bundle that makes the server-rendered pages interactive.
//! Dependencies point one way: `ui → api → domain`, and `api` (server bodies) `→ server → domain`.

// Leptos views are deeply nested types; hydrating whole pages needs more than the default 128.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod domain;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

/// Browser entry point: attach to the HTML the server rendered instead of rendering again.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
