//! What the buyer is about to buy, as a button or return page sends it to the signer: catalog
//! lines or a merchant-signed cart token, plus the estimated total, validated once.

use amazon_pay_shared::cart::{CartLine, Sku, MAX_LINES, MAX_QUANTITY};
use amazon_pay_shared::money::{Money, MoneyError, Price};

use crate::error::{Result, WidgetError};

/// What the buyer is about to buy: catalog lines or a merchant-signed cart token, plus the
/// estimated total shown to Amazon and used for the display limits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cart {
    /// Catalog lines (`{sku, quantity}`); the signer prices them.
    pub lines: Option<Vec<CartLine>>,
    /// A cart token from the merchant's backend.
    pub cart_token: Option<String>,
    /// The estimated total (`estimatedOrderAmount`), exact.
    pub estimated_order_amount: Option<Money>,
}

impl Cart {
    /// A cart of catalog lines.
    pub fn lines(lines: Vec<CartLine>) -> Cart {
        Cart {
            lines: Some(lines),
            ..Cart::default()
        }
    }

    /// Sets the estimated total.
    pub fn with_estimated_order_amount(mut self, amount: Money) -> Cart {
        self.estimated_order_amount = Some(amount);
        self
    }

    /// Sets the cart token.
    pub fn with_cart_token(mut self, token: impl Into<String>) -> Cart {
        self.cart_token = Some(token.into());
        self
    }

    /// Validates the lines, the token and the amount.
    pub fn validate(&self) -> Result<()> {
        if let Some(lines) = &self.lines {
            if lines.len() > MAX_LINES {
                return Err(WidgetError::CartInvalid(format!("more than {MAX_LINES} lines")));
            }
            for line in lines {
                Sku::parse(&line.sku).map_err(|e| {
                    WidgetError::CartInvalid(format!(
                        "{}: sku '{}' must be 1 to 64 of A-Z a-z 0-9 . _ -",
                        sku_code(&e),
                        line.sku
                    ))
                })?;
                if line.quantity == 0 || line.quantity > u64::from(MAX_QUANTITY) {
                    return Err(WidgetError::CartInvalid(format!(
                        "quantity of {} must be 1 to {MAX_QUANTITY}",
                        line.sku
                    )));
                }
            }
        }
        if let Some(token) = &self.cart_token {
            if token.is_empty() || token.len() > 4096 {
                return Err(WidgetError::CartInvalid(
                    "cartToken must be 1 to 4096 characters".into(),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn from_raw(raw: RawCart) -> Result<Cart> {
        let cart = match raw {
            RawCart::Lines(lines) => Cart::lines(lines),
            RawCart::Object {
                lines,
                cart_token,
                estimated_order_amount,
            } => Cart {
                lines,
                cart_token,
                estimated_order_amount: estimated_order_amount.map(|p| price_to_money(&p)).transpose()?,
            },
        };
        cart.validate()?;
        Ok(cart)
    }
}

/// The signer's code of a money error, spelt here: naming the shared `ErrorCode` would put
/// every code of the signer into the button's bundle (a test keeps the two equal).
pub(crate) fn money_code(e: &MoneyError) -> &'static str {
    match e {
        MoneyError::Malformed(_) => "AMOUNT_MALFORMED",
        MoneyError::TooManyDecimals { .. } => "AMOUNT_TOO_MANY_DECIMALS",
        MoneyError::Overflow(_) => "AMOUNT_OVERFLOW",
        MoneyError::AboveMaximum { .. } => "AMOUNT_ABOVE_MAXIMUM",
        MoneyError::Zero => "AMOUNT_ZERO",
        MoneyError::UnsupportedCurrency(_) => "CURRENCY_UNSUPPORTED",
        MoneyError::CurrencyMismatch(..) => "CURRENCY_MISMATCH",
        MoneyError::Negative => "AMOUNT_NEGATIVE",
        _ => "AMOUNT_MALFORMED",
    }
}

/// The signer's code of a refused SKU (see [`money_code`]).
fn sku_code(_: &amazon_pay_shared::cart::CartError) -> &'static str {
    "SKU_INVALID"
}

pub(crate) fn price_to_money(price: &Price) -> Result<Money> {
    let money = price.to_money().map_err(|e| {
        // The code, not the shared crate's Display (it Debug-formats the input).
        WidgetError::CartInvalid(format!(
            "estimatedOrderAmount {} {}: {}",
            price.amount,
            price.currency_code,
            money_code(&e)
        ))
    })?;
    if money.is_zero() {
        return Err(WidgetError::CartInvalid(
            "estimatedOrderAmount must be above zero".into(),
        ));
    }
    Ok(money)
}

/// Parses a cart given on its own (the argument of `update(cart)`).
pub fn cart_from_raw(raw: RawCart) -> Result<Cart> {
    Cart::from_raw(raw)
}

/// A cart as JavaScript passes it: an array of lines, or an object
/// `{lines?, cartToken?, estimatedOrderAmount?}`.
#[derive(Debug)]
pub enum RawCart {
    /// `[{sku, quantity}, …]`.
    Lines(Vec<CartLine>),
    /// The object form.
    Object {
        /// Lines.
        lines: Option<Vec<CartLine>>,
        /// Token.
        cart_token: Option<String>,
        /// Estimated total.
        estimated_order_amount: Option<Price>,
    },
}

#[cfg(test)]
mod tests {
    use amazon_pay_shared::cart::CartError;
    use amazon_pay_shared::money::Currency;

    use super::*;

    #[test]
    fn codes_spelt_here_are_the_signers() {
        let errors = [
            MoneyError::Malformed("x".into()),
            MoneyError::TooManyDecimals {
                amount: "1.5".into(),
                exponent: 0,
                currency: Currency::Jpy,
            },
            MoneyError::Overflow("9".into()),
            MoneyError::AboveMaximum {
                amount: Money::zero(Currency::Jpy),
                maximum: Money::zero(Currency::Jpy),
            },
            MoneyError::Zero,
            MoneyError::UnsupportedCurrency("XXX".into()),
            MoneyError::CurrencyMismatch(Currency::Jpy, Currency::Usd),
            MoneyError::Negative,
        ];
        for e in &errors {
            assert_eq!(money_code(e), e.code().as_str(), "{e:?}");
        }
        let sku = Sku::parse("").unwrap_err();
        assert_eq!(sku, CartError::InvalidSku);
        assert_eq!(sku_code(&sku), sku.code().as_str());
    }
}
