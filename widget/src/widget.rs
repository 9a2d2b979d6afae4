//! [`Widget`]: the loaded widget for one signer — its `/v1/config`, display rule and
//! checkout.js — from which buttons and return pages are mounted.

use std::fmt;
use std::rc::Rc;

use amazon_pay_shared::wire::ConfigResponse;
use web_sys::Element;

use crate::button::{self, ButtonHandle};
use crate::error::{Result, WidgetError};
#[cfg(feature = "pages")]
use crate::options::PageOptions;
use crate::options::{ButtonColor, ButtonOptions, Placement, ProductType};
#[cfg(feature = "pages")]
use crate::page::{self, PageHandle, PageKind};
use crate::script_loader;
use crate::signer_client::{SignerClient, SignerFuture};
use crate::visibility::DisplayRule;

/// What every mount of one widget shares.
pub(crate) struct Shared {
    pub(crate) client: Rc<dyn SignerClient>,
    pub(crate) config: ConfigResponse,
    pub(crate) rule: DisplayRule,
    pub(crate) product_type: ProductType,
    pub(crate) placement: Placement,
    pub(crate) button_color: ButtonColor,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("client", &self.client)
            .field("merchant_id", &self.config.merchant_id)
            .field("rule", &self.rule)
            .finish_non_exhaustive()
    }
}

/// The widget for one signer, ready to mount buttons.
#[derive(Debug, Clone)]
pub struct Widget {
    shared: Rc<Shared>,
}

impl Widget {
    /// Fetches `/v1/config` and loads the region's checkout.js (once per page).
    pub async fn load(client: Rc<dyn SignerClient>) -> Result<Widget> {
        let config = client.config();
        Widget::load_with_config(client, config).await
    }

    /// Like [`Widget::load`], with `/v1/config` answered by `config` (e.g. a request started
    /// before the widget, see [`crate::FetchSignerClient::prefetched_config`]); the answer is
    /// checked the same way.
    pub async fn load_with_config(
        client: Rc<dyn SignerClient>,
        config: SignerFuture<ConfigResponse>,
    ) -> Result<Widget> {
        let config = config.await?;
        let invalid = |e: WidgetError| WidgetError::ResponseInvalid(format!("/v1/config: {e}"));
        let rule = DisplayRule::from_wire(&config.display_limits)?;
        let product_type = ProductType::parse(&config.button.product_type).map_err(invalid)?;
        let placement = Placement::parse(&config.button.placement).map_err(invalid)?;
        let button_color = ButtonColor::parse(&config.button.button_color).map_err(invalid)?;
        let url = config.checkout_js_url.as_str();
        if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("blob:")) {
            return Err(WidgetError::ResponseInvalid(
                "/v1/config: checkoutJsUrl is not a URL".into(),
            ));
        }
        script_loader::load(url).await?;
        Ok(Widget {
            shared: Rc::new(Shared {
                client,
                config,
                rule,
                product_type,
                placement,
                button_color,
            }),
        })
    }

    /// The signer's configuration.
    pub fn config(&self) -> &ConfigResponse {
        &self.shared.config
    }

    /// The display rule from the configuration.
    pub fn display_rule(&self) -> DisplayRule {
        self.shared.rule
    }

    /// Renders a button into a fresh child of `host`. A button already mounted in `host` is
    /// destroyed first. Dropping the handle destroys the button; see
    /// [`ButtonHandle::forget`] to keep it.
    pub fn mount_button(&self, host: &Element, options: ButtonOptions) -> Result<ButtonHandle> {
        button::mount(self.shared.clone(), host, options)
    }

    #[cfg(feature = "pages")]
    /// Mounts the review page into a fresh child of `host` (see [`crate::review`]).
    pub fn mount_review(&self, host: &Element, options: PageOptions) -> Result<PageHandle> {
        page::mount(self.shared.clone(), PageKind::Review, host, options)
    }

    #[cfg(feature = "pages")]
    /// Mounts the result page into a fresh child of `host` (see [`crate::result`]).
    pub fn mount_result(&self, host: &Element, options: PageOptions) -> Result<PageHandle> {
        page::mount(self.shared.clone(), PageKind::Result, host, options)
    }

    #[cfg(feature = "pages")]
    /// Mounts the sign-in return page into a fresh child of `host` (see [`crate::signin`]).
    pub fn mount_sign_in(&self, host: &Element, options: PageOptions) -> Result<PageHandle> {
        page::mount(self.shared.clone(), PageKind::SignIn, host, options)
    }

    #[cfg(feature = "pages")]
    /// Mounts a return page of any kind.
    pub fn mount_page(&self, kind: PageKind, host: &Element, options: PageOptions) -> Result<PageHandle> {
        page::mount(self.shared.clone(), kind, host, options)
    }
}
