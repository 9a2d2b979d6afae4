//! The review page (`checkoutReviewReturnUrl?amazonCheckoutSessionId=…`): shows the buyer,
//! the shipping address (read-only) and the payment method — or fills the shop's own form
//! fields — with change links bound through `bindChangeAction`, and a place-order button that
//! fixes the amount at the signer and sends the buyer to Amazon Pay.
//!
//! Before the buyer places the order the page shows what will be charged: the signer prices the
//! cart as place-order will (`POST /v1/quote`) and the page lists the subtotal, shipping, tax and
//! the total (the total alone for a cart token without items).
//!
//! DOM: `div[data-amazon-pay-widget=review] > dl > (dt, dd[data-amazon-pay-field=buyer|email|
//! address|payment|subtotal|shipping|tax|total], a[data-amazon-pay-action=change-address|
//! change-payment])`, then `button[data-amazon-pay-action=place-order]` (disabled until the
//! review data is shown).

use std::rc::Rc;

use amazon_pay_shared::api::Address;
use amazon_pay_shared::money::Price;
use amazon_pay_shared::wire::{valid_object_id, PlaceOrderRequest, QuoteResponse, ReviewResponse};
use gloo_events::EventListener;
use web_sys::{Element, HtmlElement};

use super::fields;
use super::page::{self, PageInner, ACTION_ATTRIBUTE, FIELD_ATTRIBUTE};
use crate::amazon::{self, ChangeAction};
use crate::copy::{Lang, Text};
use crate::dom;
use crate::error::{Result, WidgetError};
use crate::events::{Detail, WidgetEvent};

/// The session parameter Amazon appends to the review and result URLs.
pub const SESSION_PARAMETER: &str = "amazonCheckoutSessionId";

/// Starts the review flow of a freshly mounted page.
pub(crate) fn start(page: &Rc<PageInner>) {
    let id = match page::parameter(
        page.options.checkout_session_id.as_deref(),
        SESSION_PARAMETER,
        valid_object_id,
    ) {
        Ok(id) => id,
        Err(e) => {
            page.fail(e);
            page.add_back_link();
            return;
        }
    };
    let Ok(button) = page.add(
        None,
        "button",
        (ACTION_ATTRIBUTE, "place-order"),
        Some(Text::PlaceOrder.get(page.lang)),
    ) else {
        return;
    };
    button.set_attribute("type", "button").ok();
    button.set_attribute("disabled", "").ok();
    page.say(Some(Text::ReviewLoading.get(page.lang)), None);
    let page = page.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = page.client().review(&id).await;
        if !page.is_live() {
            return;
        }
        // What will be charged, priced by the signer as place-order prices it.
        let answer = match answer {
            Ok(review) if review.state == "Open" => {
                let quote = page.client().quote(order_request(&page)).await;
                if !page.is_live() {
                    return;
                }
                quote.map(|quote| (review, Some(quote)))
            }
            other => other.map(|review| (review, None)),
        };
        match answer {
            Ok((review, Some(quote))) => show(&page, &id, &review, &quote, &button),
            Ok(_) => {
                page.say(Some(Text::SessionClosed.get(page.lang)), None);
                button.remove();
                page.add_back_link();
                page.emit(&WidgetEvent::Cancel(Detail::None));
            }
            Err(e) => {
                page.fail(e);
                page.add_back_link();
            }
        }
    });
}

