//! What the shop should fix, for the browser console. An error that will not go away by itself
//! ([`WidgetError::retryable`] is false: an unknown SKU, an amount over the limit, a refused
//! origin, an invalid configuration or option) shows the buyer only a neutral line
//! ([`crate::copy::error_line`]); the console gets the error and what to change.

use crate::error::WidgetError;

/// What the shop should change so that the error goes away; empty when it is nothing the
/// shop can fix (the buyer's own situation, such as a checkout opened in another browser). The
/// error's own text (the signer's message names the SKU, the amount, the origin) comes first.
pub fn shop_fix(error: &WidgetError) -> &'static str {
    match (error, error.signer_detail().map(|(code, _)| code)) {
        (_, Some("SKU_UNKNOWN" | "SKU_INVALID")) => "fix the cart or the signer's CATALOG_JSON",
        (_, Some("AMOUNT_ABOVE_MAXIMUM")) => "limit the cart, or hide the button above the limit",
        (_, Some("ORIGIN_NOT_ALLOWED")) => "add this origin to the signer's ALLOWED_ORIGINS",
        (_, Some("CONFIG_INVALID")) => "fix the signer's settings (its log names them)",
        (_, Some(_)) => "see the code in the signer's README",
        (WidgetError::OptionInvalid { .. } | WidgetError::CartInvalid(_), _) => "fix the options",
        (WidgetError::ScriptError(_), _) => "check the signer's merchant and key ids",
        (WidgetError::ResponseInvalid(_), _) => "use the signer of this widget's version",
        _ => "",
    }
}

/// Writes a permanent error the shop can fix to the console (`console.error`): the error, what
/// to change, and the signer's request id when there is one.
pub fn report(error: &WidgetError) {
    let fix = shop_fix(error);
    if error.retryable() || fix.is_empty() {
        return;
    }
    let mut line = String::from("amazon-pay-widget: ");
    line.push_str(&error.to_string());
    line.push_str(" (will not pass by trying again): ");
    line.push_str(fix);
    if let Some(id) = error.request_id() {
        line.push_str("; request id ");
        line.push_str(id);
    }
    web_sys::console::error_1(&line.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(status: u16, code: &str) -> WidgetError {
        WidgetError::Signer {
            status,
            code: code.into(),
            message: "m".into(),
            request_id: None,
        }
    }

    #[test]
    fn errors_that_stay_name_what_to_fix_and_passing_ones_ask_to_try_again() {
        for code in ["SKU_UNKNOWN", "AMOUNT_ABOVE_MAXIMUM", "ORIGIN_NOT_ALLOWED"] {
            let status = if code == "ORIGIN_NOT_ALLOWED" { 403 } else { 400 };
            let e = signer(status, code);
            assert!(!e.retryable(), "{code}");
            assert!(!shop_fix(&e).is_empty(), "{code}");
        }
        let config = signer(500, "CONFIG_INVALID");
        assert!(!config.retryable());
        assert!(shop_fix(&config).contains("settings"));
        assert!(shop_fix(&signer(400, "SKU_UNKNOWN")).contains("CATALOG_JSON"));
        assert!(shop_fix(&signer(400, "AMOUNT_ABOVE_MAXIMUM")).contains("limit"));
        assert!(shop_fix(&signer(403, "ORIGIN_NOT_ALLOWED")).contains("ALLOWED_ORIGINS"));
        for (status, code) in [
            (429, "RATE_LIMITED"),
            (503, "UPSTREAM_UNAVAILABLE"),
            (500, "INTERNAL"),
        ] {
            assert!(signer(status, code).retryable(), "{code}");
        }
        assert!(WidgetError::Network("offline".into()).retryable());
        assert!(!WidgetError::option("buttonColor", "x").retryable());
        assert!(shop_fix(&WidgetError::NotThisBrowser).is_empty());
    }
}
