//! [`Widget`]: the loaded widget for one signer — its `/v1/config`, display rule and
//! checkout.js — from which buttons and return pages are mounted.

use std::rc::Rc;

use amazon_pay_shared::wire::ConfigResponse;
use web_sys::Element;

use crate::button::{self, ButtonHandle};
use crate::context::MountContext;
use crate::error::Result;
use crate::options::ButtonOptions;
#[cfg(feature = "pages")]
use crate::options::PageOptions;
#[cfg(feature = "pages")]
use crate::pages::{self, PageHandle, PageKind};
use crate::signer_client::{SignerClient, SignerFuture};
use crate::visibility::DisplayRule;

/// The widget for one signer, ready to mount buttons.
#[derive(Debug, Clone)]
pub struct Widget {
    shared: Rc<MountContext>,
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
        Ok(Widget {
            shared: MountContext::load(client, config).await?,
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
    /// Mounts the review page into a fresh child of `host` (see [`crate::pages::review`]).
    pub fn mount_review(&self, host: &Element, options: PageOptions) -> Result<PageHandle> {
        self.mount_page(PageKind::Review, host, options)
    }

    #[cfg(feature = "pages")]
    /// Mounts the result page into a fresh child of `host` (see [`crate::pages::result`]).
    pub fn mount_result(&self, host: &Element, options: PageOptions) -> Result<PageHandle> {
        self.mount_page(PageKind::Result, host, options)
    }

    #[cfg(feature = "pages")]
    /// Mounts the sign-in return page into a fresh child of `host` (see
    /// [`crate::pages::signin`]).
    pub fn mount_sign_in(&self, host: &Element, options: PageOptions) -> Result<PageHandle> {
        self.mount_page(PageKind::SignIn, host, options)
    }

    #[cfg(feature = "pages")]
    /// Mounts a return page of any kind.
    pub fn mount_page(&self, kind: PageKind, host: &Element, options: PageOptions) -> Result<PageHandle> {
        pages::mount(self.shared.clone(), kind, host, options)
    }
}
