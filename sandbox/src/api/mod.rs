//! The Amazon Pay API v2 routes, mounted under `/v2`, `/sandbox/v2` and `/live/v2`.
//!
//! | Method | Path | Status |
//! |---|---|---|
//! | POST | `/checkoutSessions` | 201 |
//! | GET, PATCH | `/checkoutSessions/{id}` | 200 |
//! | POST | `/checkoutSessions/{id}/complete` | 200 (202 while the authorisation is pending) |
//! | GET, PATCH | `/chargePermissions/{id}` | 200 |
//! | DELETE | `/chargePermissions/{id}/close` | 200 |
//! | POST | `/charges` | 201 |
//! | GET | `/charges/{id}` | 200 |
//! | POST | `/charges/{id}/capture` | 200 |
//! | DELETE | `/charges/{id}/cancel` | 200 |
//! | POST | `/refunds` | 201 |
//! | GET | `/refunds/{id}` | 200 |
//! | GET | `/buyers/{buyerToken}` | 200 |
//!
//! Every path also matches with a trailing slash (the .NET SDK sends one). An unknown path is
//! 404 `ResourceNotFound`; a known path with another method is 405 `UnsupportedOperation`.

pub mod body;
pub mod buyers;
pub mod charge_permissions;
pub mod charges;
pub mod checkout_sessions;
pub mod refunds;

use axum::routing::{delete, get, post, MethodRouter};
use axum::Router;

use crate::error::ApiError;
use crate::state::AppState;

async fn unknown_operation() -> ApiError {
    ApiError::new(404, "ResourceNotFound", "No such operation.")
}

async fn unsupported_method() -> ApiError {
    ApiError::new(
        405,
        "UnsupportedOperation",
        "The operation does not support this HTTP method.",
    )
}

/// Adds a route with and without a trailing slash; other methods answer 405.
fn with_route(router: Router<AppState>, path: &str, methods: MethodRouter<AppState>) -> Router<AppState> {
    let methods = methods.fallback(unsupported_method);
    router
        .route(path, methods.clone())
        .route(&format!("{path}/"), methods)
}

/// The API routes, relative to the `/v2` prefix. Every route is behind [`crate::gate::api_gate`].
pub fn router() -> Router<AppState> {
    let routes: [(&str, MethodRouter<AppState>); 11] = [
        ("/checkoutSessions", post(checkout_sessions::create)),
        (
            "/checkoutSessions/{id}",
            get(checkout_sessions::get).patch(checkout_sessions::update),
        ),
        (
            "/checkoutSessions/{id}/complete",
            post(checkout_sessions::complete),
        ),
        (
            "/chargePermissions/{id}",
            get(charge_permissions::get).patch(charge_permissions::update),
        ),
        ("/chargePermissions/{id}/close", delete(charge_permissions::close)),
        ("/charges", post(charges::create)),
        ("/charges/{id}", get(charges::get)),
        ("/charges/{id}/capture", post(charges::capture)),
        ("/charges/{id}/cancel", delete(charges::cancel)),
        ("/refunds", post(refunds::create)),
        ("/refunds/{id}", get(refunds::get)),
    ];
    let mut router = Router::new();
    for (path, methods) in routes {
        router = with_route(router, path, methods);
    }
    with_route(router, "/buyers/{token}", get(buyers::get)).fallback(unknown_operation)
}
