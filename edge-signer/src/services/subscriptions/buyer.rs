//! The buyer's own subscription: the token that opens it
//! ([`amazon_pay_shared::subscription_token`]) and what the buyer reads with it.
//!
//! * **Who gets a token**: only the browser that completed the recurring checkout (the complete
//!   answer goes to the browser holding the checkout's binding secret), for the subscription
//!   that checkout started. The token is signed with the signer's own HMAC key, the one of the
//!   one-step seal and the sign-in state ([`crate::services::one_step_seal::key`]); during a
//!   key rotation a token of either configured pair opens, and every answer renews the token
//!   under the signing pair, so a buyer who looks during the rotation keeps access after the
//!   old pair is removed (a token of a removed pair opens nothing).
//! * **What the buyer learns**: the status, the plan (amount per period, currency, frequency,
//!   fixed or metered), the next charge date, each period's date, amount and state, and when
//!   past due why, in a sentence, and Amazon's page to change the payment method. Nothing of the
//!   buyer (name, mail, address), no charge or merchant reference, no Amazon reason code.
//! * **Anyone else**: a token that is forged, expired, malformed, of another signer or of a
//!   subscription the ledger does not hold is answered as an unknown subscription
//!   (`404 SUBSCRIPTION_NOT_FOUND`), whichever it is.

use amazon_pay_shared::money::Price;
use amazon_pay_shared::subscription_token;
use amazon_pay_shared::wire::{
    BuyerSubscription, ErrorCode, SubscriptionAccess, SubscriptionCharge, SubscriptionFrequency,
    SubscriptionPlan, SubscriptionReason,
};

use super::billing::{CHARGED, DECLINED, PENDING, REFUSED};
use super::queries;
use super::schedule::local_date;
use super::{load, not_found, offset, ACTIVE, FIXED, PAST_DUE};
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::ledger::query::decimal;
use crate::ledger::subscriptions::{PeriodRow, SubscriptionRow};
use crate::ledger::Ledger;
use crate::services::one_step_seal;

/// `PAYMENT_METHOD_DECLINED`: Amazon Pay could not charge the payment method.
pub const PAYMENT_METHOD_DECLINED: &str = "PAYMENT_METHOD_DECLINED";
/// `SHOP_ACTION_NEEDED`: the shop's rules stopped the charge.
pub const SHOP_ACTION_NEEDED: &str = "SHOP_ACTION_NEEDED";

/// The subscription `id` with a fresh token for it, signed with the signing pair's key at the
/// isolate's time.
pub fn access(config: &Config, id: &str) -> Option<SubscriptionAccess> {
    let token = subscription_token::issue(one_step_seal::key(config), id, crate::clock::isolate_now())?;
    Some(SubscriptionAccess {
        id: id.to_owned(),
        token,
    })
}

/// The subscription id `token` opens at `now` under any configured pair's key.
pub fn open(config: &Config, token: &str, now: i64) -> Option<String> {
    one_step_seal::keys(config).find_map(|key| subscription_token::open(key, token, now).map(str::to_owned))
}

fn price(currency: &str, minor: i64) -> Price {
    Price {
        amount: decimal(currency, minor),
        currency_code: currency.to_owned(),
    }
}

/// The buyer's word for a period's state.
fn charge_state(state: &str) -> &'static str {
    match state {
        CHARGED => "paid",
        PENDING => "processing",
        DECLINED => "declined",
        REFUSED => "not_charged",
        _ => "skipped",
    }
}

/// Whether a subscription's last decline is a refusal of the signer's own rules (its error
/// codes: `LIFECYCLE_…`, `UPSTREAM_…`) rather than Amazon Pay's decline of the payment method
/// (Amazon's reason codes, or the permission's).
fn refused_by_shop(reason: &str) -> bool {
    reason.starts_with("LIFECYCLE_") || ErrorCode::from_wire(reason).is_some()
}

/// Why a past-due subscription is past due, for the buyer.
fn reason_of(last_decline: Option<&str>) -> SubscriptionReason {
    if last_decline.is_some_and(refused_by_shop) {
        SubscriptionReason {
            code: SHOP_ACTION_NEEDED.to_owned(),
            message:
                "The shop could not charge this period under its payment rules. The shop will contact you."
                    .to_owned(),
        }
    } else {
        SubscriptionReason {
            code: PAYMENT_METHOD_DECLINED.to_owned(),
            message:
                "Amazon Pay could not charge the payment method of this subscription. Change the payment \
                      method on Amazon's page; the charge is made again once it can be."
                    .to_owned(),
        }
    }
}

