//! The confirmation step of an action: what will be done to which order, for how much; the
//! form carries the same idempotency key, so sending it twice does it once.

use amazon_pay_shared::money::Money;
use maud::{html, Markup};

use super::order::action_name;
use crate::console::actions::Action;
use crate::console::csrf;
use crate::console::layout::{page, Frame};
use crate::console::money;

/// What is to be confirmed.
#[derive(Debug, Clone)]
pub struct Pending<'a> {
    /// The order.
    pub reference: &'a str,
    /// The action.
    pub action: Action,
    /// Its amount (none for a cancel).
    pub amount: Option<Money>,
    /// The form's idempotency key.
    pub key: &'a str,
}

/// The page.
pub fn page_of(frame: &Frame<'_>, p: &Pending<'_>) -> Markup {
    let lang = frame.lang;
    let name = action_name(lang, p.action);
    let back = format!("/console/orders/{}", p.reference);
    page(
        frame,
        &format!("{} — {}", lang.t("Confirm", "確認"), name),
        html! {
            div.card {
                p {
                    (lang.t("Order", "注文")) " " strong { (p.reference) } ": " (name)
                    @if let Some(a) = p.amount { " " strong.amount { (money::format_money(a)) } }
                }
                p.muted { (lang.t("This is sent to Amazon Pay when you confirm.", "確定すると Amazon Pay に送信されます。")) }
                form method="post" action={ "/console/orders/" (p.reference) "/" (p.action.slug()) } {
                    input type="hidden" name=(csrf::FIELD) value=(frame.csrf.unwrap_or(""));
                    input type="hidden" name="key" value=(p.key);
                    input type="hidden" name="step" value="submit";
                    @if let Some(a) = p.amount {
                        input type="hidden" name="amount" value=(a.to_decimal_string());
                    }
                    button type="submit" { (lang.t("Confirm: ", "確定: ")) (name) }
                    " "
                    a.button.secondary href=(back) { (lang.t("Back", "戻る")) }
                }
            }
        },
    )
}
