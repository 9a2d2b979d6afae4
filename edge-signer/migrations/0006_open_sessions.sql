-- The checkout sessions the ledger still has `Open`, oldest first: sync reads them again,
-- since Amazon sends no notification when a checkout session expires or is canceled.
CREATE INDEX transactions_open_session ON transactions (session_state, created_at);
