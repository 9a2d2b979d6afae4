//! The sign-in return page (`signInReturnUrl?buyerToken=…`): reads the signed-in buyer at the
//! signer and fills the shop's member registration form (the `fields` selectors).
//!
//! Without a `buyerToken` (the page opened directly) the mount stays empty and quiet, so the
//! same registration page works with and without Amazon sign-in. Once done, the wrapper's
//! `data-amazon-pay-outcome` is `filled` or `error`.

use std::rc::Rc;

use amazon_pay_shared::wire::valid_buyer_token;

use super::fields;
use super::page::{self, PageInner};
use crate::copy::Text;
use crate::dom;
use crate::events::{Detail, WidgetEvent};

/// The parameter Amazon appends to the sign-in return URL.
pub const TOKEN_PARAMETER: &str = "buyerToken";

/// Starts the sign-in flow of a freshly mounted page.
pub(crate) fn start(page: &Rc<PageInner>) {
    let given = page.options.buyer_token.as_deref();
    if given.is_none() && dom::url_param(TOKEN_PARAMETER).is_none() {
        return;
    }
    let token = match page::parameter(given, TOKEN_PARAMETER, valid_buyer_token) {
        Ok(token) => token,
        Err(e) => {
            page.set_outcome("error");
            page.fail(e);
            return;
        }
    };
    page.say(Some(Text::SignInLoading.get(page.lang)), None);
    let page = page.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = page.client().buyer(&token).await;
        if !page.is_live() {
            return;
        }
        match answer {
            Ok(buyer) => {
                let filled = match (&page.options.fields, dom::document()) {
                    (Some(selectors), Ok(document)) => {
                        fields::fill(&document, selectors, &fields::from_buyer(&buyer), false)
                    }
                    _ => Ok(()),
                };
                page.set_outcome("filled");
                page.say(Some(Text::SignInFilled.get(page.lang)), None);
                if let Err(e) = filled {
                    page.emit(&WidgetEvent::Error(e));
                }
                page.emit(&WidgetEvent::Ready);
                page.emit(&WidgetEvent::Complete(Detail::Buyer(Box::new(buyer))));
            }
            Err(e) => {
                page.set_outcome("error");
                page.fail(e);
            }
        }
    });
}