fn period_charge(config: &Config, currency: &str, p: &PeriodRow) -> SubscriptionCharge {
    SubscriptionCharge {
        date: local_date(p.starts_at, offset(config)),
        amount: price(currency, p.amount_minor),
        state: charge_state(&p.state).to_owned(),
    }
}

/// The buyer's view of subscription `s` with its periods, and a renewed `token`.
pub fn view_of(
    config: &Config,
    s: &SubscriptionRow,
    periods: &[PeriodRow],
    token: String,
) -> BuyerSubscription {
    let merchant_view = queries::view(config, s);
    let goes_on = s.status == ACTIVE && s.cancel_at_period_end == 0;
    // While a soft decline is retried, the next charge is the retry.
    let next_charge_date = goes_on
        .then(|| s.retry_at.or(s.next_charge_at))
        .flatten()
        .map(|at| local_date(at, offset(config)));
    let ends_on = (s.cancel_at_period_end != 0 && matches!(s.status.as_str(), ACTIVE | PAST_DUE))
        .then(|| merchant_view.next_charge_date.clone())
        .flatten();
    let past_due = s.status == PAST_DUE;
    let reason = past_due.then(|| reason_of(s.last_decline.as_deref()));
    let buyer_can_fix = reason.as_ref().is_some_and(|r| r.code == PAYMENT_METHOD_DECLINED);
    BuyerSubscription {
        id: s.subscription_id.clone(),
        status: s.status.clone(),
        plan: SubscriptionPlan {
            kind: merchant_view.plan.clone(),
            amount: (s.plan == FIXED).then(|| price(&s.currency, s.amount_minor)),
            frequency: SubscriptionFrequency {
                unit: s.frequency_unit.clone(),
                value: s.frequency_value.to_string(),
            },
        },
        next_charge_date,
        ends_on,
        charges: periods
            .iter()
            .map(|p| period_charge(config, &s.currency, p))
            .collect(),
        reason,
        update_payment_method_url: merchant_view.update_payment_method_url.filter(|_| buyer_can_fix),
        token,
    }
}

