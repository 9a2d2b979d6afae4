//! `GET /checkout.js`: the checkout.js stand-in, with the sandbox's base URL baked in as the
//! fallback for browsers without `document.currentScript`.

use axum::extract::State;
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The script source, as shipped in `sandbox/assets/checkout.js`.
pub const CHECKOUT_JS: &str = include_str!("../../assets/checkout.js");

/// The string literal (quotes included) the server replaces with the base URL.
const BASE_PLACEHOLDER: &str = "\"__AMAZON_PAY_SANDBOX_BASE_URL__\"";

/// The script with `base_url` baked in (as a JSON string literal, so any value is safe).
pub fn checkout_js(base_url: &str) -> String {
    let literal = serde_json::to_string(base_url).unwrap_or_else(|_| "\"\"".to_owned());
    CHECKOUT_JS.replacen(BASE_PLACEHOLDER, &literal, 1)
}

/// `GET /checkout.js`.
pub async fn serve(State(state): State<AppState>) -> Response {
    let mut response = checkout_js(&state.config().base_url()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_baked_in_as_a_literal() {
        assert!(CHECKOUT_JS.contains(BASE_PLACEHOLDER));
        let js = checkout_js("http://127.0.0.1:8790");
        assert!(js.contains("var BAKED_BASE = \"http://127.0.0.1:8790\";"));
        let hostile = checkout_js("http://x/\";alert(1);//");
        assert!(hostile.contains(r#"var BAKED_BASE = "http://x/\";alert(1);//";"#));
    }
}
