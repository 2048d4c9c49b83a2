//! Opening one MySQL connection: as the URL says locally, and in AWS over TLS, with the server
//! verified against a CA bundle (`DATABASE_CA_FILE`, Amazon RDS's roots, which are not among
//! the public roots) and the host name checked. Every connection the app opens comes from here:
//! the pool's, the migrations', the start-up check's.

use diesel::ConnectionError;
use diesel_async::{AsyncConnection, AsyncMysqlConnection};
use mysql_async::{Opts, OptsBuilder, SslOpts};
use std::path::Path;

/// Connects to `url`; with `ca_file`, only over TLS to a server whose certificate that bundle
/// vouches for (a server without TLS, or with a certificate from elsewhere, is refused).
pub async fn establish(url: &str, ca_file: Option<&Path>) -> Result<AsyncMysqlConnection, ConnectionError> {
    let Some(ca_file) = ca_file else {
        return AsyncMysqlConnection::establish(url).await;
    };
    let opts = Opts::from_url(url).map_err(|error| ConnectionError::InvalidConnectionUrl(error.to_string()))?;
    let tls = SslOpts::default().with_root_certs(vec![ca_file.to_path_buf().into()]).with_disable_built_in_roots(true);
    let conn = mysql_async::Conn::new(OptsBuilder::from_opts(opts).ssl_opts(tls))
        .await
        .map_err(|error| ConnectionError::BadConnection(format!("over TLS: {error}")))?;
    AsyncMysqlConnection::try_from(conn).await
}