/// `POST /v1/subscription`: the subscription `token` opens, as its buyer sees it, with a
/// renewed token; anything a token does not open is an unknown subscription.
pub async fn read(config: &Config, ledger: &Ledger, token: &str) -> ApiResult<BuyerSubscription> {
    let now = crate::clock::isolate_now();
    let id = open(config, token, now).ok_or_else(not_found)?;
    let s = load(ledger, &id).await?;
    let periods = ledger.periods(&id).await?;
    let renewed = access(config, &id)
        .ok_or_else(|| ApiError::internal().with_detail("a subscription id without a token"))?;
    Ok(view_of(config, &s, &periods, renewed.token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::{base, settings, PEM_OTHER};

    fn config(pairs: &[(&'static str, &str)]) -> Config {
        let mut m = base();
        for (k, v) in pairs {
            m.insert(*k, (*v).to_owned());
        }
        let parsed = Config::from_settings(&settings(&m)).unwrap();
        parsed
    }

    fn row(status: &str, last_decline: Option<&str>) -> SubscriptionRow {
        SubscriptionRow {
            subscription_id: "sub-S03-1111111-2222222".into(),
            charge_permission_id: "S03-1111111-2222222".into(),
            merchant_reference: "order-secret-reference".into(),
            plan: FIXED.into(),
            amount_minor: 1700,
            currency: "JPY".into(),
            frequency_unit: "Month".into(),
            frequency_value: 1,
            // 2026-01-10T00:00:00Z, 2026-02-10T00:00:00Z
            anchor_at: 1_768_003_200,
            anchor_period: 0,
            status: status.into(),
            next_period: 2,
            next_charge_at: Some(1_770_681_600),
            retry_count: 0,
            retry_at: None,
            last_decline: last_decline.map(str::to_owned),
            cancel_at_period_end: 0,
            ended_at: None,
            created_at: 1_768_003_200,
            updated_at: 1_768_003_200,
        }
    }

    fn period(k: i64, state: &str) -> PeriodRow {
        PeriodRow {
            subscription_id: "sub-S03-1111111-2222222".into(),
            period_index: k,
            starts_at: 1_768_003_200 + k * 31 * 86_400,
            merchant_reference: format!("sub-S03-1111111-2222222-p{k}"),
            idempotency_key: "key".into(),
            attempt: 0,
            amount_minor: 1700,
            state: state.into(),
            charge_id: Some("S03-1111111-2222222-C000001".into()),
            reason_code: Some("HardDeclined".into()),
            error_code: None,
            overflow_minor: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn an_active_subscription_shows_its_plan_next_date_and_charges() {
        let c = config(&[]);
        let v = view_of(
            &c,
            &row(ACTIVE, None),
            &[period(0, CHARGED), period(1, CHARGED)],
            "t".into(),
        );
        assert_eq!(v.status, "active");
        assert_eq!(v.plan.kind, "fixed");
        assert_eq!(v.plan.amount.as_ref().map(|p| p.amount.as_str()), Some("1700"));
        assert_eq!(
            (v.plan.frequency.unit.as_str(), v.plan.frequency.value.as_str()),
            ("Month", "1")
        );
        assert_eq!(v.next_charge_date.as_deref(), Some("2026-02-10"));
        let charges: Vec<(&str, &str)> = v
            .charges
            .iter()
            .map(|c| (c.date.as_str(), c.state.as_str()))
            .collect();
        assert_eq!(charges, [("2026-01-10", "paid"), ("2026-02-10", "paid")]);
        assert!(v.reason.is_none() && v.update_payment_method_url.is_none() && v.ends_on.is_none());
        // Nothing of the merchant's references or Amazon's ids but the subscription's.
        let text = serde_json::to_string(&v).unwrap();
        for hidden in ["order-secret-reference", "C000001", "-p1", "HardDeclined"] {
            assert!(!text.contains(hidden), "{hidden}: {text}");
        }
    }

    #[test]
    fn past_due_after_a_decline_points_the_buyer_at_amazons_page() {
        let c = config(&[]);
        let v = view_of(
            &c,
            &row(PAST_DUE, Some("HardDeclined")),
            &[period(0, CHARGED), period(1, DECLINED)],
            "t".into(),
        );
        assert_eq!(
            v.reason.as_ref().map(|r| r.code.as_str()),
            Some(PAYMENT_METHOD_DECLINED)
        );
        assert_eq!(
            v.update_payment_method_url.as_deref(),
            Some("https://pay.amazon.com/jp/jr/your-account/ba/S03-1111111-2222222")
        );
        assert_eq!(
            v.next_charge_date, None,
            "the date of the period not charged has passed"
        );
        assert_eq!(v.charges[1].state, "declined");
        // Refused by the shop's rules: the shop gets in touch; Amazon's page would not help.
        let capped = view_of(
            &c,
            &row(PAST_DUE, Some("LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED")),
            &[period(0, CHARGED), period(1, REFUSED)],
            "t".into(),
        );
        assert_eq!(
            capped.reason.as_ref().map(|r| r.code.as_str()),
            Some(SHOP_ACTION_NEEDED)
        );
        assert_eq!(capped.update_payment_method_url, None);
        assert_eq!(capped.charges[1].state, "not_charged");
        for permission_reason in ["NonChargeable", "PaymentMethodInvalid", "SoftDeclined"] {
            let r = reason_of(Some(permission_reason));
            assert_eq!(r.code, PAYMENT_METHOD_DECLINED, "{permission_reason}");
        }
    }

    #[test]
    fn a_subscription_ending_with_its_period_says_when() {
        let c = config(&[]);
        let mut s = row(ACTIVE, None);
        s.cancel_at_period_end = 1;
        let v = view_of(&c, &s, &[period(0, CHARGED)], "t".into());
        assert_eq!(
            (v.next_charge_date, v.ends_on.as_deref()),
            (None, Some("2026-02-10"))
        );
        s.plan = "METERED".into();
        s.status = "canceled".into();
        let v = view_of(&c, &s, &[], "t".into());
        assert_eq!(
            (v.plan.kind.as_str(), v.plan.amount, v.ends_on),
            ("metered", None, None)
        );
    }

    #[test]
    fn tokens_open_under_either_pair_during_a_rotation_and_no_other() {
        let id = "sub-S03-1111111-2222222";
        let now = crate::clock::isolate_now();
        let one = config(&[]);
        let token = access(&one, id).unwrap().token;
        assert_eq!(open(&one, &token, now).as_deref(), Some(id));
        // The next pair signs now; the current pair's tokens still open.
        let rotating = config(&[
            ("AMAZON_PAY_NEXT_PUBLIC_KEY_ID", "SANDBOX-BKEY"),
            ("AMAZON_PAY_NEXT_PRIVATE_KEY", PEM_OTHER),
            ("AMAZON_PAY_SIGNING_KEY", "next"),
        ]);
        assert_eq!(open(&rotating, &token, now).as_deref(), Some(id));
        let renewed = access(&rotating, id).unwrap().token;
        assert_ne!(renewed, token);
        // The old pair removed: its tokens open nothing, the renewed one does.
        let after = config(&[("AMAZON_PAY_PRIVATE_KEY", PEM_OTHER)]);
        assert_eq!(open(&after, &token, now), None);
        assert_eq!(open(&after, &renewed, now).as_deref(), Some(id));
        assert_eq!(open(&one, "s1.sub-x.1.x", now), None);
    }
}
