//! Catalog pricing: the merchant's price list, shipping and tax rules, and the exact total of
//! a cart of `{sku, quantity}` lines.
//!
//! The browser names SKUs and quantities only; every amount comes from the [`Catalog`] the
//! merchant configured. Totals are exact [`Money`] (integer minor units), never floats.
//!
//! ```
//! use amazon_pay_shared::cart::{Catalog, CartLine};
//!
//! let catalog = Catalog::from_json(r#"{
//!     "currency": "JPY",
//!     "items": {"TEA-1": {"price": "1200", "name": "Sencha"}},
//!     "shipping": {"flat": "500", "freeFrom": "5000"},
//!     "tax": {"rateBasisPoints": 1000, "included": true}
//! }"#).unwrap();
//! let quote = catalog.price(&[CartLine::new("TEA-1", 2)]).unwrap();
//! assert_eq!(quote.total.to_decimal_string(), "2900");
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error_code::ErrorCode;
use crate::money::{Currency, Money, MoneyError};

/// At most this many lines in one cart.
pub const MAX_LINES: usize = 50;
/// At most this many of one SKU in one cart.
pub const MAX_QUANTITY: u32 = 999;
/// At most this many characters in a SKU.
pub const MAX_SKU_LEN: usize = 64;
/// At most this many characters in an item name.
pub const MAX_NAME_LEN: usize = 200;

/// Why a cart or a catalog was refused. [`CartError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CartError {
    /// The cart has no line.
    #[error("the cart is empty")]
    Empty,
    /// More lines than [`MAX_LINES`].
    #[error("the cart has more than {MAX_LINES} lines")]
    TooManyLines,
    /// A SKU is empty, too long or has characters outside `[A-Za-z0-9._-]`.
    #[error("a SKU must be 1 to {MAX_SKU_LEN} characters of A-Z, a-z, 0-9, '.', '_' or '-'")]
    InvalidSku,
    /// A SKU the catalog does not have.
    #[error("unknown SKU {0:?}")]
    UnknownSku(String),
    /// A quantity of 0 or above [`MAX_QUANTITY`] (also for the sum of repeated lines).
    #[error("quantity must be 1 to {MAX_QUANTITY}")]
    InvalidQuantity,
    /// The total is not a valid charge (zero, above the maximum, overflow).
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// The catalog configuration is invalid.
    #[error("invalid catalog: {0}")]
    Catalog(String),
}

impl CartError {
    /// The stable code of this error, as the edge signer answers it (e.g. `SKU_UNKNOWN`). An
    /// invalid catalog is the merchant's configuration: `CONFIG_INVALID`.
    pub fn code(&self) -> ErrorCode {
        match self {
            CartError::Empty => ErrorCode::CartEmpty,
            CartError::TooManyLines => ErrorCode::CartTooManyLines,
            CartError::InvalidSku => ErrorCode::SkuInvalid,
            CartError::UnknownSku(_) => ErrorCode::SkuUnknown,
            CartError::InvalidQuantity => ErrorCode::QuantityInvalid,
            CartError::Money(e) => e.code(),
            CartError::Catalog(_) => ErrorCode::ConfigInvalid,
        }
    }
}

/// A validated SKU: 1 to [`MAX_SKU_LEN`] characters of `[A-Za-z0-9._-]`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Sku(String);

impl Sku {
    /// Validates a SKU.
    pub fn parse(s: &str) -> Result<Sku, CartError> {
        let ok = !s.is_empty()
            && s.len() <= MAX_SKU_LEN
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        ok.then(|| Sku(s.to_owned())).ok_or(CartError::InvalidSku)
    }

    /// The SKU.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sku({:?})", self.0)
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One line of a cart as the browser sends it. The SKU is checked by [`Catalog::price`], so a
/// malformed one is reported with its own code rather than as a JSON error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartLine {
    /// The SKU.
    pub sku: String,
    /// How many (1 to [`MAX_QUANTITY`]); a JSON integer.
    pub quantity: u64,
}

impl CartLine {
    /// A line.
    pub fn new(sku: &str, quantity: u64) -> CartLine {
        CartLine {
            sku: sku.to_owned(),
            quantity,
        }
    }
}

