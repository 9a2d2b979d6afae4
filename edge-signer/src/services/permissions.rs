//! Charge permissions for the merchant's backend: read one, and close it (with a ledger, only
//! where the lifecycle allows ending it; the charges it cancels are read again and recorded).

use amazon_pay_shared::api::{Charge, ChargePermission, CloseChargePermissionRequest};
use amazon_pay_shared::lifecycle::{FlowKind, Operation};
use amazon_pay_shared::wire::MerchantCloseRequest;

use super::amazon::{body_of, field_error, read};
use super::charges::not_in_ledger;
use super::reconcile;
use crate::config::Config;
use crate::enforce;
use crate::error::ApiResult;
use crate::ledger::rows::PermissionRow;
use crate::ledger::Ledger;
use crate::upstream::Call;

/// Reads a charge permission (`id` checked) and records it.
pub async fn get(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<ChargePermission> {
    let (permission, now): (ChargePermission, i64) =
        read(config, format!("/v2/chargePermissions/{id}")).await?;
    reconcile::permission(ledger, &permission, "read", now).await?;
    Ok(permission)
}

/// Closes charge permission `id` (checked).
pub async fn close(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    body: MerchantCloseRequest,
) -> ApiResult<ChargePermission> {
    let request = CloseChargePermissionRequest {
        closure_reason: body.reason,
        cancel_pending_charges: body.cancel_pending_charges,
    };
    request.validate().map_err(field_error)?;
    let call = Call::with_body(
        "DELETE",
        format!("/v2/chargePermissions/{id}/close"),
        body_of(&request),
    );
    let mut intent = None;
    if ledger.is_enabled() {
        let (permission, now): (ChargePermission, i64) =
            read(config, format!("/v2/chargePermissions/{id}")).await?;
        reconcile::permission(ledger, &permission, "read", now).await?;
        let origin = ledger
            .transaction_of_permission(id)
            .await?
            .ok_or_else(|| not_in_ledger("permission"))?;
        let row = PermissionRow::from_api(&permission, &origin.merchant_reference, now);
        enforce::allowed(
            enforce::permission_status(&row)?,
            Operation::EndPermission,
            FlowKind::PermissionOnly,
        )?;
        intent = Some(reconcile::intent(
            &origin.merchant_reference,
            Operation::EndPermission.code(),
            &call,
            Some(id),
            None,
            now,
        ));
    }
    let answer = reconcile::perform_or_fail(config, ledger, intent.as_ref(), &call).await?;
    let closed: ChargePermission = answer.json()?;
    if ledger.is_enabled() {
        reconcile::permission(ledger, &closed, "close", answer.now()).await?;
        if closed.status_details.state.as_str() == "Closed" {
            // Closing with cancelPendingCharges cancels open charges: read them again.
            for c in ledger.charges_on_permission(id).await? {
                if matches!(c.state.as_str(), "Authorized" | "AuthorizationInitiated") {
                    let (fresh, at) = read::<Charge>(config, format!("/v2/charges/{}", c.charge_id)).await?;
                    reconcile::charge(ledger, &fresh, "close", at).await?;
                }
            }
        }
    }
    reconcile::done(ledger, intent.as_ref(), id, answer.now()).await?;
    Ok(closed)
}