/// The address as one text, in the order of the buyer's country: Japanese addresses start with
/// the postal code and prefecture.
pub fn format_address(address: &Address, lang: Lang) -> String {
    let part = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_owned();
    let mut lines: Vec<String> = Vec::new();
    let japanese =
        address.country_code.as_deref() == Some("JP") || (address.country_code.is_none() && lang == Lang::Ja);
    let join = |parts: &[String], sep: &str| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(sep)
    };
    if japanese {
        let postal = part(&address.postal_code);
        if !postal.is_empty() {
            lines.push(String::from("〒") + &postal);
        }
        lines.push(join(
            &[
                part(&address.state_or_region) + &part(&address.city) + &part(&address.address_line1),
                part(&address.address_line2),
                part(&address.address_line3),
            ],
            " ",
        ));
        lines.push(part(&address.name));
    } else {
        lines.push(part(&address.name));
        lines.push(part(&address.address_line1));
        lines.push(part(&address.address_line2));
        lines.push(part(&address.address_line3));
        lines.push(join(
            &[
                part(&address.city),
                join(&[part(&address.state_or_region), part(&address.postal_code)], " "),
            ],
            ", ",
        ));
        lines.push(part(&address.country_code));
    }
    join(&lines, "\n")
}

fn row(
    page: &PageInner,
    list: &Element,
    label: Text,
    field: &str,
    value: Option<&str>,
) -> Result<HtmlElement> {
    page.add(Some(list), "dt", ("", ""), Some(label.get(page.lang)))?;
    let dd = page.add(Some(list), "dd", ("", ""), None)?;
    if !field.is_empty() {
        let value = page.add(
            Some(&dd),
            "span",
            (FIELD_ATTRIBUTE, field),
            Some(value.unwrap_or("—")),
        )?;
        dom::set_style(&value, &[("white-space", "pre-line")]);
    }
    Ok(dd)
}

fn change_link(page: &PageInner, parent: &Element, action: &str) -> Result<String> {
    let link = page.add(
        Some(parent),
        "a",
        (ACTION_ATTRIBUTE, action),
        Some(Text::Change.get(page.lang)),
    )?;
    link.set_attribute("href", "#").ok();
    let document = dom::document()?;
    let id = dom::unique_id(&document, "amazon-pay-change");
    link.set_id(&id);
    Ok(String::from("#") + &id)
}

/// The cart as place-order (and the quote) send it.
fn order_request(page: &PageInner) -> PlaceOrderRequest {
    PlaceOrderRequest {
        cart: page.options.cart.lines.clone(),
        cart_token: page.options.cart.cart_token.clone(),
        amount: None,
    }
}

/// An amount as a buyer reads it: `¥3,700`, `$12.50`, `€1,234.00`, or the amount and the code
/// for other currencies. The digits are the signer's decimal string, grouped by thousands.
pub fn format_price(price: &Price) -> String {
    let (whole, fraction) = match price.amount.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (price.amount.as_str(), None),
    };
    let mut out = String::from(match price.currency_code.as_str() {
        "JPY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => "",
    });
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    if !matches!(price.currency_code.as_str(), "JPY" | "USD" | "EUR" | "GBP") {
        out.push(' ');
        out.push_str(&price.currency_code);
    }
    out
}

fn show(
    page: &Rc<PageInner>,
    id: &str,
    review: &ReviewResponse,
    quote: &QuoteResponse,
    button: &HtmlElement,
) {
    if let Err(e) = render(page, id, review, quote) {
        page.fail(e);
        return;
    }
    page.say(None, None);
    // Under the summary (appending moves it there).
    page.with_dom(|d| d.wrapper.append_child(button).ok());
    button.remove_attribute("disabled").ok();
    let weak = Rc::downgrade(page);
    let id = id.to_owned();
    let listener = EventListener::new(button, "click", move |_| {
        if let Some(page) = weak.upgrade() {
            place_order(page, id.clone());
        }
    });
    page.with_dom(|d| d.listeners.push(listener));
    page.emit(&WidgetEvent::Ready);
}