/// A catalog entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogItem {
    /// Unit price.
    pub price: Money,
    /// Display name.
    pub name: String,
}

/// Shipping: a flat fee, free from a subtotal on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingRule {
    /// The fee per order.
    pub flat: Money,
    /// Subtotal from which shipping is free.
    pub free_from: Option<Money>,
}

/// Tax: a rate in basis points (1000 = 10 %) of the subtotal, rounded down, added on top
/// unless the prices already include it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxRule {
    /// Rate in basis points, 0 to 10,000.
    pub rate_basis_points: u32,
    /// True when catalog prices already include the tax (nothing is added).
    pub included: bool,
}

/// The merchant's price list and rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The one currency of every price.
    pub currency: Currency,
    /// Items by SKU.
    pub items: BTreeMap<Sku, CatalogItem>,
    /// Shipping.
    pub shipping: ShippingRule,
    /// Tax.
    pub tax: TaxRule,
    /// The merchant's own ceiling for one order, below Amazon's per-charge maximum.
    pub max_order_total: Option<Money>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CatalogFile {
    currency: String,
    items: BTreeMap<String, ItemFile>,
    #[serde(default)]
    shipping: Option<ShippingFile>,
    #[serde(default)]
    tax: Option<TaxFile>,
    #[serde(default)]
    max_order_total: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ItemFile {
    price: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ShippingFile {
    flat: String,
    #[serde(default)]
    free_from: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TaxFile {
    rate_basis_points: u32,
    #[serde(default)]
    included: bool,
}

/// The priced cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Sum of the lines.
    pub subtotal: Money,
    /// Shipping fee.
    pub shipping: Money,
    /// Tax added on top (zero when prices include it).
    pub tax: Money,
    /// What the buyer pays.
    pub total: Money,
    /// Lines merged by SKU, in SKU order: SKU, quantity, line total.
    pub lines: Vec<(Sku, u32, Money)>,
}

/// One priced line of an order as the merchant's records keep it: the SKU, its name at the
/// time of the order, the quantity, the unit price and the line total (exact [`Money`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    /// The SKU.
    pub sku: String,
    /// The item's display name when it was sold.
    pub name: String,
    /// How many.
    pub quantity: u32,
    /// The price of one.
    pub unit_price: Money,
    /// `unit_price × quantity`.
    pub line_total: Money,
}

/// What was sold in one order: its priced lines, and the subtotal, shipping, tax and total
/// they came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedCart {
    /// The lines, in SKU order.
    pub lines: Vec<PricedLine>,
    /// Sum of the line totals.
    pub subtotal: Money,
    /// Shipping fee.
    pub shipping: Money,
    /// Tax added on top (zero when the prices include it).
    pub tax: Money,
    /// What the buyer pays.
    pub total: Money,
}

impl Quote {
    /// The quote's lines with the names and unit prices of the catalog that priced it.
    pub fn priced_cart(&self, catalog: &Catalog) -> PricedCart {
        let lines = self
            .lines
            .iter()
            .map(|(sku, quantity, line_total)| {
                let item = catalog.items.get(sku);
                PricedLine {
                    sku: sku.as_str().to_owned(),
                    name: item.map(|i| i.name.clone()).unwrap_or_default(),
                    quantity: *quantity,
                    unit_price: item.map_or(*line_total, |i| i.price),
                    line_total: *line_total,
                }
            })
            .collect();
        PricedCart {
            lines,
            subtotal: self.subtotal,
            shipping: self.shipping,
            tax: self.tax,
            total: self.total,
        }
    }
}

/// Parses an order amount from outside (a cart token, or a browser when client amounts are
/// allowed): like [`Money::parse_charge`], but a leading `-` is reported as
/// `AMOUNT_NEGATIVE` rather than as malformed.
pub fn parse_order_amount(amount: &str, currency: Currency) -> Result<Money, MoneyError> {
    if amount.starts_with('-') && Money::parse(&amount[1..], currency).is_ok() {
        return Err(MoneyError::Negative);
    }
    Money::parse_charge(amount, currency)
}

