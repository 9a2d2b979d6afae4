//! What the routes do, below them: each service takes checked input and the request's ledger
//! and answers Amazon's objects or the signer's own results; none knows a route.
//!
//! * [`buttons`]: signed button payloads (checkout, sign-in, keeping the payment method);
//! * [`bound_session`]: a checkout session opens only for the browser that clicked its button;
//! * [`checkout`]: checkout sessions (review, place-order, complete) and the signed-in buyer;
//! * [`charges`], [`refunds`], [`permissions`], [`amount_change`], [`reauthorize`]: the
//!   merchant's operations, each checked against the lifecycle with a ledger;
//! * [`transactions`]: the ledger as the merchant reads it; [`export`]: all of it as one
//!   streamed CSV download;
//! * [`settings_summary`]: the configuration as the merchant may read it (never a secret);
//! * [`sync`]: finishing intents that died halfway and settling pending statuses;
//! * [`notifications`]: Amazon Pay's instant notifications, verified and recorded;
//! * [`subscriptions`]: subscriptions that run themselves (scheduled charges, retries, usage);
//! * [`merchant_events`]: outgoing notifications to the merchant's backend, queued, signed,
//!   delivered and retried;
//! * [`one_step_seal`]: one-step payloads carry their order and expiry, checked at completion;
//! * [`session_update`]: place-order's Update Checkout Session, settled by a read when its
//!   answer is lost;
//! * [`reconcile`]: recording Amazon's objects and the intents before calls;
//!   [`amazon`]: reading Amazon's objects with Amazon's time.

pub mod amazon;
pub mod amount_change;
pub mod bound_session;
pub mod buttons;
pub mod charges;
pub mod checkout;
pub mod export;
pub mod merchant_events;
pub mod notifications;
pub mod one_step_seal;
pub mod permissions;
pub mod reauthorize;
pub mod reconcile;
pub mod refunds;
pub mod session_update;
pub mod settings_summary;
pub mod subscriptions;
pub mod sync;
pub mod transactions;
