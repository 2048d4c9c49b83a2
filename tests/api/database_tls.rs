//! TLS to the database (Aurora in AWS): with `DATABASE_CA_FILE` every connection the app opens
//! is TLS, to a server whose certificate that CA signed. `make test` starts a MariaDB that takes
//! TLS connections only, with a certificate from a CA of its own (scripts/lib.sh,
//! start_tls_mariadb), and says where in `TLS_DATABASE_*`.

use crate::helpers::TestApp;
use diesel::{sql_types::Text, QueryableByName};
use diesel_async::RunQueryDsl;
use std::path::Path;
use taskboard::server::{config::Config, db::connect::establish, startup::Application};

struct TlsServer {
    url: String,
    ca_file: String,
    other_ca_file: String,
}

fn tls_server() -> TlsServer {
    let get =
        |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by make test (scripts/test.sh)"));
    TlsServer {
        url: get("TLS_DATABASE_URL"),
        ca_file: get("TLS_DATABASE_CA_FILE"),
        other_ca_file: get("TLS_DATABASE_OTHER_CA_FILE"),
    }
}

#[derive(QueryableByName)]
struct Status {
    #[diesel(sql_type = Text, column_name = "Value")]
    value: String,
}

/// Starts the app on the TLS-only server with these extra settings; the error if it does not.
async fn start(server: &TlsServer, settings: &[(&str, &str)]) -> Result<(), String> {
    let config = Config::from_lookup(|name| {
        settings
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
            .or_else(|| (name == "DATABASE_URL").then(|| server.url.clone()))
            .or_else(|| (name == "LISTEN_ADDR").then(|| "127.0.0.1:0".to_owned()))
            .or_else(|| std::env::var(name).ok())
    })
    .map_err(|e| e.to_string())?;
    Application::build(config).await.map(|_| ()).map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_talks_to_the_database_over_tls_verified_against_its_ca() {
    let server = tls_server();

    // The connection is TLS: the server says which cipher it runs.
    let mut conn = establish(&server.url, Some(Path::new(&server.ca_file))).await.expect("a TLS connection");
    let cipher: Vec<Status> =
        diesel::sql_query("SHOW SESSION STATUS LIKE 'Ssl_cipher'").load(&mut conn).await.expect("the session's cipher");
    assert!(<[_]>::first(&cipher).is_some_and(|row| !row.value.is_empty()), "the session is encrypted");

    // The whole app (migrations, pool, a sign-up) works through it.
    let app = TestApp::builder()
        .setting("DATABASE_URL", &server.url)
        .setting("DATABASE_CA_FILE", &server.ca_file)
        .spawn()
        .await;
    app.sign_up_ok("Tia", &format!("tia-{}@example.com", &app.table_prefix[5..17])).await;
    assert_eq!(app.get("/readyz").await.status, 200);

    // Without TLS the server refuses; with a CA that did not sign its certificate the app does.
    // (MariaDB answers a plain login on a TLS-only server with "access denied".)
    let plain = start(&server, &[]).await.expect_err("a plain connection is refused");
    assert!(plain.starts_with("cannot connect to the database"), "{plain}");
    let forged = start(&server, &[("DATABASE_CA_FILE", &server.other_ca_file)]).await.expect_err("an unknown issuer");
    assert!(forged.contains("TLS"), "{forged}");
    // A CA file that is not one stops start-up naming the setting.
    let wrong = start(&server, &[("DATABASE_CA_FILE", "/etc/hostname")]).await.expect_err("no certificate in it");
    assert!(wrong.contains("DATABASE_CA_FILE"), "{wrong}");
}