impl Catalog {
    /// Parses the catalog JSON of the configuration (see the module example).
    pub fn from_json(text: &str) -> Result<Catalog, CartError> {
        let file: CatalogFile =
            serde_json::from_str(text).map_err(|e| CartError::Catalog(format!("not valid JSON: {e}")))?;
        let currency: Currency = file
            .currency
            .parse()
            .map_err(|e: MoneyError| CartError::Catalog(e.to_string()))?;
        let money = |field: &str, s: &str| {
            Money::parse(s, currency).map_err(|e| CartError::Catalog(format!("{field}: {e}")))
        };
        if file.items.is_empty() {
            return Err(CartError::Catalog("items is empty".into()));
        }
        let mut items = BTreeMap::new();
        for (sku, item) in file.items {
            let parsed = Sku::parse(&sku).map_err(|e| CartError::Catalog(format!("SKU {sku:?}: {e}")))?;
            let price = money(&format!("items.{sku}.price"), &item.price)?;
            if price.is_zero() {
                return Err(CartError::Catalog(format!("items.{sku}.price is zero")));
            }
            let name_len = item.name.chars().count();
            if name_len == 0 || name_len > MAX_NAME_LEN {
                return Err(CartError::Catalog(format!(
                    "items.{sku}.name must be 1 to {MAX_NAME_LEN} characters"
                )));
            }
            items.insert(
                parsed,
                CatalogItem {
                    price,
                    name: item.name,
                },
            );
        }
        let shipping = match file.shipping {
            Some(s) => ShippingRule {
                flat: money("shipping.flat", &s.flat)?,
                free_from: s
                    .free_from
                    .as_deref()
                    .map(|f| money("shipping.freeFrom", f))
                    .transpose()?,
            },
            None => ShippingRule {
                flat: Money::zero(currency),
                free_from: None,
            },
        };
        let tax = match file.tax {
            Some(t) if t.rate_basis_points > 10_000 => {
                return Err(CartError::Catalog("tax.rateBasisPoints is at most 10000".into()))
            }
            Some(t) => TaxRule {
                rate_basis_points: t.rate_basis_points,
                included: t.included,
            },
            None => TaxRule {
                rate_basis_points: 0,
                included: true,
            },
        };
        let max_order_total = file
            .max_order_total
            .as_deref()
            .map(|m| money("maxOrderTotal", m))
            .transpose()?;
        Ok(Catalog {
            currency,
            items,
            shipping,
            tax,
            max_order_total,
        })
    }

    /// Prices a cart: validates every SKU and quantity, merges repeated SKUs, adds shipping
    /// and tax, and checks that the total is a valid charge (above zero, within Amazon's
    /// maximum and the merchant's `maxOrderTotal`).
    pub fn price(&self, cart: &[CartLine]) -> Result<Quote, CartError> {
        if cart.is_empty() {
            return Err(CartError::Empty);
        }
        if cart.len() > MAX_LINES {
            return Err(CartError::TooManyLines);
        }
        let mut merged: BTreeMap<Sku, u64> = BTreeMap::new();
        for line in cart {
            let sku = Sku::parse(&line.sku)?;
            if line.quantity == 0 || line.quantity > u64::from(MAX_QUANTITY) {
                return Err(CartError::InvalidQuantity);
            }
            let q = merged.entry(sku).or_insert(0);
            *q += line.quantity;
            if *q > u64::from(MAX_QUANTITY) {
                return Err(CartError::InvalidQuantity);
            }
        }
        let mut subtotal = Money::zero(self.currency);
        let mut lines = Vec::with_capacity(merged.len());
        for (sku, quantity) in merged {
            let item = self
                .items
                .get(&sku)
                .ok_or_else(|| CartError::UnknownSku(sku.as_str().to_owned()))?;
            let line_total = item.price.checked_mul(quantity)?;
            subtotal = subtotal.checked_add(&line_total)?;
            // `quantity` ≤ MAX_QUANTITY, so it fits u32.
            lines.push((sku, quantity as u32, line_total));
        }
        let free = self
            .shipping
            .free_from
            .is_some_and(|from| subtotal.minor() >= from.minor());
        let shipping = if free {
            Money::zero(self.currency)
        } else {
            self.shipping.flat
        };
        let tax = if self.tax.included {
            Money::zero(self.currency)
        } else {
            subtotal.checked_mul_div_floor(u64::from(self.tax.rate_basis_points), 10_000)?
        };
        let total = subtotal.checked_add(&shipping)?.checked_add(&tax)?;
        total.ensure_chargeable()?;
        if let Some(max) = self.max_order_total {
            if total.minor() > max.minor() {
                return Err(CartError::Money(MoneyError::AboveMaximum {
                    amount: total,
                    maximum: max,
                }));
            }
        }
        Ok(Quote {
            subtotal,
            shipping,
            tax,
            total,
            lines,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPY: &str = r#"{"currency":"JPY","items":{"TEA-1":{"price":"1200","name":"Sencha"},
        "CUP":{"price":"800","name":"Cup"}},"shipping":{"flat":"500","freeFrom":"5000"},
        "tax":{"rateBasisPoints":1000,"included":true},"maxOrderTotal":"500000"}"#;
    const USD: &str = r#"{"currency":"USD","items":{"A":{"price":"19.99","name":"A"}},
        "tax":{"rateBasisPoints":825}}"#;

