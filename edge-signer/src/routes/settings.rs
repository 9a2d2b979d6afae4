//! `GET /v1/merchant/settings` (merchant route): the signer's configuration without its
//! secrets (see [`settings_summary`]), for the merchant to check what it runs with.

use crate::config::Config;
use crate::error::ApiResult;
use crate::http::Reply;
use crate::services::settings_summary::{self, Bindings};

/// The configuration summary.
pub fn settings(config: &Config, bindings: Bindings) -> ApiResult<Reply> {
    Reply::ok(&settings_summary::summary(config, bindings))
}
