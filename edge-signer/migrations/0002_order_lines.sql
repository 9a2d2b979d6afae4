-- What was sold: the priced lines of an order and what they came to, for orders whose amount
-- came with its lines (a catalog cart, a cart token with items). Amounts are integer minor
-- units of `currency`. Written with the transaction at place-order; a repeated place-order
-- replaces them until the order is paid (a charge permission or a charge is recorded, or the
-- session completed), after which they never change. One statement per `;` at the end of a
-- line.

-- One row per order that has priced lines.
CREATE TABLE order_pricing (
  merchant_reference TEXT PRIMARY KEY,
  currency TEXT NOT NULL,
  subtotal_minor INTEGER NOT NULL,
  shipping_minor INTEGER NOT NULL,
  tax_minor INTEGER NOT NULL,
  total_minor INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- The lines of an order, numbered from 1 in SKU order.
CREATE TABLE order_lines (
  merchant_reference TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  unit_minor INTEGER NOT NULL,
  line_minor INTEGER NOT NULL,
  PRIMARY KEY (merchant_reference, line_no)
);
