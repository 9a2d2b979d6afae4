//! What was sold: the priced lines of an order (SKU, name, quantity, unit price, line total)
//! and its subtotal, shipping, tax and total, in `order_lines` and `order_pricing`
//! (`edge-signer/migrations/0002_order_lines.sql`). Amounts are integer minor units.
//!
//! An order has lines when its amount came with them: a catalog cart, or a cart token with
//! `items`. An order whose amount came alone (a cart token without items, or the browser with
//! `ALLOW_CLIENT_AMOUNTS`) records none, and neither does a one-step or
//! Additional Payment Button order (its cart is priced when the button is signed, and nothing
//! is kept between the button and the completion).
//!
//! Lines are written with the transaction at place-order, replacing those of an earlier
//! place-order of the same order (a buyer may change the cart before paying), so a repeated
//! place-order never duplicates them. Once the order is paid (its transaction has a charge
//! permission or a charge, or its session completed) they never change again.

use amazon_pay_shared::cart::PricedCart;
use serde::{Deserialize, Serialize};

use super::rows::RowError;
use super::{Arg, Ledger, LedgerError};
use crate::error::{ApiError, ApiResult};

/// One line of an order as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRow {
    /// The order's merchant reference.
    pub merchant_reference: String,
    /// Position in the order, from 1 (SKU order).
    pub line_no: i64,
    /// The SKU.
    pub sku: String,
    /// The item's name when it was sold.
    pub name: String,
    /// How many.
    pub quantity: i64,
    /// The price of one, minor units.
    pub unit_minor: i64,
    /// The line total, minor units.
    pub line_minor: i64,
}

/// What an order's lines came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingRow {
    /// The order's merchant reference.
    pub merchant_reference: String,
    /// ISO currency of every amount of the order.
    pub currency: String,
    /// Sum of the line totals, minor units.
    pub subtotal_minor: i64,
    /// Shipping, minor units.
    pub shipping_minor: i64,
    /// Tax added on top (zero when the prices include it), minor units.
    pub tax_minor: i64,
    /// What the buyer pays, minor units.
    pub total_minor: i64,
}

fn minor(m: &amazon_pay_shared::money::Money) -> Result<i64, RowError> {
    i64::try_from(m.minor()).map_err(|_| RowError("an amount is too large"))
}

/// The ledger rows of a priced cart under `reference`.
pub fn rows_of(reference: &str, cart: &PricedCart) -> Result<(PricingRow, Vec<LineRow>), RowError> {
    let pricing = PricingRow {
        merchant_reference: reference.to_owned(),
        currency: cart.total.currency().code().to_owned(),
        subtotal_minor: minor(&cart.subtotal)?,
        shipping_minor: minor(&cart.shipping)?,
        tax_minor: minor(&cart.tax)?,
        total_minor: minor(&cart.total)?,
    };
    let lines = cart
        .lines
        .iter()
        .zip(1..)
        .map(|(l, line_no)| {
            Ok(LineRow {
                merchant_reference: reference.to_owned(),
                line_no,
                sku: l.sku.clone(),
                name: l.name.clone(),
                quantity: i64::from(l.quantity),
                unit_minor: minor(&l.unit_price)?,
                line_minor: minor(&l.line_total)?,
            })
        })
        .collect::<Result<Vec<_>, RowError>>()?;
    Ok((pricing, lines))
}

/// The separator between the lines of an items summary.
pub const SUMMARY_SEPARATOR: char = ';';

/// An order's lines in one field, `SKU×quantity` each, `;`-separated (`CUP×1;TEA-1×2`):
/// the CSV's `items` column.
pub fn summary(lines: &[LineRow]) -> String {
    lines
        .iter()
        .map(|l| format!("{}×{}", l.sku, l.quantity))
        .collect::<Vec<_>>()
        .join(&SUMMARY_SEPARATOR.to_string())
}

/// The SQL condition "the transaction `?1` is not paid yet": its lines may still be replaced.
const UNPAID: &str = "EXISTS (SELECT 1 FROM transactions WHERE merchant_reference = ?1 \
     AND charge_permission_id IS NULL AND charge_id IS NULL AND COALESCE(session_state, '') != 'Completed')";