    #[test]
    fn prices_merge_shipping_and_tax() {
        let c = Catalog::from_json(JPY).unwrap();
        let q = c
            .price(&[
                CartLine::new("TEA-1", 1),
                CartLine::new("CUP", 2),
                CartLine::new("TEA-1", 1),
            ])
            .unwrap();
        assert_eq!(q.subtotal.to_decimal_string(), "4000");
        assert_eq!(q.shipping.to_decimal_string(), "500");
        assert_eq!(q.tax.to_decimal_string(), "0");
        assert_eq!(q.total.to_decimal_string(), "4500");
        assert_eq!(q.lines.len(), 2);
        let free = c.price(&[CartLine::new("TEA-1", 5)]).unwrap();
        assert_eq!(free.total.to_decimal_string(), "6000");

        let u = Catalog::from_json(USD).unwrap();
        let q = u.price(&[CartLine::new("A", 3)]).unwrap();
        // 59.97 × 8.25 % = 4.947… → 4.94 (rounded down), no shipping.
        assert_eq!(q.tax.to_decimal_string(), "4.94");
        assert_eq!(q.total.to_decimal_string(), "64.91");
    }

    #[test]
    fn priced_cart_names_each_line() {
        let c = Catalog::from_json(JPY).unwrap();
        let q = c
            .price(&[CartLine::new("TEA-1", 2), CartLine::new("CUP", 1)])
            .unwrap();
        let priced = q.priced_cart(&c);
        let lines: Vec<(&str, &str, u32, String, String)> = priced
            .lines
            .iter()
            .map(|l| {
                (
                    l.sku.as_str(),
                    l.name.as_str(),
                    l.quantity,
                    l.unit_price.to_decimal_string(),
                    l.line_total.to_decimal_string(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("CUP", "Cup", 1, "800".to_owned(), "800".to_owned()),
                ("TEA-1", "Sencha", 2, "1200".to_owned(), "2400".to_owned()),
            ]
        );
        assert_eq!(priced.subtotal.to_decimal_string(), "3200");
        assert_eq!(priced.shipping.to_decimal_string(), "500");
        assert_eq!(priced.tax.to_decimal_string(), "0");
        assert_eq!(priced.total, q.total);
    }

    #[test]
    fn refuses_bad_lines() {
        let c = Catalog::from_json(JPY).unwrap();
        let code = |cart: &[CartLine]| c.price(cart).unwrap_err().code();
        assert_eq!(code(&[]), ErrorCode::CartEmpty);
        assert_eq!(code(&[CartLine::new("NOPE", 1)]), ErrorCode::SkuUnknown);
        assert_eq!(code(&[CartLine::new("", 1)]), ErrorCode::SkuInvalid);
        assert_eq!(code(&[CartLine::new("a b", 1)]), ErrorCode::SkuInvalid);
        assert_eq!(code(&[CartLine::new(&"A".repeat(65), 1)]), ErrorCode::SkuInvalid);
        assert_eq!(code(&[CartLine::new("TEA-1", 0)]), ErrorCode::QuantityInvalid);
        assert_eq!(code(&[CartLine::new("TEA-1", 1000)]), ErrorCode::QuantityInvalid);
        assert_eq!(
            code(&[CartLine::new("TEA-1", u64::MAX)]),
            ErrorCode::QuantityInvalid
        );
        assert_eq!(
            code(&[CartLine::new("TEA-1", 600), CartLine::new("TEA-1", 600)]),
            ErrorCode::QuantityInvalid
        );
        // 999 × 1200 = 1,198,800 > maxOrderTotal 500,000.
        assert_eq!(
            code(&[CartLine::new("TEA-1", 999)]),
            ErrorCode::AmountAboveMaximum
        );
        let many: Vec<CartLine> = (0..51).map(|_| CartLine::new("CUP", 1)).collect();
        assert_eq!(code(&many), ErrorCode::CartTooManyLines);
        assert!(serde_json::from_str::<CartLine>(r#"{"sku":"A","quantity":1.5}"#).is_err());
        assert!(serde_json::from_str::<CartLine>(r#"{"sku":"A","quantity":-1}"#).is_err());
        assert!(serde_json::from_str::<CartLine>(r#"{"sku":"A","quantity":1,"price":"1"}"#).is_err());
    }

    #[test]
    fn order_amounts() {
        let code = |a: &str, c: Currency| parse_order_amount(a, c).unwrap_err().code();
        assert_eq!(code("-100", Currency::Jpy), ErrorCode::AmountNegative);
        assert_eq!(code("0", Currency::Jpy), ErrorCode::AmountZero);
        assert_eq!(code("10.5", Currency::Jpy), ErrorCode::AmountTooManyDecimals);
        assert_eq!(code("10000001", Currency::Jpy), ErrorCode::AmountAboveMaximum);
        assert_eq!(code("1e3", Currency::Jpy), ErrorCode::AmountMalformed);
        assert_eq!(code("-", Currency::Jpy), ErrorCode::AmountMalformed);
        assert_eq!(parse_order_amount("12.5", Currency::Usd).unwrap().minor(), 1250);
    }

    #[test]
    fn refuses_bad_catalogs() {
        for bad in [
            "",
            r#"{"currency":"XXX","items":{"A":{"price":"1","name":"a"}}}"#,
            r#"{"currency":"JPY","items":{}}"#,
            r#"{"currency":"JPY","items":{"A":{"price":"1.5","name":"a"}}}"#,
            r#"{"currency":"JPY","items":{"A":{"price":"0","name":"a"}}}"#,
            r#"{"currency":"JPY","items":{"A B":{"price":"1","name":"a"}}}"#,
            r#"{"currency":"JPY","items":{"A":{"price":"1","name":""}}}"#,
            r#"{"currency":"JPY","items":{"A":{"price":"1","name":"a"}},"tax":{"rateBasisPoints":10001}}"#,
            r#"{"currency":"JPY","items":{"A":{"price":"1","name":"a"}},"extra":1}"#,
        ] {
            assert_eq!(
                Catalog::from_json(bad).unwrap_err().code(),
                ErrorCode::ConfigInvalid,
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn pricing_never_panics_and_adds_up(
            lines in proptest::collection::vec(("[A-Z]{0,3}-?[0-9]?", 0u64..2000), 0..60)
        ) {
            let c = Catalog::from_json(JPY).unwrap();
            let cart: Vec<CartLine> = lines.iter().map(|(s, q)| CartLine::new(s, *q)).collect();
            if let Ok(q) = c.price(&cart) {
                proptest::prop_assert_eq!(
                    q.total.minor(),
                    q.subtotal.minor() + q.shipping.minor() + q.tax.minor()
                );
                let sum: u64 = q.lines.iter().map(|(_, _, m)| m.minor()).sum();
                proptest::prop_assert_eq!(sum, q.subtotal.minor());
                proptest::prop_assert!(q.total.minor() > 0 && q.total.minor() <= 500_000);
            }
        }
    }
}
