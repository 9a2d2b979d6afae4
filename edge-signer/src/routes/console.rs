//! `/console/…`: the merchant console's HTML (console sign-in and console routes): orders,
//! subscriptions, sync, settings and logs. A console
//! route first requires its session ([`session::require`]), every POST checks the form's
//! origin and CSRF token, and each screen reads through the same services as the merchant API
//! routes; an error is a page with the API's code and message, never JSON.

use amazon_pay_shared::money::Price;
use amazon_pay_shared::wire::{
    valid_object_id, ErrorCode, MerchantCancelRequest, MerchantCaptureRequest, MerchantChangeAmountRequest,
    MerchantRefundRequest,
};
use worker::{Method, Request};

use super::{ConsoleRoute, RouteKind};
use crate::amounts::ledger_amount;
use crate::clock::isolate_now;
use crate::config::merchant_api::tokens_match;
use crate::config::Config;
use crate::console::access;
use crate::console::actions::{Action, OrderFacts};
use crate::console::form::{self, Form};
use crate::console::i18n::{self, Lang};
use crate::console::layout::{Frame, CSS};
use crate::console::pages::confirm::Pending;
use crate::console::pages::order::ActionView;
use crate::console::pages::orders::{ListQuery, ListRow};
use crate::console::pages::subscription::{SubscriptionAction, SubscriptionActionView};
use crate::console::pages::subscriptions::SubscriptionQuery;
use crate::console::pages::{
    confirm, operations, order, orders, problem, sign_in, subscription, subscriptions,
};
use crate::console::session::{self, ConsoleSession};
use crate::console::{cookies, csrf, reply, settings_view};
use crate::crypto::secret_hex;
use crate::error::{ApiError, ApiResult};
use crate::http::{query_pairs, Reply};
use crate::ledger::logs::{Log, LogFilter};
use crate::ledger::query::Filter;
use crate::ledger::Ledger;
use crate::services::export::{self, ExportRequest};
use crate::services::settings_summary::{self, Bindings};
use crate::services::subscriptions::manage::{self, CancelAt};
use crate::services::subscriptions::{queries, subscription_id_valid};
use crate::services::{amount_change, charges, refunds, sync, transactions};
use crate::{log, rate_limit};

/// What every handler gets.
struct Ctx<'a> {
    config: &'a Config,
    ledger: &'a Ledger,
    bindings: Bindings,
    lang: Lang,
    path: String,
    session: Option<ConsoleSession>,
}

impl Ctx<'_> {
    fn frame(&self) -> Frame<'_> {
        Frame {
            lang: self.lang,
            store: self.config.checkout.store_name.as_deref().unwrap_or("Amazon Pay"),
            csrf: self.session.as_ref().map(|s| s.csrf.as_str()),
            path: &self.path,
        }
    }

    fn problem(&self, e: &ApiError, back: &str) -> Reply {
        reply::html(
            e.code.status(),
            problem::page_of(&self.frame(), e, back),
            Vec::new(),
        )
    }
}

/// Answers a console route.
pub async fn serve(
    route: ConsoleRoute<'_>,
    req: &mut Request,
    config: &Config,
    ledger: &Ledger,
    bindings: Bindings,
) -> ApiResult<Reply> {
    let mut ctx = Ctx {
        config,
        ledger,
        bindings,
        lang: Lang::of(req),
        path: req.path(),
        session: None,
    };
    if route.kind() == RouteKind::Console {
        // Behind Cloudflare Access a session counts only with Access's token beside it.
        let access = match &config.console_access {
            Some(a) => access::verify(req, a).await,
            None => Ok(()),
        };
        match access.and(session::require(req, config, ledger).await) {
            Ok(s) => ctx.session = Some(s),
            Err(e) => return Ok(without_session(&ctx, req, e)),
        }
    }
    let result = answer(route, req, &ctx).await;
    let mut reply = match result {
        Ok(reply) => reply,
        Err(e) => {
            if e.code.status() >= 500 {
                log::event(
                    "error",
                    "console",
                    &[
                        ("code", e.code.as_str().into()),
                        ("detail", e.detail.clone().unwrap_or_default().into()),
                    ],
                );
            }
            let back = if ctx.session.is_some() {
                "/console/orders"
            } else {
                "/console/"
            };
            ctx.problem(&e, back)
        }
    };
    if let Some(s) = &ctx.session {
        let page = reply.text.is_some() || reply.stream.is_some();
        if page && !reply.headers.iter().any(|(k, _)| *k == "set-cookie") {
            reply.headers.push(("set-cookie", s.set_cookie.clone()));
        }
    }
    Ok(reply)
}