impl Ledger {
    /// Replaces the lines of an unpaid order with `cart`'s (none: removes them), in one D1
    /// transaction; a paid order's lines are left as they are. Nothing when disabled.
    pub async fn put_lines(&self, reference: &str, cart: Option<&PricedCart>, now: i64) -> ApiResult<()> {
        if !self.is_enabled() {
            return Ok(());
        }
        let rows = cart
            .map(|c| rows_of(reference, c))
            .transpose()
            .map_err(|e| ApiError::internal().with_detail(format!("ledger row refused: {}", e.0)))?;
        let delete_pricing = format!("DELETE FROM order_pricing WHERE merchant_reference = ?1 AND {UNPAID}");
        let delete_lines = format!("DELETE FROM order_lines WHERE merchant_reference = ?1 AND {UNPAID}");
        let insert_pricing = format!(
            "INSERT INTO order_pricing (merchant_reference, currency, subtotal_minor, shipping_minor, tax_minor, \
             total_minor, updated_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE {UNPAID}"
        );
        let insert_line = format!(
            "INSERT INTO order_lines (merchant_reference, line_no, sku, name, quantity, unit_minor, line_minor) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE {UNPAID}"
        );
        let mut statements: Vec<(&str, Vec<Arg>)> = vec![
            (delete_pricing.as_str(), vec![reference.into()]),
            (delete_lines.as_str(), vec![reference.into()]),
        ];
        if let Some((pricing, lines)) = rows {
            statements.push((
                insert_pricing.as_str(),
                vec![
                    pricing.merchant_reference.into(),
                    pricing.currency.into(),
                    pricing.subtotal_minor.into(),
                    pricing.shipping_minor.into(),
                    pricing.tax_minor.into(),
                    pricing.total_minor.into(),
                    now.into(),
                ],
            ));
            for l in lines {
                statements.push((
                    insert_line.as_str(),
                    vec![
                        l.merchant_reference.into(),
                        l.line_no.into(),
                        l.sku.into(),
                        l.name.into(),
                        l.quantity.into(),
                        l.unit_minor.into(),
                        l.line_minor.into(),
                    ],
                ));
            }
        }
        self.batch(&statements).await?;
        Ok(())
    }

    /// An order's lines, in order (none when it has no priced lines).
    pub async fn lines(&self, reference: &str) -> Result<Vec<LineRow>, LedgerError> {
        self.all(
            "SELECT merchant_reference, line_no, sku, name, quantity, unit_minor, line_minor FROM order_lines \
             WHERE merchant_reference = ?1 ORDER BY line_no",
            &[reference.into()],
        )
        .await
    }

    /// What an order's lines came to, when it has priced lines.
    pub async fn pricing(&self, reference: &str) -> Result<Option<PricingRow>, LedgerError> {
        self.first(
            "SELECT merchant_reference, currency, subtotal_minor, shipping_minor, tax_minor, total_minor \
             FROM order_pricing WHERE merchant_reference = ?1",
            &[reference.into()],
        )
        .await
    }
}

/// Records the priced lines of the order `reference` just written to the ledger (replacing
/// those of an earlier place-order while it is unpaid; nothing for an amount without lines
/// beyond removing stale ones, nothing at all when the ledger is disabled).
pub async fn record_priced_lines(
    ledger: &Ledger,
    reference: &str,
    lines: Option<&PricedCart>,
    now: i64,
) -> ApiResult<()> {
    ledger.put_lines(reference, lines, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use amazon_pay_shared::cart::{CartLine, Catalog};

    const CATALOG: &str = r#"{"currency":"USD","items":{"TEA-1":{"price":"12.50","name":"Sencha, loose"},
        "-CUP":{"price":"8.00","name":"Cup"}},"shipping":{"flat":"5.00"},
        "tax":{"rateBasisPoints":1000}}"#;

    fn priced() -> PricedCart {
        let catalog = Catalog::from_json(CATALOG).unwrap();
        catalog
            .price(&[CartLine::new("TEA-1", 2), CartLine::new("-CUP", 3)])
            .unwrap()
            .priced_cart(&catalog)
    }

    #[test]
    fn rows_keep_exact_minor_units_in_sku_order() {
        let (pricing, lines) = rows_of("order-7", &priced()).unwrap();
        assert_eq!(
            pricing,
            PricingRow {
                merchant_reference: "order-7".into(),
                currency: "USD".into(),
                subtotal_minor: 4900,
                shipping_minor: 500,
                tax_minor: 490,
                total_minor: 5890,
            }
        );
        assert_eq!(
            lines,
            vec![
                LineRow {
                    merchant_reference: "order-7".into(),
                    line_no: 1,
                    sku: "-CUP".into(),
                    name: "Cup".into(),
                    quantity: 3,
                    unit_minor: 800,
                    line_minor: 2400,
                },
                LineRow {
                    merchant_reference: "order-7".into(),
                    line_no: 2,
                    sku: "TEA-1".into(),
                    name: "Sencha, loose".into(),
                    quantity: 2,
                    unit_minor: 1250,
                    line_minor: 2500,
                },
            ]
        );
        assert_eq!(summary(&lines), "-CUP×3;TEA-1×2");
        assert_eq!(summary(&[]), "");
    }
}
