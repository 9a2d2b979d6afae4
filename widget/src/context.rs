//! [`MountContext`]: what every mount of one loaded widget shares — the signer client, its
//! checked `/v1/config` (display rule and button defaults) — and how it is loaded (the config
//! answer checked, then the region's checkout.js once per page).

use std::fmt;
use std::rc::Rc;

use amazon_pay_shared::wire::{ButtonDefaults, ConfigResponse};

use crate::copy::Lang;
use crate::error::{Result, WidgetError};
use crate::script_loader;
use crate::signer_client::{SignerClient, SignerFuture};
use crate::visibility::DisplayRule;
use crate::vocabulary::{ButtonColor, Placement, ProductType};

/// What every mount of one widget shares.
pub(crate) struct MountContext {
    /// The signer.
    pub(crate) client: Rc<dyn SignerClient>,
    /// Its `/v1/config`.
    pub(crate) config: ConfigResponse,
    /// The display limits, as exact money.
    pub(crate) rule: DisplayRule,
    /// The default product type.
    pub(crate) product_type: ProductType,
    /// The default placement.
    pub(crate) placement: Placement,
    /// The default colour.
    pub(crate) button_color: ButtonColor,
}

impl fmt::Debug for MountContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MountContext")
            .field("client", &self.client)
            .field("merchant_id", &self.config.merchant_id)
            .field("rule", &self.rule)
            .finish_non_exhaustive()
    }
}

impl MountContext {
    /// Awaits `/v1/config`, checks it and loads the region's checkout.js (once per page).
    pub(crate) async fn load(
        client: Rc<dyn SignerClient>,
        config: SignerFuture<ConfigResponse>,
    ) -> Result<Rc<MountContext>> {
        let context = Rc::new(MountContext::new(client, config.await?)?);
        script_loader::load(&context.config.checkout_js_url).await?;
        Ok(context)
    }

    /// Checks a `/v1/config` answer: its display limits and checkout.js URL (the button
    /// defaults were checked when the answer was read).
    pub(crate) fn new(client: Rc<dyn SignerClient>, config: ConfigResponse) -> Result<MountContext> {
        let rule = DisplayRule::from_wire(&config.display_limits)?;
        let ButtonDefaults {
            product_type,
            placement,
            button_color,
        } = config.button;
        let url = config.checkout_js_url.as_str();
        if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("blob:")) {
            return Err(WidgetError::ResponseInvalid(
                "/v1/config: checkoutJsUrl is not a URL".into(),
            ));
        }
        Ok(MountContext {
            client,
            config,
            rule,
            product_type,
            placement,
            button_color,
        })
    }

    /// The language of the widget's text: `checkout_language` if the mount has one, else the
    /// signer's.
    pub(crate) fn lang(&self, checkout_language: Option<&str>) -> Lang {
        Lang::from_checkout_language(checkout_language.unwrap_or(&self.config.checkout_language))
    }
}
