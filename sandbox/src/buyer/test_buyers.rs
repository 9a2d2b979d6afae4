//! The test buyer a browser picks: the buttons to pick one with, and the cookie that remembers
//! the buyer who last signed in (cleared by `amazon.Pay.signout`).

use axum::http::header::COOKIE;
use axum::http::HeaderMap;

use super::html::escape;
use crate::buyers::test_buyers;

/// The cookie that remembers the last signed-in test buyer (cleared by `amazon.Pay.signout`).
pub const BUYER_COOKIE: &str = "amazon-pay-sandbox-buyer";

/// The buyer id the browser's cookie remembers, if it is one of the test buyers.
pub fn remembered_buyer(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == BUYER_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|id| crate::buyers::test_buyers().iter().any(|b| b.buyer_id == *id))
}

/// The `Set-Cookie` value remembering a buyer (only ids of test buyers, which are plain ASCII).
pub fn remember_cookie(buyer_id: &str) -> Option<String> {
    let safe = !buyer_id.is_empty()
        && buyer_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    safe.then(|| format!("{BUYER_COOKIE}={buyer_id}; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax"))
}

/// The test buyers as submit buttons named `buyerId` (`data-testid="buyer-<id>"`).
pub fn buyer_buttons(remembered: Option<&str>) -> String {
    let mut out = String::new();
    for buyer in test_buyers() {
        let note = if remembered == Some(buyer.buyer_id.as_str()) {
            " <span class=\"remembered\">· signed in</span>"
        } else {
            ""
        };
        let descriptors = buyer
            .instruments
            .iter()
            .map(|i| i.descriptor.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "<button class=\"buyer\" type=\"submit\" name=\"buyerId\" value=\"{id}\" data-testid=\"buyer-{id}\">\
             <span><span class=\"name\">{name}</span>{note}<br><span class=\"muted\">{email}</span><br>\
             <span class=\"muted\">{descriptors}</span></span><span class=\"arrow\">›</span></button>",
            id = escape(&buyer.buyer_id),
            name = escape(&buyer.name),
            email = escape(&buyer.email),
            descriptors = escape(&descriptors),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn cookies() {
        let mut headers = HeaderMap::new();
        let jane = "amzn1.account.SANDBOXBUYERUS0002";
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("a=1; {BUYER_COOKIE}={jane}")).unwrap(),
        );
        assert_eq!(remembered_buyer(&headers).as_deref(), Some(jane));
        headers.insert(
            COOKIE,
            HeaderValue::from_static("amazon-pay-sandbox-buyer=nobody"),
        );
        assert_eq!(remembered_buyer(&headers), None);
        assert!(remember_cookie("x;y").is_none());
        assert!(remember_cookie(jane)
            .unwrap()
            .starts_with("amazon-pay-sandbox-buyer=amzn1."));
    }

    #[test]
    fn buyer_buttons_carry_test_ids() {
        let html = buyer_buttons(Some("amzn1.account.SANDBOXBUYERUS0002"));
        for buyer in test_buyers() {
            assert!(html.contains(&format!("data-testid=\"buyer-{}\"", buyer.buyer_id)));
        }
        assert_eq!(html.matches("signed in").count(), 1);
    }
}
