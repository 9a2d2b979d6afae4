//! The result page (`checkoutResultReturnUrl?amazonCheckoutSessionId=…`): completes the
//! checkout at the signer and explains the outcome.
//!
//! * completed or pending: thanks, and the order reference in
//!   `[data-amazon-pay-field=order-reference]`; a setup-only checkout (a charge permission and
//!   no charge) says the payment method is saved and nothing was charged;
//! * declined: why, and a fresh Amazon Pay button (a new checkout session) inside the page to
//!   choose another payment method;
//! * canceled or expired: why, and the way back to the cart
//!   (`a[data-amazon-pay-action=back-to-cart]`).
//!
//! A reload never completes twice: the outcome is kept in `sessionStorage` and shown again, two
//! mounts on one page share one call, and the signer itself answers a second `complete` with
//! the first result.

use std::cell::RefCell;
use std::rc::Rc;

use amazon_pay_shared::wire::valid_object_id;
use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::page::{self, PageInner, FIELD_ATTRIBUTE};
use super::review::SESSION_PARAMETER;
use crate::button;
use crate::copy::Text;
use crate::error::{Result, WidgetError};
use crate::events::{Detail, WidgetEvent};
use crate::js::value;
use crate::options::ButtonOptions;
use crate::outcome::{OrderResult, Outcome};
use crate::signer_client::SignerClient;

/// The `sessionStorage` key prefix of kept outcomes.
pub const STORAGE_PREFIX: &str = "amazon-pay-widget:result:";

type Slot = Rc<RefCell<Option<Result<OrderResult>>>>;

thread_local! {
    /// Completions of this page: session id, the promise settled when the call is done, and
    /// its result.
    static COMPLETIONS: RefCell<Vec<(String, Promise, Slot)>> = const { RefCell::new(Vec::new()) };
}

/// Starts the result flow of a freshly mounted page.
pub(crate) fn start(page: &Rc<PageInner>) {
    let id = match page::parameter(
        page.options.checkout_session_id.as_deref(),
        SESSION_PARAMETER,
        valid_object_id,
    ) {
        Ok(id) => id,
        Err(e) => {
            page.set_outcome(Outcome::Error.as_str());
            page.fail(e);
            page.add_back_link();
            return;
        }
    };
    page.say(Some(Text::ResultLoading.get(page.lang)), None);
    let page = page.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = match kept(&id) {
            Some(order) => Ok(order),
            None => complete_once(page.client(), &id).await,
        };
        if !page.is_live() {
            return;
        }
        match result {
            Ok(order) => {
                keep(&order);
                if let Err(e) = show(&page, &order) {
                    page.fail(e);
                }
            }
            Err(e) => {
                page.set_outcome(Outcome::Error.as_str());
                page.fail(e);
                page.add_back_link();
            }
        }
    });
}

/// Completes `id` once per page: a second caller waits for the first call's result.
async fn complete_once(client: Rc<dyn SignerClient>, id: &str) -> Result<OrderResult> {
    let found = COMPLETIONS.with(|c| {
        c.borrow()
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, p, s)| (p.clone(), s.clone()))
    });
    let (promise, slot) = match found {
        Some(found) => found,
        None => {
            let slot: Slot = Rc::new(RefCell::new(None));
            let (fill, owned) = (slot.clone(), id.to_owned());
            let promise = future_to_promise(async move {
                let answer = client.complete(&owned).await;
                *fill.borrow_mut() = Some(answer.map(|a| OrderResult::from_complete(&owned, a)));
                Ok(JsValue::UNDEFINED)
            });
            COMPLETIONS.with(|c| {
                c.borrow_mut()
                    .push((id.to_owned(), promise.clone(), slot.clone()))
            });
            (promise, slot)
        }
    };
    let _ = JsFuture::from(promise).await;
    let result = slot.borrow().clone().unwrap_or(Err(WidgetError::Destroyed));
    if result.is_err() {
        // A failed call may be tried again (by a reload or a new mount).
        COMPLETIONS.with(|c| c.borrow_mut().retain(|(i, _, _)| i != id));
    }
    result
}

/// The outcome kept for this session by an earlier load of the page.
fn kept(id: &str) -> Option<OrderResult> {
    let text = crate::dom::session_storage()?
        .get_item(&(String::from(STORAGE_PREFIX) + id))
        .ok()??;
    value::from_str::<OrderResult>(&text)
        .ok()
        .filter(|o| o.checkout_session_id == id)
}

fn keep(order: &OrderResult) {
    if let (Some(storage), Ok(text)) = (crate::dom::session_storage(), value::to_string(order)) {
        let _ = storage.set_item(
            &(String::from(STORAGE_PREFIX) + &order.checkout_session_id),
            &text,
        );
    }
}

fn show(page: &Rc<PageInner>, order: &OrderResult) -> Result<()> {
    let lang = page.lang;
    page.set_outcome(order.outcome.as_str());
    let text = match order.outcome {
        // A setup-only checkout keeps the payment method and charges nothing.
        Outcome::Completed if order.charge_id.is_none() && order.charge_permission_id.is_some() => {
            Text::Saved
        }
        Outcome::Completed => Text::Completed,
        Outcome::Pending => Text::Pending,
        Outcome::Declined => Text::Declined,
        Outcome::Canceled => Text::Canceled,
        Outcome::Expired | Outcome::Error => Text::Expired,
    };
    page.say(Some(text.get(lang)), None);
    if let Some(reference) = &order.order_reference {
        let line = page.add(None, "p", ("", ""), Some(Text::OrderReference.get(lang)))?;
        let text = String::from(" ") + reference;
        page.add(
            Some(&line),
            "span",
            (FIELD_ATTRIBUTE, "order-reference"),
            Some(&text),
        )?;
    }
    if order.outcome == Outcome::Declined {
        page.add(None, "p", ("", ""), Some(Text::ChooseAnother.get(lang)))?;
        let slot = page.add(None, "div", ("", ""), None)?;
        // The same kind of checkout again: a subscription stays a subscription.
        let mut options = ButtonOptions::new().with_cart(page.options.cart.clone());
        if let Some(permission) = &page.options.permission {
            options = options.with_permission(permission.clone());
        }
        let fresh = button::mount(page.shared.clone(), &slot, options)?.forget();
        page.with_dom(|d| d.button = Some(fresh));
        // The buyer hears and sees why first; the fresh button is the next stop by Tab.
        page.focus_message();
    }
    if !order.outcome.is_order() {
        page.add_back_link();
    }
    page.emit(&WidgetEvent::Ready);
    let detail = Detail::Order(order.clone());
    match order.outcome {
        Outcome::Canceled | Outcome::Expired => page.emit(&WidgetEvent::Cancel(detail)),
        _ => page.emit(&WidgetEvent::Complete(detail)),
    }
    Ok(())
}