/// A console route without a live session: a page is sent to the sign-in page, a form is
/// refused.
fn without_session(ctx: &Ctx<'_>, req: &Request, e: ApiError) -> Reply {
    if e.code != ErrorCode::ConsoleSessionRequired {
        return ctx.problem(&e, "/console/");
    }
    let clear = vec![(
        "set-cookie",
        cookies::set(session::COOKIE, "", 0, cookies::is_https(req)),
    )];
    if req.method() == Method::Get {
        return reply::redirect("/console/", clear);
    }
    reply::html(
        e.code.status(),
        problem::page_of(&ctx.frame(), &e, "/console/"),
        clear,
    )
}

/// The refusal of a sign-in over the rate limit, as a page.
pub fn sign_in_limited(req: &Request) -> Reply {
    let ip = req
        .headers()
        .get("cf-connecting-ip")
        .ok()
        .flatten()
        .unwrap_or_default();
    log::event("warn", "console-sign-in-limited", &[("clientIp", ip.into())]);
    let lang = Lang::of(req);
    let frame = Frame {
        lang,
        store: "Amazon Pay",
        csrf: None,
        path: "/console/",
    };
    let message = lang.t(
        "Too many sign-in attempts. Wait a minute and try again.",
        "サインインの試行が多すぎます。1分ほど待ってからもう一度お試しください。",
    );
    reply::html(
        429,
        sign_in::page_of(&frame, Some(message)),
        vec![("retry-after", rate_limit::RETRY_AFTER_SECS.to_string())],
    )
}

async fn answer(route: ConsoleRoute<'_>, req: &mut Request, ctx: &Ctx<'_>) -> ApiResult<Reply> {
    use ConsoleRoute as C;
    let session = ctx.session.as_ref();
    match (route, session) {
        (C::Stylesheet, _) => Ok(reply::stylesheet(CSS)),
        (C::Language(code), _) => language(req, code),
        (C::SignInPage, _) => sign_in_page(req, ctx).await,
        (C::SignIn, _) => sign_in(req, ctx).await,
        (_, None) => Err(ApiError::new(ErrorCode::ConsoleSessionRequired, "sign in first")),
        (C::SignOut, Some(s)) => {
            let f = form::read(req).await?;
            csrf::check(req, s, &f)?;
            let clear = session::end(req, ctx.ledger, s).await?;
            Ok(reply::redirect("/console/", vec![("set-cookie", clear)]))
        }
        (C::Orders, Some(_)) => list(req, ctx).await,
        (C::OrdersCsv, Some(_)) => csv(req, ctx).await,
        (C::Order(reference), Some(_)) => order_page(req, ctx, reference, None).await,
        (C::Action(reference, slug), Some(s)) => {
            let f = form::read(req).await?;
            csrf::check(req, s, &f)?;
            action(ctx, reference, slug, &f).await
        }
        (C::Subscriptions, Some(_)) => subscription_list(req, ctx).await,
        (C::Subscription(id), Some(_)) => subscription_page(req, ctx, id).await,
        (C::SubscriptionAction(id, slug), Some(s)) => {
            let f = form::read(req).await?;
            csrf::check(req, s, &f)?;
            subscription_action(ctx, id, slug, &f).await
        }
        (C::Sync, Some(s)) => {
            let f = form::read(req).await?;
            csrf::check(req, s, &f)?;
            let synced = sync::run(ctx.config, ctx.ledger, 25).await?;
            Ok(reply::html(
                200,
                operations::sync_page(&ctx.frame(), &synced),
                Vec::new(),
            ))
        }
        (C::Settings, Some(_)) => {
            let summary = settings_summary::summary(ctx.config, ctx.bindings);
            let sections = settings_view::sections(
                ctx.config,
                &summary,
                ctx.lang,
                ctx.bindings.rate_limit_console_sign_in,
            );
            Ok(reply::html(
                200,
                operations::settings_page(&ctx.frame(), &sections),
                Vec::new(),
            ))
        }
        (C::Notifications, Some(_)) => {
            let newest = |log| LogFilter::parse(log, &[("limit".to_owned(), "50".to_owned())]);
            let received = ctx.ledger.notification_log(&newest(Log::Notifications)?).await?;
            let events = ctx.ledger.event_log(&newest(Log::Events)?).await?;
            Ok(reply::html(
                200,
                operations::notifications_page(&ctx.frame(), &received.rows, &events.rows),
                Vec::new(),
            ))
        }
    }
}

