//! The contract shared by the Amazon Pay widget, the edge signer and the local sandbox.
//!
//! Everything here is pure Rust and compiles both natively and for `wasm32-unknown-unknown`:
//!
//! * [`money`]: exact amounts as decimal strings and integer minor units, never floats.
//! * [`region`]: Amazon Pay regions (`na`, `eu`, `jp`), their API hosts, checkout.js URLs and
//!   ledger currencies, and the `LIVE-`/`SANDBOX-` public-key-id rule.
//! * [`signing`]: the canonical request, the string to sign, the `Authorization` header and the
//!   button-payload signature for both algorithms, plus their verification.
//! * [`keys`]: PEM parsing of RSA keys (PKCS#8 and PKCS#1), with key material never shown.
//! * [`api`]: serde types for Amazon Pay objects whose state and reason-code enums keep
//!   values they do not know instead of failing.
//! * [`time`]: Amazon Pay's timestamp formats.
//! * [`webhook`]: instant notifications through Amazon SNS: envelope, certificate-URL rule,
//!   signature versions 1 and 2, the certificate's public key, the Amazon Pay message.
//! * [`lifecycle`]: the transaction status codes (UNPROCESSED … PAYFAIL) derived from Amazon's
//!   objects, the allowed-operation table, and the amount, time and refund rules as pre-flight
//!   checks with typed errors.
//! * [`cart`], [`cart_token`], [`payload`], [`wire`], [`permission_button`]: catalog pricing,
//!   merchant-signed cart tokens, validated payload builders and the `/v1` protocol of the edge
//!   signer (the recurring and payment-method-on-file button in a module of its own).
//! * [`payload_seal`]: the expiry and order a signed one-step payload carries, sealed with an HMAC.
//! * [`sign_in_state`]: the signed state that gives a sign-in's profile to its own browser only.
//! * [`subscription_token`]: the signed, expiring token that opens a subscription to its buyer.
//! * [`binding`]: how a checkout session belongs to the browser that clicked its button.
//! * [`vocabulary`]: Amazon's closed sets of values (product type, placement, button colour,
//!   charge permission type, frequency unit, payment intent) with their exact spellings.
//! * [`error_code`]: the signer's stable error codes and HTTP statuses, which the errors of
//!   money, carts, cart tokens, payload builders and the lifecycle name directly.
//!
//! A request is signed in two steps so that the RSA operation can live anywhere (WebCrypto at
//! the edge, the `rsa` crate natively):
//!
//! ```
//! # #[cfg(feature = "native-rsa")] {
//! use amazon_pay_shared::keys::PrivateKey;
//! use amazon_pay_shared::region::{PublicKeyId, Region};
//! use amazon_pay_shared::signing::{Algorithm, ApiRequest, ClientProfile};
//!
//! # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/keys/merchant-pkcs8.pem");
//! # let pem = std::fs::read_to_string(path).unwrap();
//! let key = PrivateKey::from_pem(&pem).unwrap();
//! let profile = ClientProfile {
//!     public_key_id: PublicKeyId::parse("SANDBOX-AEXAMPLEKEY").unwrap(),
//!     region: Region::Jp,
//!     sandbox: true,
//!     algorithm: Algorithm::V2,
//! };
//! let request = ApiRequest::new("GET", "/v2/checkoutSessions/abc").unwrap();
//! let prepared = profile.prepare(&request, "20261123T101010Z").unwrap();
//! let signed = prepared.sign_with(&key).unwrap();
//! assert!(signed.header("authorization").unwrap().starts_with("AMZN-PAY-RSASSA-PSS-V2 "));
//! # }
//! ```
#![deny(missing_docs, missing_debug_implementations)]
#![forbid(unsafe_code)]

pub mod api;
pub mod binding;
pub mod cart;
pub mod cart_token;
pub mod error_code;
mod expiring_mac;
pub mod keys;
pub mod lifecycle;
pub mod money;
pub mod payload;
pub mod payload_seal;
pub mod permission_button;
pub mod region;
pub mod sign_in_state;
pub mod signing;
pub mod subscription_token;
pub mod time;
pub mod vocabulary;
pub mod webhook;
pub mod wire;
pub mod wire_keys;
mod wire_option;
