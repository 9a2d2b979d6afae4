//! The ids and references a request names, checked before anything is called: Amazon's object
//! ids and the merchant's references.

use amazon_pay_shared::wire::{valid_object_id, ErrorCode};

use crate::error::{ApiError, ApiResult};

/// An Amazon Pay object id (checkout session, charge, refund, charge permission), or
/// `INVALID_ID`.
pub fn check_id(id: &str) -> ApiResult<()> {
    if valid_object_id(id) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidId,
            "the id is not a valid Amazon Pay id",
        ))
    }
}

/// A merchant reference as a merchant operation names it, or `INVALID_REQUEST`.
pub fn check_reference(reference: &str) -> ApiResult<()> {
    if amazon_pay_shared::cart_token::valid_reference(reference) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "reference must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'",
        ))
    }
}