fn language(req: &Request, code: &str) -> ApiResult<Reply> {
    let lang = Lang::from_code(code).ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such language"))?;
    let back = query_pairs(req)?
        .into_iter()
        .find(|(k, _)| k == "back")
        .map(|(_, v)| v);
    let target = reply::safe_back(back.as_deref());
    let cookie = cookies::set(i18n::COOKIE, lang.code(), 365 * 86_400, cookies::is_https(req));
    Ok(reply::redirect(&target, vec![("set-cookie", cookie)]))
}

async fn sign_in_page(req: &Request, ctx: &Ctx<'_>) -> ApiResult<Reply> {
    if let Some(a) = &ctx.config.console_access {
        // Access signed the merchant in: the session starts without a form.
        return match access::verify(req, a).await {
            Ok(()) => {
                ctx.ledger.require()?;
                let cookie = session::start(req, ctx.config, ctx.ledger).await?;
                log::event("info", "console-sign-in", &[("through", "access".into())]);
                Ok(reply::redirect("/console/orders", vec![("set-cookie", cookie)]))
            }
            Err(e) => {
                log::event(
                    "warn",
                    "console-access-refused",
                    &[("detail", e.detail.clone().unwrap_or_default().into())],
                );
                Ok(reply::html(401, sign_in::access_page(&ctx.frame()), Vec::new()))
            }
        };
    }
    if cookies::read(req, session::COOKIE).is_some()
        && session::require(req, ctx.config, ctx.ledger).await.is_ok()
    {
        return Ok(reply::redirect("/console/orders", Vec::new()));
    }
    Ok(reply::html(200, sign_in::page_of(&ctx.frame(), None), Vec::new()))
}

async fn sign_in(req: &mut Request, ctx: &Ctx<'_>) -> ApiResult<Reply> {
    csrf::check_origin(req)?;
    if ctx.config.console_access.is_some() {
        return Err(ApiError::new(
            ErrorCode::ConsoleFormRefused,
            "this console signs in through Cloudflare Access, not with the token",
        ));
    }
    ctx.ledger.require()?;
    let f = form::read(req).await?;
    if tokens_match(f.get("token").unwrap_or(""), &ctx.config.merchant_tokens) {
        let cookie = session::start(req, ctx.config, ctx.ledger).await?;
        log::event("info", "console-sign-in", &[]);
        return Ok(reply::redirect("/console/orders", vec![("set-cookie", cookie)]));
    }
    // Never the token: only that an attempt failed, and from where.
    let ip = req
        .headers()
        .get("cf-connecting-ip")
        .ok()
        .flatten()
        .unwrap_or_default();
    log::event("warn", "console-sign-in-refused", &[("clientIp", ip.into())]);
    let message = ctx.lang.t(
        "That is not the merchant API token.",
        "マーチャントAPIトークンが正しくありません。",
    );
    Ok(reply::html(
        401,
        sign_in::page_of(&ctx.frame(), Some(message)),
        Vec::new(),
    ))
}

/// The ledger filter of a list query, with its Amazon id resolved; `None` when the Amazon id
/// names nothing the ledger holds.
async fn filter_of(ctx: &Ctx<'_>, query: &ListQuery, csv: bool) -> ApiResult<Option<Filter>> {
    let mut pairs = query.filter_pairs();
    if let Some(id) = &query.amazon_id {
        if !valid_object_id(id) {
            return Err(ApiError::new(ErrorCode::InvalidId, "not a valid Amazon id"));
        }
        if ctx.ledger.has_permission(id).await? {
            pairs.push(("chargePermissionId".to_owned(), id.clone()));
        } else {
            match ctx.ledger.reference_of_amazon_id(id).await? {
                Some(r) if query.reference.as_ref().is_none_or(|q| *q == r) => {
                    pairs.retain(|(k, _)| k != "reference");
                    pairs.push(("reference".to_owned(), r));
                }
                _ => return Ok(None),
            }
        }
    }
    Filter::parse(&pairs, csv).map(Some)
}

