//! The binary's start-up failures: one clear line on stderr naming the setting, a non-zero exit.

use std::{
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};

/// Runs the server binary with `env` and waits (at most 30 s) for it to exit.
fn run_server(env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taskboard"));
    command.env("LISTEN_ADDR", "127.0.0.1:0").stdout(Stdio::piped()).stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("start the server binary");
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("poll child").is_none() {
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("the server did not stop on a bad setting within 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("child output")
}

fn assert_one_line_error(output: &Output, expected: &[&str]) {
    assert!(!output.status.success(), "start-up must fail");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<_> = stderr.lines().filter(|line| !line.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "exactly one line on stderr, got:\n{stderr}");
    for needle in expected {
        assert!(lines[0].contains(needle), "{:?} should mention {needle:?}", lines[0]);
    }
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
}

#[test]
fn malformed_database_url_stops_startup_naming_it() {
    let output = run_server(&[("DATABASE_URL", "postgres://app:hunter2@db.internal/taskboard")]);
    assert_one_line_error(&output, &["DATABASE_URL", "mysql://"]);
    assert!(!String::from_utf8_lossy(&output.stderr).contains("hunter2"), "the password is not printed");
}

#[test]
fn unreachable_database_stops_startup_naming_it() {
    let output = run_server(&[("DATABASE_URL", "mysql://root@127.0.0.1:9/taskboard")]);
    assert_one_line_error(&output, &["DATABASE_URL", "127.0.0.1:9"]);
}

#[test]
fn missing_database_stops_startup_naming_it() {
    let output = run_server(&[("DATABASE_URL", "mysql://root@127.0.0.1:3306/taskboard_no_such_database")]);
    assert_one_line_error(&output, &["DATABASE_URL", "taskboard_no_such_database"]);
}

#[test]
fn bad_log_format_stops_startup_naming_it() {
    let output = run_server(&[("LOG_FORMAT", "xml")]);
    assert_one_line_error(&output, &["LOG_FORMAT"]);
}
