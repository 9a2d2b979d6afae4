//! The route table: every route the signer answers, matched from its path in one place,
//! grouped by kind (who may call it), and dispatched by one exhaustive match to a thin handler
//! that reads the request, calls a [service](crate::services) and builds the reply. No handler
//! knows another.
//!
//! * public ([`public`], [`permission_button`], [`checkout`]): for the widget, the return
//!   pages and the buyer's subscription page; guarded by the origin policy (a return page's
//!   calls also by the checkout's binding secret, the subscription by its signed token);
//! * merchant ([`charges`], [`refunds`], [`permissions`], [`transactions`], [`sync`],
//!   [`settings`], [`merchant_events`], [`subscriptions`]): for the merchant's backend, behind its
//!   bearer token;
//! * webhook ([`webhook`]): Amazon Pay's notifications, verified by their SNS signature;
//! * console sign-in and console ([`console`]): the merchant console's HTML pages under
//!   `/console/`; its sign-in page, sign-in form, stylesheet and language switch are open, every
//!   other page and action needs a console session (cookie), and every form a CSRF token;
//! * bench (`bench`, cargo feature `bench` only): benchmark routes, public.

#[cfg(feature = "bench")]
pub mod bench;
pub mod charges;
pub mod checkout;
pub mod console;
pub mod merchant_events;
pub mod permission_button;
pub mod permissions;
pub mod public;
pub mod refunds;
pub mod settings;
pub mod subscriptions;
pub mod sync;
pub mod transactions;
pub mod webhook;

use worker::{Method, Request};

use crate::config::Config;
use crate::error::ApiResult;
use crate::http::Reply;
use crate::ledger::Ledger;
use crate::services::settings_summary::Bindings;
#[cfg(feature = "bench")]
use crate::sign::Signing;

/// Who may call a route ([`crate::auth`] checks it). The origin policy comes first, for every
/// request: a browser origin it refuses learns nothing, not even whether a path exists. (Kinds
/// still to come: bound-to-browser, scheduled.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// Anyone the origin policy lets through: the widget, the return pages, a server.
    Public,
    /// The merchant's backend, with `Authorization: Bearer <MERCHANT_API_TOKEN>`.
    Merchant,
    /// Amazon Pay, proven by the SNS signature of the message itself.
    Webhook,
    /// Anyone who reaches the console's sign-in: its page, the sign-in form (the merchant API
    /// token; rate-limited), the stylesheet and the language switch. Nothing else is shown.
    ConsoleSignIn,
    /// The merchant in a console session: a signed session cookie of a session the ledger holds
    /// open (not signed out, not idle for 8 hours), checked before any page; every POST also
    /// carries the session's CSRF token.
    Console,
}