async fn list(req: &Request, ctx: &Ctx<'_>) -> ApiResult<Reply> {
    ctx.ledger.require()?;
    let query = ListQuery::parse(&query_pairs(req)?);
    let filter = match filter_of(ctx, &query, false).await {
        Ok(f) => f,
        Err(e) => {
            let page = orders::page_of(&ctx.frame(), &query, &[], None, Some(&e.message));
            return Ok(reply::html(e.code.status(), page, Vec::new()));
        }
    };
    let (rows, next) = match filter {
        Some(filter) => {
            let page = transactions::list(ctx.ledger, &filter).await?;
            (page.rows, page.next_cursor)
        }
        None => (Vec::new(), None),
    };
    let refs: Vec<&str> = rows.iter().map(|r| r.merchant_reference.as_str()).collect();
    let buyers = ctx.ledger.buyer_names(&refs).await?;
    let charge_ids: Vec<&str> = rows.iter().filter_map(|r| r.charge_id.as_deref()).collect();
    let states = ctx.ledger.charge_states(&charge_ids).await?;
    let rows: Vec<ListRow> = rows
        .into_iter()
        .map(|row| ListRow {
            buyer: buyers
                .iter()
                .find(|(r, _)| *r == row.merchant_reference)
                .map(|(_, n)| n.clone()),
            amazon_state: row
                .charge_id
                .as_ref()
                .and_then(|id| states.iter().find(|(c, _)| c == id).map(|(_, s)| s.clone())),
            row,
        })
        .collect();
    Ok(reply::html(
        200,
        orders::page_of(&ctx.frame(), &query, &rows, next.as_deref(), None),
        Vec::new(),
    ))
}

/// The filtered list as the merchant API's CSV export: every page in one streamed download,
/// with a byte order mark on request.
async fn csv(req: &Request, ctx: &Ctx<'_>) -> ApiResult<Reply> {
    ctx.ledger.require()?;
    let pairs = query_pairs(req)?;
    let bom = pairs.iter().any(|(k, v)| k == "bom" && v == "1");
    let mut query = ListQuery::parse(&pairs);
    query.cursor = None;
    // An Amazon id the ledger does not hold matches nothing: a reference no order has.
    let filter = match filter_of(ctx, &query, true).await? {
        Some(filter) => filter,
        None => Filter::parse(&[("reference".to_owned(), "-".to_owned())], true)?,
    };
    let request = ExportRequest::all(filter, bom);
    let body = export::csv_body(ctx.ledger, &request, ctx.config.export_page_rows).await?;
    Ok(Reply::stream(body))
}

async fn order_page(req: &Request, ctx: &Ctx<'_>, reference: &str, notice: Option<&str>) -> ApiResult<Reply> {
    ctx.ledger.require()?;
    if !amazon_pay_shared::cart_token::valid_reference(reference) {
        return Err(ApiError::new(
            ErrorCode::InvalidId,
            "not a valid merchant reference",
        ));
    }
    let detail = transactions::detail(ctx.ledger, reference).await?;
    let tx = ctx
        .ledger
        .transaction(reference)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::TransactionNotFound, "no such transaction"))?;
    let facts = OrderFacts {
        tx: &tx,
        charges: &detail.charges,
        refunds: &detail.refunds,
    };
    let now = isolate_now();
    let mut views = Vec::new();
    for action in Action::ALL {
        views.push(ActionView {
            action,
            offer: facts.offer(ctx.config, action, now),
            key: secret_hex()
                .map(|k| k[..32].to_owned())
                .ok_or_else(|| ApiError::internal().with_detail("no secure random source"))?,
        });
    }
    // What can be done now first, then what the rules forbid (with why).
    views.sort_by_key(|v| v.offer.is_err());
    let buyer = ctx
        .ledger
        .buyer_names(&[reference])
        .await?
        .into_iter()
        .next()
        .map(|(_, n)| n);
    let done = query_pairs(req)?
        .into_iter()
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v);
    let lang = ctx.lang;
    let notice = notice.or(match done.as_deref() {
        Some("capture") => Some(lang.t("Captured.", "売上を確定しました。")),
        Some("cancel") => Some(lang.t("Authorization cancelled.", "キャンセルしました。")),
        Some("refund") => Some(lang.t("Refund requested.", "返金を受け付けました。")),
        Some("change-amount") => Some(lang.t("Amount changed.", "金額を変更しました。")),
        Some("duplicate") => Some(lang.t(
            "This form was already sent; it was not done twice.",
            "このフォームは送信済みのため、二重には実行していません。",
        )),
        _ => None,
    });
    Ok(reply::html(
        200,
        order::page_of(&ctx.frame(), &detail, buyer.as_deref(), &views, notice),
        Vec::new(),
    ))
}

