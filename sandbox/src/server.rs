//! Routing and listeners (HTTP and HTTPS with a self-signed certificate made at start).

use std::net::SocketAddr;

use axum::Router;

use crate::state::AppState;

/// The whole application: API (behind the gate) under the three path prefixes, the control
/// API and the buyer side. API answers carry a `date` header in sandbox time, as Amazon's
/// carry Amazon's time.
pub fn app(state: AppState) -> Router {
    let api = || {
        crate::api::router()
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::gate::api_gate,
            ))
            .layer(axum::middleware::map_response_with_state(
                state.clone(),
                sandbox_date,
            ))
    };
    Router::new()
        .nest("/v2", api())
        .nest("/sandbox/v2", api())
        .nest("/live/v2", api())
        .merge(crate::control::router())
        .merge(crate::simulate::router())
        .merge(crate::buyer::router())
        .with_state(state)
}

async fn sandbox_date(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut response: axum::response::Response,
) -> axum::response::Response {
    if let Ok(value) = axum::http::HeaderValue::from_str(&state.clock().http_date()) {
        response.headers_mut().insert(axum::http::header::DATE, value);
    }
    response
}

/// A self-signed certificate for `localhost` and `127.0.0.1`, PEM.
#[derive(Clone)]
pub struct SelfSigned {
    /// Certificate PEM (give it to clients that should trust the sandbox).
    pub cert_pem: String,
    /// Private key PEM (never leaves the process except into the TLS config).
    key_pem: String,
}

impl std::fmt::Debug for SelfSigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SelfSigned").finish_non_exhaustive()
    }
}

/// Makes the certificate.
pub fn self_signed(extra_names: &[String]) -> Result<SelfSigned, String> {
    let mut names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
    names.extend(extra_names.iter().cloned());
    let certified = rcgen::generate_simple_self_signed(names).map_err(|e| e.to_string())?;
    Ok(SelfSigned {
        cert_pem: certified.cert.pem(),
        key_pem: certified.signing_key.serialize_pem(),
    })
}

/// Serves plain HTTP on a bound listener until the process ends.
pub async fn serve_http(listener: std::net::TcpListener, app: Router) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    axum::serve(listener, app).await
}

/// Serves HTTPS on a bound listener until the process ends.
pub async fn serve_https(
    listener: std::net::TcpListener,
    app: Router,
    cert: &SelfSigned,
) -> std::io::Result<()> {
    let config = axum_server::tls_rustls::RustlsConfig::from_pem(
        cert.cert_pem.clone().into_bytes(),
        cert.key_pem.clone().into_bytes(),
    )
    .await?;
    listener.set_nonblocking(true)?;
    axum_server::from_tcp_rustls(listener, config)?
        .serve(app.into_make_service())
        .await
}

/// Binds a listener (port 0 picks a free port).
pub fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    std::net::TcpListener::bind(addr)
}
