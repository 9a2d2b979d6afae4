//! [`WidgetError`]: every way the widget can fail, each with a stable code.
//!
//! The codes are part of the public API: JavaScript sees them as the `.code` property of an
//! `Error` (see [`crate::js::error`]), and the message element of a button carries them in its
//! `data-code` attribute. Codes never change meaning; new ones may be added.

use std::fmt;

/// Why the widget could not do what was asked. [`WidgetError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WidgetError {
    /// No `window` or `document` (not running in a browser page).
    BrowserUnsupported,
    /// The element to mount into was not found, or is not an element.
    ElementNotFound(String),
    /// An option has a value outside its set, or the wrong type.
    OptionInvalid {
        /// The option's name as JavaScript spells it (e.g. `buttonColor`).
        option: String,
        /// What was wrong.
        message: String,
    },
    /// The cart (lines, token or estimated amount) is malformed.
    CartInvalid(String),
    /// Amazon's checkout.js could not be loaded.
    ScriptLoadFailed(String),
    /// checkout.js refused a call (it throws strings `"AmazonPay:\n…"`; this is the message).
    ScriptError(String),
    /// The signer could not be reached (offline, DNS, CORS refused).
    Network(String),
    /// The signer answered with an error body.
    Signer {
        /// The HTTP status.
        status: u16,
        /// The signer's own stable code (`SKU_UNKNOWN`, `ORIGIN_NOT_ALLOWED`, …).
        code: String,
        /// The signer's message.
        message: String,
        /// The signer's `x-request-id` for this answer (the signer's CORS exposes it), to find
        /// the request in the signer's logs.
        request_id: Option<String>,
    },
    /// The signer answered with something that is not the expected JSON.
    ResponseInvalid(String),
    /// The button was destroyed (or replaced by a new mount in the same element).
    Destroyed,
    /// A return page lacks what Amazon appends to its address (`amazonCheckoutSessionId`,
    /// `buyerToken`), or it is malformed; the value is the parameter's name.
    MissingParameter(String),
    /// A return page was opened in a browser (or tab) that did not click the checkout's button:
    /// it holds no binding secret ([`amazon_pay_shared::binding`]), so the checkout cannot be
    /// continued here.
    NotThisBrowser,
}

impl WidgetError {
    /// Every code, for documentation and tests.
    pub const CODES: &'static [&'static str] = &[
        "BROWSER_UNSUPPORTED",
        "ELEMENT_NOT_FOUND",
        "OPTION_INVALID",
        "CART_INVALID",
        "SCRIPT_LOAD_FAILED",
        "SCRIPT_ERROR",
        "NETWORK_ERROR",
        "SIGNER_ERROR",
        "RESPONSE_INVALID",
        "DESTROYED",
        "PARAMETER_MISSING",
        "CHECKOUT_NOT_IN_THIS_BROWSER",
    ];

    /// The stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            WidgetError::BrowserUnsupported => "BROWSER_UNSUPPORTED",
            WidgetError::ElementNotFound(_) => "ELEMENT_NOT_FOUND",
            WidgetError::OptionInvalid { .. } => "OPTION_INVALID",
            WidgetError::CartInvalid(_) => "CART_INVALID",
            WidgetError::ScriptLoadFailed(_) => "SCRIPT_LOAD_FAILED",
            WidgetError::ScriptError(_) => "SCRIPT_ERROR",
            WidgetError::Network(_) => "NETWORK_ERROR",
            WidgetError::Signer { .. } => "SIGNER_ERROR",
            WidgetError::ResponseInvalid(_) => "RESPONSE_INVALID",
            WidgetError::Destroyed => "DESTROYED",
            WidgetError::MissingParameter(_) => "PARAMETER_MISSING",
            WidgetError::NotThisBrowser => "CHECKOUT_NOT_IN_THIS_BROWSER",
        }
    }

    /// True when the same action may work later, so the buyer is asked to try again: the
    /// signer could not be reached, checkout.js did not load, or the signer answered 429 or a
    /// 5xx other than `CONFIG_INVALID` (its own `RATE_LIMITED`, `UPSTREAM_*`,
    /// `LEDGER_UNAVAILABLE`, `INTERNAL`). Every other error stays until the shop changes
    /// something (an unknown SKU, an amount over the limit, a refused origin, an invalid
    /// configuration or option): the buyer is told Amazon Pay is unavailable and the console
    /// says what to fix ([`crate::advice`]).
    pub fn retryable(&self) -> bool {
        match self {
            WidgetError::Network(_) | WidgetError::ScriptLoadFailed(_) => true,
            WidgetError::Signer { status, code, .. } => {
                (*status == 429 || *status >= 500) && code != "CONFIG_INVALID"
            }
            _ => false,
        }
    }

    /// The signer's code and HTTP status, for [`WidgetError::Signer`].
    pub fn signer_detail(&self) -> Option<(&str, u16)> {
        match self {
            WidgetError::Signer { code, status, .. } => Some((code, *status)),
            _ => None,
        }
    }

    /// The signer's `x-request-id`, for [`WidgetError::Signer`] answers that carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            WidgetError::Signer { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// An [`WidgetError::OptionInvalid`].
    pub(crate) fn option(option: &str, message: impl Into<String>) -> WidgetError {
        WidgetError::OptionInvalid {
            option: option.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for WidgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WidgetError::BrowserUnsupported => f.write_str("the widget needs a browser window and document"),
            WidgetError::ElementNotFound(what) => write!(f, "element not found: {what}"),
            WidgetError::OptionInvalid { option, message } => write!(f, "option {option}: {message}"),
            WidgetError::CartInvalid(message) => write!(f, "cart: {message}"),
            WidgetError::ScriptLoadFailed(url) => {
                write!(f, "Amazon Pay checkout.js failed to load from {url}")
            }
            WidgetError::ScriptError(message) => write!(f, "Amazon Pay checkout.js: {message}"),
            WidgetError::Network(message) => write!(f, "the signer could not be reached: {message}"),
            WidgetError::Signer {
                status,
                code,
                message,
                ..
            } => {
                write!(f, "the signer answered {status} {code}: {message}")
            }
            WidgetError::ResponseInvalid(message) => {
                write!(f, "unexpected answer from the signer: {message}")
            }
            WidgetError::Destroyed => f.write_str("the mount was destroyed"),
            WidgetError::MissingParameter(name) => write!(f, "the page address has no valid {name}"),
            WidgetError::NotThisBrowser => f.write_str(
                "this checkout was started in another browser or tab and cannot be continued here",
            ),
        }
    }
}

impl std::error::Error for WidgetError {}

/// The widget's result type.
pub type Result<T, E = WidgetError> = std::result::Result<T, E>;