async fn action(ctx: &Ctx<'_>, reference: &str, slug: &str, f: &Form) -> ApiResult<Reply> {
    ctx.ledger.require()?;
    let action =
        Action::from_slug(slug).ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such action"))?;
    if !amazon_pay_shared::cart_token::valid_reference(reference) {
        return Err(ApiError::new(
            ErrorCode::InvalidId,
            "not a valid merchant reference",
        ));
    }
    let key = f.get("key").unwrap_or("");
    if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "the form has no valid idempotency key",
        ));
    }
    let price = |amount: &str| Price {
        amount: amount.to_owned(),
        currency_code: ctx.config.ledger_currency.code().to_owned(),
    };
    let amount = if action.takes_amount() {
        let raw = f.get("amount").unwrap_or("");
        Some(ledger_amount(ctx.config, &price(raw))?)
    } else {
        None
    };
    let back = format!("/console/orders/{reference}");
    match f.get("step") {
        Some("confirm") => {
            let pending = Pending {
                reference,
                action,
                amount,
                key,
            };
            return Ok(reply::html(
                200,
                confirm::page_of(&ctx.frame(), &pending),
                Vec::new(),
            ));
        }
        Some("submit") => {}
        _ => return Err(ApiError::new(ErrorCode::InvalidRequest, "the form has no step")),
    }
    let tx = ctx
        .ledger
        .transaction(reference)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::TransactionNotFound, "no such transaction"))?;
    let charge_id = tx.charge_id.clone().ok_or_else(|| {
        ApiError::new(
            ErrorCode::LifecycleOperationNotAllowed,
            "this order has no authorization yet",
        )
    })?;
    if !ctx
        .ledger
        .claim_console_action(key, reference, slug, isolate_now())
        .await?
    {
        return Ok(reply::redirect(&format!("{back}?done=duplicate"), Vec::new()));
    }
    let price_of = |m: &amazon_pay_shared::money::Money| m.to_price();
    let done = match (action, amount) {
        (Action::Capture, Some(a)) => charges::capture(
            ctx.config,
            ctx.ledger,
            &charge_id,
            MerchantCaptureRequest {
                amount: price_of(&a),
                soft_descriptor: None,
            },
        )
        .await
        .map(drop),
        (Action::Cancel, _) => charges::cancel(
            ctx.config,
            ctx.ledger,
            &charge_id,
            MerchantCancelRequest { reason: None },
        )
        .await
        .map(drop),
        (Action::Refund, Some(a)) => refunds::create(
            ctx.config,
            ctx.ledger,
            &MerchantRefundRequest {
                charge_id: charge_id.clone(),
                amount: price_of(&a),
                reference: key.to_owned(),
            },
        )
        .await
        .map(drop),
        (Action::ChangeAmount, Some(a)) => amount_change::change(
            ctx.config,
            ctx.ledger,
            &charge_id,
            &MerchantChangeAmountRequest {
                amount: price_of(&a),
                reference: key.to_owned(),
            },
        )
        .await
        .map(drop),
        _ => Err(ApiError::new(ErrorCode::InvalidRequest, "the form has no amount")),
    };
    match done {
        Ok(()) => Ok(reply::redirect(&format!("{back}?done={slug}"), Vec::new())),
        Err(e) => Ok(ctx.problem(&e, &back)),
    }
}

/// A fresh idempotency key for a form.
fn form_key() -> ApiResult<String> {
    secret_hex()
        .map(|k| k[..32].to_owned())
        .ok_or_else(|| ApiError::internal().with_detail("no secure random source"))
}

/// The form's idempotency key: 32 hex digits.
fn key_of(f: &Form) -> ApiResult<&str> {
    let key = f.get("key").unwrap_or("");
    if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "the form has no valid idempotency key",
        ));
    }
    Ok(key)
}

fn checked_subscription(id: &str) -> ApiResult<&str> {
    if subscription_id_valid(id) {
        Ok(id)
    } else {
        Err(ApiError::new(ErrorCode::InvalidId, "not a valid subscription id"))
    }
}

