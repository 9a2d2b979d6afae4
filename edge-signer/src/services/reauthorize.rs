//! The re-authorization of `POST /v1/merchant/charges/{id}/reauthorize`: the seed's 再オーソリ
//! (`REAUTHORIZE`). Amazon cancels an authorization that was not captured within 30 days
//! (`Canceled`, `ExpiredUnused`); an order shipped later needs a new one, on the same charge
//! permission, for the same amount, recorded on the same order.
//!
//! The transaction's current authorization is replaced like an amount change at the same
//! amount ([`amount_change::replace`]): cancelled first when it is still `Authorized` (a
//! one-time permission has no room for both), then a new Create Charge on the permission, which
//! becomes the transaction's current authorization with a new capture window. The ledger is
//! required; the intent is keyed by the charge and the reference, so a retry answers the same
//! new authorization and `POST /v1/merchant/sync` finishes one that died halfway.
//!
//! Checked first, with the charge and the permission read fresh from Amazon
//! ([`Rules::check_reauthorization`](amazon_pay_shared::lifecycle::Rules::check_reauthorization)):
//! the transaction is `AUTH`, or `CANCEL` because the authorization expired unused (a merchant's
//! cancel is final); the permission is `Chargeable` and not expired (a one-time permission
//! lives 180 days). Amazon may still decline the new authorization (`PAYMENT_DECLINED`; the
//! transaction is then `PAYFAIL`).

use amazon_pay_shared::api::{Charge, ChargePermission, ChargePermissionState, ChargeState, ReasonCode};
use amazon_pay_shared::lifecycle::{Operation, ReauthorizationRequest};
use amazon_pay_shared::signing::IdempotencyKey;
use amazon_pay_shared::wire::{ErrorCode, MerchantReauthorizeRequest};

use super::amazon::read;
use super::amount_change::{self, Replacement};
use super::charges::charge_context;
use super::reconcile;
use crate::config::Config;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::ledger::rows::PermissionRow;
use crate::ledger::Ledger;

/// Authorizes again the amount of authorization `id` of the transaction `body.reference`;
/// answers the new authorization.
pub async fn reauthorize(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    body: &MerchantReauthorizeRequest,
) -> ApiResult<Charge> {
    ledger.require()?;
    let key = IdempotencyKey::derive(&["reauthorize", id, &body.reference]);
    let (old, now): (Charge, i64) = read(config, format!("/v2/charges/{id}")).await?;
    let ctx = charge_context(config, ledger, &old, now).await?;
    if ctx.tx.merchant_reference != body.reference {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "this charge belongs to another transaction than the reference",
        ));
    }
    let earlier = ledger.intent(key.as_str()).await?;
    match earlier.as_ref().map(|i| i.state.as_str()) {
        Some("DONE") => {
            // The same re-authorization again: answer the authorization it made.
            return amount_change::charge_made_by(config, earlier).await;
        }
        Some("PENDING") => {}
        _ => {
            ctx.current(id)?;
            let pid = &old.charge_permission_id;
            let (permission, at): (ChargePermission, i64) =
                read(config, format!("/v2/chargePermissions/{pid}")).await?;
            reconcile::permission(ledger, &permission, "read", at).await?;
            let row = PermissionRow::from_api(&permission, &ctx.tx.merchant_reference, at);
            enforce::rules(config)
                .check_reauthorization(&ReauthorizationRequest {
                    kind: ctx.tx.flow_kind(),
                    status: ctx.status,
                    expired_unused: *old.state() == ChargeState::Canceled
                        && old.status_details.reason_code == Some(ReasonCode::ExpiredUnused),
                    permission_chargeable: permission.status_details.state
                        == ChargePermissionState::Chargeable,
                    permission_expiry: enforce::permission_expiry(&row),
                    now: at,
                })
                .map_err(enforce::refused)?;
        }
    }
    let current = ctx
        .charges
        .iter()
        .find(|c| c.charge_id == id)
        .ok_or_else(ApiError::internal)?;
    let amount = ctx.tx.money(current.amount_minor)?;
    amount_change::replace(
        config,
        ledger,
        Replacement {
            operation: Operation::Reauthorize.code(),
            source: "reauthorize",
            reference: &body.reference,
            old: &old,
            amount,
            key,
            now,
        },
    )
    .await
}
