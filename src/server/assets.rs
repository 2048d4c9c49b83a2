//! The compiled browser side under `/pkg` (JS, WASM, CSS): served from the site directory with
//! the gzip/brotli copies made at build time, and cache headers that depend on whether the
//! file names carry content hashes.

use axum::{
    http::{header, HeaderValue},
    middleware::map_response,
    response::Response,
    routing::{get_service, MethodRouter},
};
use leptos::config::LeptosOptions;
use tower_http::services::ServeDir;

/// Cached for a year and never revalidated: a changed file gets a new name.
const HASHED: &str = "public, max-age=31536000, immutable";
/// Without hashes a file keeps its name across builds, so caches must ask every time
/// (cheaply: `If-Modified-Since` → 304).
const UNHASHED: &str = "no-cache";

/// Whether the build hashed the file names: cargo-leptos (`hash-files = true`) writes
/// `hash.txt` beside the server binary, and Leptos reads the names from it. A binary without
/// it (the test harness) serves and links the plain names.
pub fn hashed_names() -> bool {
    std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").is_file())).unwrap_or(false)
}

/// The `/pkg` service.
pub fn pkg_files(options: &LeptosOptions) -> MethodRouter {
    let cache_control = HeaderValue::from_static(if options.hash_files { HASHED } else { UNHASHED });
    let files = ServeDir::new(format!("{}/{}", options.site_root, options.site_pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    get_service(files).layer(map_response(move |mut response: Response| {
        let cache_control = cache_control.clone();
        async move {
            if response.status().is_success() {
                response.headers_mut().insert(header::CACHE_CONTROL, cache_control);
            }
            response
        }
    }))
}
