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

/// SIGTERM (what ECS sends) stops new work but lets a request that is already being received
/// finish, then the process exits cleanly.
#[tokio::test(flavor = "multi_thread")]
async fn sigterm_lets_an_in_flight_request_finish() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // A migrated database for the binary; the in-process app is only used to create it.
    let app = crate::helpers::TestApp::spawn().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_taskboard"))
        .env("DATABASE_URL", &app.database_url)
        .env("LISTEN_ADDR", &address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server binary");
    let mut child = KillOnDrop(child);
    let started = Instant::now();
    // Serving, not only listening: the listener is bound before the rest of start-up is done.
    while !answers_healthz(&address).await {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Half a request: the head and part of the body.
    let body = "email=nobody%40example.com&password=not+the+password";
    let (first, rest) = body.split_at(10);
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/log_in HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let pid = child.0.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(child.0.try_wait().unwrap().is_none(), "still running while a request is in flight");

    // The rest of the body arrives after the signal; the request is still answered in full.
    stream.write_all(rest.as_bytes()).await.unwrap();
    let mut response = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut response)).await.unwrap().unwrap();
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    assert!(response.contains(r#"{"Refused":"InvalidCredentials"}"#), "{response}");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not exit after the request");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "clean exit: {status}");
}

/// Whether a server on `address` answers `GET /healthz` with 200.
async fn answers_healthz(address: &str) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut stream) = tokio::net::TcpStream::connect(address).await else { return false };
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let mut response = String::new();
    let read = tokio::time::timeout(Duration::from_secs(2), stream.read_to_string(&mut response)).await;
    matches!(read, Ok(Ok(_))) && response.starts_with("HTTP/1.1 200")
}

/// Kills the server if the test fails before it exits by itself.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `taskboard healthcheck` (the container's HEALTHCHECK): exit 0 against a serving app, non-zero
/// with one line when nothing answers.
#[tokio::test(flavor = "multi_thread")]
async fn the_healthcheck_command_tells_whether_the_server_answers() {
    let app = crate::helpers::TestApp::spawn().await;
    let listen_addr = app.address.trim_start_matches("http://").to_owned();
    let check = |addr: String| {
        std::thread::spawn(move || {
            Command::new(env!("CARGO_BIN_EXE_taskboard")).arg("healthcheck").env("LISTEN_ADDR", addr).output().unwrap()
        })
        .join()
        .unwrap()
    };
    let healthy = check(listen_addr);
    assert!(healthy.status.success(), "{}", String::from_utf8_lossy(&healthy.stderr));

    let nobody = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let down = check(nobody);
    assert!(!down.status.success());
    let stderr = String::from_utf8_lossy(&down.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("taskboard healthcheck: connect to 127.0.0.1:"), "{stderr}");
}