/// A matched route, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// A public route.
    Public(PublicRoute<'a>),
    /// A merchant route.
    Merchant(MerchantRoute<'a>),
    /// `POST /v1/webhooks/amazon-pay`.
    Webhook,
    /// A console route.
    Console(ConsoleRoute<'a>),
    /// A benchmark route (feature `bench` only).
    #[cfg(feature = "bench")]
    Bench(BenchRoute),
}

/// The public routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicRoute<'a> {
    /// `GET /healthz`.
    Healthz,
    /// `GET /v1/config`.
    Config,
    /// `POST /v1/button`.
    Button,
    /// `POST /v1/signin-button`.
    SignInButton,
    /// `POST /v1/permission-button`.
    PermissionButton,
    /// `POST /v1/quote`.
    Quote,
    /// `GET /v1/checkout-sessions/{id}`.
    Review(&'a str),
    /// `POST /v1/checkout-sessions/{id}/place-order`.
    PlaceOrder(&'a str),
    /// `POST /v1/checkout-sessions/{id}/complete`.
    Complete(&'a str),
    /// `POST /v1/buyer`.
    Buyer,
    /// `POST /v1/subscription`: the buyer's own subscription, opened by its token.
    Subscription,
}

/// The merchant routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MerchantRoute<'a> {
    /// `GET /v1/merchant/charges/{id}`.
    GetCharge(&'a str),
    /// `POST /v1/merchant/charges/{id}/capture`.
    Capture(&'a str),
    /// `POST /v1/merchant/charges/{id}/cancel`.
    CancelCharge(&'a str),
    /// `POST /v1/merchant/charges/{id}/change-amount`.
    ChangeAmount(&'a str),
    /// `POST /v1/merchant/charges/{id}/reauthorize`.
    Reauthorize(&'a str),
    /// `POST /v1/merchant/charges`.
    CreateCharge,
    /// `POST /v1/merchant/refunds`.
    CreateRefund,
    /// `GET /v1/merchant/refunds/{id}`.
    GetRefund(&'a str),
    /// `GET /v1/merchant/charge-permissions/{id}`.
    GetChargePermission(&'a str),
    /// `POST /v1/merchant/charge-permissions/{id}/close`.
    CloseChargePermission(&'a str),
    /// `GET /v1/merchant/transactions`.
    Transactions,
    /// `GET /v1/merchant/transactions.csv`.
    TransactionsCsv,
    /// `GET /v1/merchant/transactions/{reference}`.
    Transaction(&'a str),
    /// `POST /v1/merchant/sync`.
    Sync,
    /// `GET /v1/merchant/settings`.
    Settings,
    /// `GET /v1/merchant/events`.
    Events,
    /// `GET /v1/merchant/notifications`.
    Notifications,
    /// `GET /v1/merchant/subscriptions`.
    Subscriptions,
    /// `GET /v1/merchant/subscriptions/{id}`.
    Subscription(&'a str),
    /// `PATCH /v1/merchant/subscriptions/{id}`.
    ChangeSubscription(&'a str),
    /// `POST /v1/merchant/subscriptions/{id}/pause`.
    PauseSubscription(&'a str),
    /// `POST /v1/merchant/subscriptions/{id}/resume`.
    ResumeSubscription(&'a str),
    /// `POST /v1/merchant/subscriptions/{id}/cancel`.
    CancelSubscription(&'a str),
    /// `POST /v1/merchant/subscriptions/{id}/usage`.
    SubscriptionUsage(&'a str),
}

/// The merchant console's routes (HTML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleRoute<'a> {
    /// `GET /console/`: the sign-in page (the order list once signed in).
    SignInPage,
    /// `POST /console/sign-in`: the merchant API token in a form.
    SignIn,
    /// `GET /console/console.css`.
    Stylesheet,
    /// `GET /console/language/{ja|en}`: sets the language cookie.
    Language(&'a str),
    /// `POST /console/sign-out`.
    SignOut,
    /// `GET /console/orders`: the order list with filters and paging.
    Orders,
    /// `GET /console/orders.csv`: the filtered list as CSV, every page.
    OrdersCsv,
    /// `GET /console/orders/{reference}`: one order.
    Order(&'a str),
    /// `POST /console/orders/{reference}/{capture|cancel|refund|change-amount}`: confirm, then
    /// submit.
    Action(&'a str, &'a str),
    /// `GET /console/subscriptions`: the subscription list with a status filter and paging.
    Subscriptions,
    /// `GET /console/subscriptions/{id}`: one subscription, its month against the cap, its
    /// periods and actions.
    Subscription(&'a str),
    /// `POST /console/subscriptions/{id}/{pause|resume|cancel-period-end|cancel-now}`:
    /// confirm, then submit.
    SubscriptionAction(&'a str, &'a str),
    /// `POST /console/sync`.
    Sync,
    /// `GET /console/settings`.
    Settings,
    /// `GET /console/notifications`.
    Notifications,
}

impl ConsoleRoute<'_> {
    /// Who may call it: the sign-in page, form, stylesheet and language switch are open;
    /// everything else needs a session.
    pub fn kind(&self) -> RouteKind {
        match self {
            ConsoleRoute::SignInPage
            | ConsoleRoute::SignIn
            | ConsoleRoute::Stylesheet
            | ConsoleRoute::Language(_) => RouteKind::ConsoleSignIn,
            _ => RouteKind::Console,
        }
    }
}

/// The benchmark routes (feature `bench` only).
#[cfg(feature = "bench")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenchRoute {
    /// `POST /bench/noop`.
    Noop,
    /// `GET /bench/sign-webcrypto?n=N`.
    SignWebCrypto,
    /// `GET /bench/sign-rsa?n=N`.
    SignRsa,
}

impl Route<'_> {
    /// Who may call the route.
    pub fn kind(&self) -> RouteKind {
        match self {
            Route::Public(_) => RouteKind::Public,
            Route::Merchant(_) => RouteKind::Merchant,
            Route::Webhook => RouteKind::Webhook,
            Route::Console(c) => c.kind(),
            #[cfg(feature = "bench")]
            Route::Bench(_) => RouteKind::Public,
        }
    }
}

/// Matches a path to a route and the one method it takes.
pub fn match_route(path: &str) -> Option<(Route<'_>, Method)> {
    use ConsoleRoute as C;
    use MerchantRoute as M;
    use Method::{Get, Post};
    use PublicRoute as P;
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    let (route, method) = match segments.as_slice() {
        ["healthz"] => (Route::Public(P::Healthz), Get),
        ["v1", "config"] => (Route::Public(P::Config), Get),
        ["v1", "button"] => (Route::Public(P::Button), Post),
        ["v1", "signin-button"] => (Route::Public(P::SignInButton), Post),
        ["v1", "permission-button"] => (Route::Public(P::PermissionButton), Post),
        ["v1", "buyer"] => (Route::Public(P::Buyer), Post),
        ["v1", "subscription"] => (Route::Public(P::Subscription), Post),
        ["v1", "quote"] => (Route::Public(P::Quote), Post),
        ["v1", "checkout-sessions", id] => (Route::Public(P::Review(id)), Get),
        ["v1", "checkout-sessions", id, "place-order"] => (Route::Public(P::PlaceOrder(id)), Post),
        ["v1", "checkout-sessions", id, "complete"] => (Route::Public(P::Complete(id)), Post),
        ["v1", "merchant", "charges"] => (Route::Merchant(M::CreateCharge), Post),
        ["v1", "merchant", "charges", id] => (Route::Merchant(M::GetCharge(id)), Get),
        ["v1", "merchant", "charges", id, "capture"] => (Route::Merchant(M::Capture(id)), Post),
        ["v1", "merchant", "charges", id, "cancel"] => (Route::Merchant(M::CancelCharge(id)), Post),
        ["v1", "merchant", "charges", id, "change-amount"] => (Route::Merchant(M::ChangeAmount(id)), Post),
        ["v1", "merchant", "charges", id, "reauthorize"] => (Route::Merchant(M::Reauthorize(id)), Post),
        ["v1", "merchant", "refunds"] => (Route::Merchant(M::CreateRefund), Post),
        ["v1", "merchant", "refunds", id] => (Route::Merchant(M::GetRefund(id)), Get),
        ["v1", "merchant", "charge-permissions", id] => (Route::Merchant(M::GetChargePermission(id)), Get),
        ["v1", "merchant", "charge-permissions", id, "close"] => {
            (Route::Merchant(M::CloseChargePermission(id)), Post)
        }
        ["v1", "merchant", "transactions"] => (Route::Merchant(M::Transactions), Get),
        ["v1", "merchant", "transactions.csv"] => (Route::Merchant(M::TransactionsCsv), Get),
        ["v1", "merchant", "transactions", reference] => (Route::Merchant(M::Transaction(reference)), Get),
        ["v1", "merchant", "sync"] => (Route::Merchant(M::Sync), Post),
        ["v1", "merchant", "settings"] => (Route::Merchant(M::Settings), Get),
        ["v1", "merchant", "events"] => (Route::Merchant(M::Events), Get),
        ["v1", "merchant", "notifications"] => (Route::Merchant(M::Notifications), Get),
        ["v1", "merchant", "subscriptions"] => (Route::Merchant(M::Subscriptions), Get),
        ["v1", "merchant", "subscriptions", id] => (Route::Merchant(M::Subscription(id)), Get),
        ["v1", "merchant", "subscriptions", id, "pause"] => (Route::Merchant(M::PauseSubscription(id)), Post),
        ["v1", "merchant", "subscriptions", id, "resume"] => {
            (Route::Merchant(M::ResumeSubscription(id)), Post)
        }
        ["v1", "merchant", "subscriptions", id, "cancel"] => {
            (Route::Merchant(M::CancelSubscription(id)), Post)
        }
        ["v1", "merchant", "subscriptions", id, "usage"] => (Route::Merchant(M::SubscriptionUsage(id)), Post),
        ["v1", "webhooks", "amazon-pay"] => (Route::Webhook, Post),
        ["console", ""] => (Route::Console(C::SignInPage), Get),
        ["console", "sign-in"] => (Route::Console(C::SignIn), Post),
        ["console", "console.css"] => (Route::Console(C::Stylesheet), Get),
        ["console", "language", lang] => (Route::Console(C::Language(lang)), Get),
        ["console", "sign-out"] => (Route::Console(C::SignOut), Post),
        ["console", "orders"] => (Route::Console(C::Orders), Get),
        ["console", "orders.csv"] => (Route::Console(C::OrdersCsv), Get),
        ["console", "orders", reference] => (Route::Console(C::Order(reference)), Get),
        ["console", "orders", reference, action] => (Route::Console(C::Action(reference, action)), Post),
        ["console", "subscriptions"] => (Route::Console(C::Subscriptions), Get),
        ["console", "subscriptions", id] => (Route::Console(C::Subscription(id)), Get),
        ["console", "subscriptions", id, action] => (Route::Console(C::SubscriptionAction(id, action)), Post),
        ["console", "sync"] => (Route::Console(C::Sync), Post),
        ["console", "settings"] => (Route::Console(C::Settings), Get),
        ["console", "notifications"] => (Route::Console(C::Notifications), Get),
        #[cfg(feature = "bench")]
        ["bench", "noop"] => (Route::Bench(BenchRoute::Noop), Post),
        #[cfg(feature = "bench")]
        ["bench", "sign-webcrypto"] => (Route::Bench(BenchRoute::SignWebCrypto), Get),
        #[cfg(feature = "bench")]
        ["bench", "sign-rsa"] => (Route::Bench(BenchRoute::SignRsa), Get),
        _ => return None,
    };
    Some((route, method))
}

/// The route a path's other method names (`PATCH /v1/merchant/subscriptions/{id}`), if it has
/// one.
pub fn other_method<'a>(route: Route<'a>, method: &Method) -> Option<Route<'a>> {
    match (route, method) {
        (Route::Merchant(MerchantRoute::Subscription(id)), Method::Patch) => {
            Some(Route::Merchant(MerchantRoute::ChangeSubscription(id)))
        }
        _ => None,
    }
}

/// The `allow` header of a path whose route takes `expected` (and any [`other_method`]).
pub fn allow(route: &Route<'_>, expected: &Method) -> &'static str {
    match (route, expected) {
        (Route::Merchant(MerchantRoute::Subscription(_)), _) => "GET, PATCH, OPTIONS",
        (_, Method::Get) => "GET, OPTIONS",
        _ => "POST, OPTIONS",
    }
}

/// Answers a matched route (its method and its caller already checked); `bindings` are the
/// Worker's optional bindings.
pub async fn dispatch(
    route: Route<'_>,
    req: &mut Request,
    config: &Config,
    ledger: &Ledger,
    bindings: Bindings,
) -> ApiResult<Reply> {
    use MerchantRoute as M;
    use PublicRoute as P;
    match route {
        Route::Public(P::Healthz) => public::healthz(),
        Route::Public(P::Config) => public::config(config),
        Route::Public(P::Button) => public::button(req, config).await,
        Route::Public(P::SignInButton) => public::signin_button(req, config).await,
        Route::Public(P::PermissionButton) => permission_button::permission_button(req, config).await,
        Route::Public(P::Review(id)) => checkout::review(req, config, id).await,
        Route::Public(P::PlaceOrder(id)) => checkout::place_order(req, config, ledger, id).await,
        Route::Public(P::Complete(id)) => checkout::complete(req, config, ledger, id).await,
        Route::Public(P::Buyer) => checkout::buyer(req, config).await,
        Route::Public(P::Quote) => public::quote(req, config).await,
        Route::Public(P::Subscription) => public::subscription(req, config, ledger).await,
        Route::Merchant(M::GetCharge(id)) => charges::get(config, ledger, id).await,
        Route::Merchant(M::Capture(id)) => charges::capture(req, config, ledger, id).await,
        Route::Merchant(M::CancelCharge(id)) => charges::cancel(req, config, ledger, id).await,
        Route::Merchant(M::ChangeAmount(id)) => charges::change_amount(req, config, ledger, id).await,
        Route::Merchant(M::Reauthorize(id)) => charges::reauthorize(req, config, ledger, id).await,
        Route::Merchant(M::CreateCharge) => charges::create(req, config, ledger).await,
        Route::Merchant(M::CreateRefund) => refunds::create(req, config, ledger).await,
        Route::Merchant(M::GetRefund(id)) => refunds::get(config, ledger, id).await,
        Route::Merchant(M::GetChargePermission(id)) => permissions::get(config, ledger, id).await,
        Route::Merchant(M::CloseChargePermission(id)) => permissions::close(req, config, ledger, id).await,
        Route::Merchant(M::Transactions) => transactions::list(req, ledger).await,
        Route::Merchant(M::TransactionsCsv) => transactions::csv(req, config, ledger).await,
        Route::Merchant(M::Transaction(reference)) => transactions::detail(ledger, reference).await,
        Route::Merchant(M::Sync) => sync::sync(req, config, ledger).await,
        Route::Merchant(M::Settings) => settings::settings(config, bindings),
        Route::Merchant(M::Events) => merchant_events::events(req, ledger).await,
        Route::Merchant(M::Notifications) => merchant_events::notifications(req, ledger).await,
        Route::Merchant(M::Subscriptions) => subscriptions::list(req, config, ledger).await,
        Route::Merchant(M::Subscription(id)) => subscriptions::detail(config, ledger, id).await,
        Route::Merchant(M::ChangeSubscription(id)) => subscriptions::change(req, config, ledger, id).await,
        Route::Merchant(M::PauseSubscription(id)) => subscriptions::pause(req, config, ledger, id).await,
        Route::Merchant(M::ResumeSubscription(id)) => subscriptions::resume(req, config, ledger, id).await,
        Route::Merchant(M::CancelSubscription(id)) => subscriptions::cancel(req, config, ledger, id).await,
        Route::Merchant(M::SubscriptionUsage(id)) => subscriptions::usage(req, config, ledger, id).await,
        Route::Webhook => webhook::receive(req, config, ledger).await,
        Route::Console(c) => console::serve(c, req, config, ledger, bindings).await,
        #[cfg(feature = "bench")]
        Route::Bench(BenchRoute::Noop) => bench::noop(),
        #[cfg(feature = "bench")]
        Route::Bench(BenchRoute::SignWebCrypto) => bench::sign_webcrypto(req, config).await,
        #[cfg(feature = "bench")]
        Route::Bench(BenchRoute::SignRsa) => bench::sign_rsa(req, config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_exactly() {
        assert_eq!(
            match_route("/healthz"),
            Some((Route::Public(PublicRoute::Healthz), Method::Get))
        );
        assert_eq!(
            match_route("/v1/checkout-sessions/abc/place-order"),
            Some((Route::Public(PublicRoute::PlaceOrder("abc")), Method::Post))
        );
        assert_eq!(
            match_route("/v1/merchant/charges/S01-1/capture"),
            Some((Route::Merchant(MerchantRoute::Capture("S01-1")), Method::Post))
        );
        for none in [
            "",
            "/",
            "/v1",
            "/v1/button/",
            "/v2/button",
            "/v1/checkout-sessions",
            "/healthz/x",
        ] {
            assert_eq!(match_route(none), None, "{none}");
        }
        assert_eq!(match_route("/bench/noop").is_some(), cfg!(feature = "bench"));
        assert_eq!(
            Route::Merchant(MerchantRoute::CreateRefund).kind(),
            RouteKind::Merchant
        );
        assert_eq!(Route::Public(PublicRoute::Button).kind(), RouteKind::Public);
        assert_eq!(Route::Webhook.kind(), RouteKind::Webhook);
        // One path, two methods.
        let (route, expected) = match_route("/v1/merchant/subscriptions/sub-S03-1").unwrap();
        assert_eq!(expected, Method::Get);
        assert_eq!(
            other_method(route, &Method::Patch),
            Some(Route::Merchant(MerchantRoute::ChangeSubscription("sub-S03-1")))
        );
        assert_eq!(other_method(route, &Method::Post), None);
        assert_eq!(allow(&route, &expected), "GET, PATCH, OPTIONS");
        let (sync, post) = match_route("/v1/merchant/sync").unwrap();
        assert_eq!(other_method(sync, &Method::Patch), None);
        assert_eq!(allow(&sync, &post), "POST, OPTIONS");
    }

    #[test]
    fn console_pages_need_a_session_except_sign_in() {
        for (path, method) in [
            ("/console/", Method::Get),
            ("/console/sign-in", Method::Post),
            ("/console/console.css", Method::Get),
            ("/console/language/ja", Method::Get),
        ] {
            let (route, m) = match_route(path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!((route.kind(), m), (RouteKind::ConsoleSignIn, method), "{path}");
        }
        for (path, method) in [
            ("/console/sign-out", Method::Post),
            ("/console/orders", Method::Get),
            ("/console/orders.csv", Method::Get),
            ("/console/orders/order-1", Method::Get),
            ("/console/orders/order-1/capture", Method::Post),
            ("/console/subscriptions", Method::Get),
            ("/console/subscriptions/sub-S01-1", Method::Get),
            ("/console/subscriptions/sub-S01-1/pause", Method::Post),
            ("/console/sync", Method::Post),
            ("/console/settings", Method::Get),
            ("/console/notifications", Method::Get),
        ] {
            let (route, m) = match_route(path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!((route.kind(), m), (RouteKind::Console, method), "{path}");
        }
        assert_eq!(match_route("/console"), None);
        assert_eq!(match_route("/console/orders/a/b/c"), None);
    }

    #[test]
    fn every_merchant_path_is_a_merchant_route() {
        for path in [
            "/v1/merchant/charges",
            "/v1/merchant/charges/S01-1",
            "/v1/merchant/charges/S01-1/cancel",
            "/v1/merchant/charges/S01-1/change-amount",
            "/v1/merchant/charges/S01-1/reauthorize",
            "/v1/merchant/refunds",
            "/v1/merchant/refunds/S01-1",
            "/v1/merchant/charge-permissions/B01-1",
            "/v1/merchant/charge-permissions/B01-1/close",
            "/v1/merchant/transactions",
            "/v1/merchant/transactions.csv",
            "/v1/merchant/transactions/order-1",
            "/v1/merchant/sync",
            "/v1/merchant/settings",
            "/v1/merchant/events",
            "/v1/merchant/notifications",
            "/v1/merchant/subscriptions",
            "/v1/merchant/subscriptions/sub-S03-1",
            "/v1/merchant/subscriptions/sub-S03-1/pause",
            "/v1/merchant/subscriptions/sub-S03-1/resume",
            "/v1/merchant/subscriptions/sub-S03-1/cancel",
            "/v1/merchant/subscriptions/sub-S03-1/usage",
        ] {
            let (route, _) = match_route(path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!(route.kind(), RouteKind::Merchant, "{path}");
        }
        for path in [
            "/healthz",
            "/v1/config",
            "/v1/buyer",
            "/v1/quote",
            "/v1/subscription",
            "/v1/checkout-sessions/X/complete",
        ] {
            let (route, _) = match_route(path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!(route.kind(), RouteKind::Public, "{path}");
        }
    }
}
