//! The buyer side: the checkout.js stand-in and the hosted pages.
//!
//! | Route | What |
//! |---|---|
//! | `GET /checkout.js` | the `amazon.Pay` script ([`script`]) |
//! | `POST /checkout/initiate` | checkout.js's form post: signature check, session creation ([`initiate`]) |
//! | `GET`, `POST /checkout/signin` | choose a test buyer ([`pages`]) |
//! | `GET`, `POST /checkout/choose` | choose address and instrument, then approve ([`pages`]) |
//! | `GET /checkout/initiate_auth` | `bindChangeAction`: change address or payment ([`pages`]) |
//! | `GET`, `POST /checkout/pay` | the `amazonPayRedirectUrl` step ([`pages`]) |
//! | `POST /checkout/cancel` | the buyer cancels ([`pages`]) |
//! | `GET`, `POST /checkout/amazon-signin` | Amazon Sign-in → `buyerToken` ([`signin`]) |
//! | `GET /checkout/signout` | `amazon.Pay.signout` ([`signin`]) |
//! | `GET`, `POST /jr/your-account/ba/{id}` | change a recurring permission's payment method ([`account`]) |

pub mod account;
pub mod button;
pub mod html;
pub mod initiate;
pub mod pages;
pub mod script;
pub mod signin;
pub mod test_buyers;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

/// Buyer-facing routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/checkout.js", get(script::serve))
        .route("/checkout/initiate", post(initiate::initiate))
        .route(
            "/checkout/signin",
            get(pages::signin_page).post(pages::signin_submit),
        )
        .route(
            "/checkout/choose",
            get(pages::choose_page).post(pages::choose_submit),
        )
        .route("/checkout/initiate_auth", get(pages::change_page))
        .route("/checkout/pay", get(pages::pay_page).post(pages::pay_submit))
        .route("/checkout/cancel", post(pages::cancel_submit))
        .route(
            "/checkout/amazon-signin",
            get(signin::signin_page).post(signin::signin_submit),
        )
        .route("/checkout/signout", get(signin::signout))
        .route(
            "/jr/your-account/ba/{id}",
            get(account::account_page).post(account::account_submit),
        )
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
}