fn render(page: &Rc<PageInner>, id: &str, review: &ReviewResponse, quote: &QuoteResponse) -> Result<()> {
    let list = page.add(None, "dl", ("", ""), None)?;
    let address = review
        .shipping_address
        .as_ref()
        .map(|a| format_address(a, page.lang));
    let address_row = match &page.options.fields {
        Some(selectors) => {
            let document = dom::document()?;
            fields::fill(&document, selectors, &fields::from_review(review), true)?;
            row(page, &list, Text::ShippingAddress, "", None)?
        }
        None => {
            row(page, &list, Text::Name, "buyer", review.buyer_name.as_deref())?;
            row(page, &list, Text::Email, "email", review.buyer_email.as_deref())?;
            row(page, &list, Text::ShippingAddress, "address", address.as_deref())?
        }
    };
    let payment_row = row(
        page,
        &list,
        Text::PaymentMethod,
        "payment",
        review.payment_descriptor.as_deref(),
    )?;
    // PayOnly sessions have no shipping address to change.
    if review.shipping_address.is_some() {
        let selector = change_link(page, &address_row, "change-address")?;
        amazon::bind_change_action(&selector, id, ChangeAction::ChangeAddress)?;
    }
    let selector = change_link(page, &payment_row, "change-payment")?;
    amazon::bind_change_action(&selector, id, ChangeAction::ChangePayment)?;
    amounts(page, &list, quote)
}

/// The rows of what will be charged: subtotal, shipping and tax when the signer priced lines,
/// and the total.
fn amounts(page: &PageInner, list: &Element, quote: &QuoteResponse) -> Result<()> {
    let parts = [
        (Text::Subtotal, "subtotal", &quote.subtotal),
        (Text::Shipping, "shipping", &quote.shipping),
        (Text::Tax, "tax", &quote.tax),
    ];
    for (label, field, price) in parts {
        let Some(price) = price else { continue };
        let zero = price.amount.bytes().all(|b| b == b'0' || b == b'.');
        let value = if field == "tax" && quote.tax_included && zero {
            Text::TaxIncluded.get(page.lang).to_owned()
        } else {
            format_price(price)
        };
        row(page, list, label, field, Some(&value))?;
    }
    row(
        page,
        list,
        Text::OrderTotal,
        "total",
        Some(&format_price(&quote.total)),
    )?;
    Ok(())
}

fn place_order(page: Rc<PageInner>, id: String) {
    let Some(button) = page.with_dom(|d| {
        d.wrapper
            .query_selector("[data-amazon-pay-action=place-order]")
            .ok()
            .flatten()
    }) else {
        return;
    };
    let Some(button) = button else { return };
    if button.has_attribute("disabled") {
        return;
    }
    button.set_attribute("disabled", "").ok();
    page.say(Some(Text::Placing.get(page.lang)), None);
    page.emit(&WidgetEvent::Click);
    let request = order_request(&page);
    wasm_bindgen_futures::spawn_local(async move {
        let answer = page.client().place_order(&id, request).await;
        if !page.is_live() {
            return;
        }
        let url = answer.and_then(|a| {
            let url = a.amazon_pay_redirect_url;
            if url.starts_with("https://") || url.starts_with("http://") {
                Ok(url)
            } else {
                Err(WidgetError::ResponseInvalid(
                    "amazonPayRedirectUrl is not a URL".into(),
                ))
            }
        });
        match url {
            Ok(url) => {
                page.emit(&WidgetEvent::Complete(Detail::Placed(url.clone())));
                if let Ok(window) = dom::window() {
                    let _ = window.location().assign(&url);
                }
            }
            Err(e) => {
                button.remove_attribute("disabled").ok();
                page.fail(e);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price(amount: &str, currency: &str) -> Price {
        Price {
            amount: amount.into(),
            currency_code: currency.into(),
        }
    }

    #[test]
    fn amounts_read_as_buyers_read_them() {
        assert_eq!(format_price(&price("3700", "JPY")), "¥3,700");
        assert_eq!(format_price(&price("10000000", "JPY")), "¥10,000,000");
        assert_eq!(format_price(&price("500", "JPY")), "¥500");
        assert_eq!(format_price(&price("1234.50", "USD")), "$1,234.50");
        assert_eq!(format_price(&price("0.99", "EUR")), "€0.99");
        assert_eq!(format_price(&price("12.00", "GBP")), "£12.00");
        assert_eq!(format_price(&price("100000", "XYZ")), "100,000 XYZ");
    }
}