async fn subscription_list(req: &Request, ctx: &Ctx<'_>) -> ApiResult<Reply> {
    ctx.ledger.require()?;
    let query = SubscriptionQuery::parse(&query_pairs(req)?);
    if query.cursor.as_deref().is_some_and(|c| !valid_object_id(c)) {
        return Err(ApiError::new(ErrorCode::InvalidRequest, "not a valid cursor"));
    }
    let page = queries::list(
        ctx.config,
        ctx.ledger,
        query.status.clone(),
        25,
        query.cursor.clone(),
    )
    .await?;
    Ok(reply::html(
        200,
        subscriptions::page_of(
            &ctx.frame(),
            &query,
            &page.subscriptions,
            page.next_cursor.as_deref(),
        ),
        Vec::new(),
    ))
}

async fn subscription_page(req: &Request, ctx: &Ctx<'_>, id: &str) -> ApiResult<Reply> {
    let id = checked_subscription(id)?;
    let detail = queries::detail(ctx.config, ctx.ledger, id).await?;
    let cap = queries::month_cap(ctx.config, ctx.ledger, id, isolate_now()).await?;
    let row = ctx
        .ledger
        .subscription(id)
        .await?
        .ok_or_else(crate::services::subscriptions::not_found)?;
    let mut views = Vec::new();
    for action in SubscriptionAction::ALL {
        views.push(SubscriptionActionView {
            action,
            allowed: manage::allowed(&row, action.change()),
            key: form_key()?,
        });
    }
    views.sort_by_key(|v| v.allowed.is_err());
    let done = query_pairs(req)?
        .into_iter()
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v);
    let lang = ctx.lang;
    let notice = match done.as_deref() {
        Some("pause") => Some(lang.t("Paused.", "一時停止しました。")),
        Some("resume") => Some(lang.t("Resumed.", "再開しました。")),
        Some("cancel-period-end") => Some(lang.t(
            "Canceled: it ends with the current period.",
            "解約しました: 今期の終わりに終了します。",
        )),
        Some("cancel-now") => Some(lang.t("Canceled.", "解約しました。")),
        Some("duplicate") => Some(lang.t(
            "This form was already sent; it was not done twice.",
            "このフォームは送信済みのため、二重には実行していません。",
        )),
        _ => None,
    };
    Ok(reply::html(
        200,
        subscription::page_of(&ctx.frame(), &detail, &cap, &views, notice),
        Vec::new(),
    ))
}

async fn subscription_action(ctx: &Ctx<'_>, id: &str, slug: &str, f: &Form) -> ApiResult<Reply> {
    ctx.ledger.require()?;
    let action = SubscriptionAction::from_slug(slug)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such action"))?;
    let id = checked_subscription(id)?;
    let key = key_of(f)?;
    let back = format!("/console/subscriptions/{id}");
    match f.get("step") {
        Some("confirm") => {
            return Ok(reply::html(
                200,
                subscription::confirm_page(&ctx.frame(), id, action, key),
                Vec::new(),
            ));
        }
        Some("submit") => {}
        _ => return Err(ApiError::new(ErrorCode::InvalidRequest, "the form has no step")),
    }
    // The subscription must exist before the form's key is spent on it.
    crate::services::subscriptions::load(ctx.ledger, id).await?;
    if !ctx
        .ledger
        .claim_console_action(key, id, slug, isolate_now())
        .await?
    {
        return Ok(reply::redirect(&format!("{back}?done=duplicate"), Vec::new()));
    }
    let done = match action {
        SubscriptionAction::Pause => manage::pause(ctx.ledger, id, isolate_now()).await.map(drop),
        SubscriptionAction::Resume => manage::resume(ctx.config, ctx.ledger, id).await.map(drop),
        SubscriptionAction::CancelAtPeriodEnd => {
            manage::cancel(ctx.config, ctx.ledger, id, CancelAt::PeriodEnd)
                .await
                .map(drop)
        }
        SubscriptionAction::CancelNow => manage::cancel(ctx.config, ctx.ledger, id, CancelAt::Now)
            .await
            .map(drop),
    };
    match done {
        Ok(()) => Ok(reply::redirect(&format!("{back}?done={slug}"), Vec::new())),
        Err(e) => Ok(ctx.problem(&e, &back)),
    }
}
