//! Compiles the UI's words (`src/locales/{en,ko}/*.json`) into the typed `i18n` module
//! (`src/i18n.rs` includes it): every key and argument the code uses is checked by the compiler,
//! in the server build and the browser build alike.
//!
//! This calls leptos_i18n's parser and code generator directly rather than `leptos_i18n_build`:
//! that crate's extra (ICU data generation, for number and date formatters Taskboard does not
//! use) would add about 150 crates to every build, twice. The two crates used here are the ones
//! the `t!` macros are built from, so they are compiled once for both.

use leptos_i18n_parser::parse_locales::{
    options::{Config, ParseOptions},
    parse_locales,
};
use std::{error::Error, fs, path::PathBuf};

/// The catalog's files, one per area of the app, in each language's folder.
const NAMESPACES: &[&str] = &[
    "common", "auth", "board", "task", "history", "account", "members", "emails", "errors", "inbox", "trash", "labels",
    "webhooks", "imports",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");

    let options = ParseOptions::new().interpolate_display(true);
    let config = Config::new("en")?
        .add_locale("ko")?
        .add_namespaces(NAMESPACES)?
        .locales_path("src/locales")
        .parse_options(options);
    let parsed = parse_locales(None, config)?;
    for path in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }

    // leptos_i18n only warns about a key missing in one language (and shows the English text
    // instead); here that stops the build, so no Korean page ever shows an English string.
    let problems: Vec<String> = parsed
        .diag
        .errors()
        .iter()
        .map(ToString::to_string)
        .chain(parsed.diag.warnings().iter().map(ToString::to_string))
        .collect();
    if !problems.is_empty() {
        return Err(format!("the catalog in src/locales is incomplete:\n  {}", problems.join("\n  ")).into());
    }

    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)?;
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("mod.rs"), code.to_string())?;
    Ok(())
}
