//! The Amazon Pay message inside a notification.

use serde::Deserialize;

use super::WebhookError;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectType {
    /// A charge permission.
    ChargePermission,
    /// A charge.
    Charge,
    /// A refund.
    Refund,
    /// A chargeback.
    Chargeback,
}

/// The Amazon Pay notification (`NotificationVersion` `V2`). It carries no state: fetch the
/// object to learn it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmazonPayMessage {
    /// The merchant.
    pub merchant_id: String,
    /// The kind of object.
    pub object_type: ObjectType,
    /// The object's id.
    pub object_id: String,
    /// The permission it belongs to.
    pub charge_permission_id: Option<String>,
    /// `STATE_CHANGE` or `ATTRIBUTE_CHANGE`.
    pub notification_type: String,
    /// For tracking only.
    pub notification_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Raw {
    #[serde(rename = "MerchantID")]
    merchant_id: String,
    object_type: String,
    object_id: String,
    #[serde(default)]
    charge_permission_id: Option<String>,
    notification_type: String,
    #[serde(default)]
    notification_id: Option<String>,
    #[serde(default)]
    notification_version: Option<String>,
}

fn id_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl AmazonPayMessage {
    /// Parses and checks the `Message` string of a notification envelope.
    pub fn parse(message: &str) -> Result<AmazonPayMessage, WebhookError> {
        let raw: Raw =
            serde_json::from_str(message).map_err(|_| WebhookError::Message("not the expected JSON"))?;
        if raw.notification_version.as_deref().is_some_and(|v| v != "V2") {
            return Err(WebhookError::Message("NotificationVersion is not V2"));
        }
        let object_type = match raw.object_type.as_str() {
            "CHARGE_PERMISSION" => ObjectType::ChargePermission,
            "CHARGE" => ObjectType::Charge,
            "REFUND" => ObjectType::Refund,
            "CHARGEBACK" => ObjectType::Chargeback,
            _ => return Err(WebhookError::Message("unknown ObjectType")),
        };
        if !matches!(
            raw.notification_type.as_str(),
            "STATE_CHANGE" | "ATTRIBUTE_CHANGE"
        ) {
            return Err(WebhookError::Message("unknown NotificationType"));
        }
        if !id_ok(&raw.object_id)
            || raw
                .charge_permission_id
                .as_deref()
                .is_some_and(|p| !p.is_empty() && !id_ok(p))
        {
            return Err(WebhookError::Message("an id is malformed"));
        }
        if !id_ok(&raw.merchant_id) {
            return Err(WebhookError::Message("MerchantID is malformed"));
        }
        Ok(AmazonPayMessage {
            merchant_id: raw.merchant_id,
            object_type,
            object_id: raw.object_id,
            charge_permission_id: raw.charge_permission_id.filter(|p| !p.is_empty()),
            notification_type: raw.notification_type,
            notification_id: raw.notification_id.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_shape() {
        let m = AmazonPayMessage::parse(
            r#"{"MerchantID":"A2M","ObjectType":"CHARGE","ObjectId":"S03-1-1-C000001","ChargePermissionId":"S03-1-1","NotificationType":"STATE_CHANGE","NotificationId":"n","NotificationVersion":"V2"}"#,
        )
        .unwrap();
        assert_eq!(m.object_type, ObjectType::Charge);
        assert_eq!(m.charge_permission_id.as_deref(), Some("S03-1-1"));
        for bad in [
            r#"{"MerchantID":"A2M","ObjectType":"ORDER","ObjectId":"x","NotificationType":"STATE_CHANGE"}"#,
            r#"{"MerchantID":"A2M","ObjectType":"CHARGE","ObjectId":"../x","NotificationType":"STATE_CHANGE"}"#,
            r#"{"MerchantID":"A2M","ObjectType":"CHARGE","ObjectId":"x","NotificationType":"STATE_CHANGE","NotificationVersion":"V1"}"#,
            "[]",
        ] {
            assert_eq!(
                AmazonPayMessage::parse(bad).unwrap_err().code(),
                "WEBHOOK_MESSAGE_INVALID",
                "{bad}"
            );
        }
    }
}
