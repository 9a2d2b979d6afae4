//! A subscription's billing periods as the rest of the signer sees them: a period's merchant
//! reference belongs to the subscription alone.

use amazon_pay_shared::wire::ErrorCode;

use crate::error::{ApiError, ApiResult};
use crate::ledger::Ledger;

/// Refuses a merchant reference that names a subscription's period before anything is sent
/// (`SUBSCRIPTION_PERIOD_RESERVED`): only the subscription charges its periods, once.
pub async fn ensure_not_a_period(ledger: &Ledger, reference: &str) -> ApiResult<()> {
    if ledger.is_enabled() && ledger.period_by_reference(reference).await?.is_some() {
        return Err(ApiError::new(
            ErrorCode::SubscriptionPeriodReserved,
            "this reference names a subscription's billing period; the subscription charges it",
        ));
    }
    Ok(())
}
