//! What the sandbox remembers of each notification it sent, for `GET /_sandbox/notifications`.

use serde::Serialize;

/// One delivery attempt series, for `GET /_sandbox/notifications`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// The envelope as sent (its JSON is the POST body).
    pub body: String,
    /// `CHARGE`, `REFUND` or `CHARGE_PERMISSION`.
    pub object_type: String,
    /// The object's id.
    pub object_id: String,
    /// The object's state when it was noticed.
    pub state: String,
    /// HTTP status of the last attempt (0: no answer).
    pub status: u16,
    /// Attempts made.
    pub attempts: u32,
}
