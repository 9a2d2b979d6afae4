//! Amazon Pay's instant notifications (SNS envelopes) of `POST /v1/webhooks/amazon-pay`.
//!
//! In order: the envelope is parsed; its `TopicArn` must be one of `WEBHOOK_TOPIC_ARNS` (or a
//! topic of an account listed there), else `WEBHOOK_TOPIC_NOT_ALLOWED` before any certificate
//! is fetched, any subscription confirmed or anything recorded; its `SigningCertURL` must pass the host rule (Amazon's SNS
//! hosts, plus `WEBHOOK_CERT_ORIGINS` with sandbox keys); the certificate is fetched (cached per
//! isolate) and the signature verified ([`crate::sns`]); the SNS `Timestamp` must be at most an
//! hour ([`MAX_MESSAGE_AGE_SECS`](amazon_pay_shared::webhook::MAX_MESSAGE_AGE_SECS)) older than
//! the Worker's clock (`WEBHOOK_STALE`: a replay of an old, genuinely signed message). A
//! `SubscriptionConfirmation` is then confirmed by visiting its `SubscribeURL`, only if that
//! URL passes the same host rule (`WEBHOOK_SUBSCRIBE_URL_NOT_ALLOWED`); an
//! `UnsubscribeConfirmation` is ignored. A notification must be an Amazon Pay one for this
//! merchant. Only then is anything recorded: the SNS message id is taken once (a duplicate
//! or a replay answers `duplicate` and changes nothing), the object is read fresh from Amazon
//! (a notification carries no state) and recorded, so the order notifications arrive in never
//! matters. When Amazon cannot be read the message id is released and the answer is 503, so
//! Amazon's retry is taken again.

use amazon_pay_shared::api::{Charge, ChargePermission, Refund};
use amazon_pay_shared::webhook::{
    AmazonPayMessage, CertUrlPolicy, Envelope, MessageType, ObjectType, WebhookError,
};
use amazon_pay_shared::wire::{valid_object_id, ErrorCode};

use super::reconcile;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::ledger::Ledger;
use crate::sns::{self, VerifyError};
use crate::upstream::{self, Call};

/// What became of a verified message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// A subscription confirmed.
    Confirmed {
        /// The SNS message id.
        message_id: String,
    },
    /// An unsubscribe confirmation, ignored.
    Ignored {
        /// The SNS message id.
        message_id: String,
    },
    /// A notification about one of Amazon's objects.
    Notification {
        /// The SNS message id.
        message_id: String,
        /// `CHARGE`, `REFUND`, `CHARGE_PERMISSION` or `CHARGEBACK`.
        object_type: &'static str,
        /// The object's id.
        object_id: String,
        /// `recorded`, `unknown` (no transaction in the ledger), `ignored` (chargebacks) or
        /// `duplicate` (taken before).
        outcome: &'static str,
    },
}

/// A shared-crate refusal as the signer's error.
pub fn refused(e: &WebhookError) -> ApiError {
    let code = match e {
        WebhookError::CertUrl(_) => ErrorCode::WebhookCertUrlNotAllowed,
        WebhookError::Certificate => ErrorCode::WebhookCertificateInvalid,
        WebhookError::Signature | WebhookError::SignatureVersion(_) => ErrorCode::WebhookSignatureInvalid,
        WebhookError::Message(_) => ErrorCode::WebhookMessageInvalid,
        WebhookError::Stale { .. } => ErrorCode::WebhookStale,
        WebhookError::SubscribeUrl(_) => ErrorCode::WebhookSubscribeUrlNotAllowed,
        _ => ErrorCode::WebhookMalformed,
    };
    ApiError::new(code, e.to_string())
}

fn object_kind(t: ObjectType) -> &'static str {
    match t {
        ObjectType::Charge => "CHARGE",
        ObjectType::Refund => "REFUND",
        ObjectType::ChargePermission => "CHARGE_PERMISSION",
        ObjectType::Chargeback => "CHARGEBACK",
    }
}

/// Receives one message (the raw body).
pub async fn receive(config: &Config, ledger: &Ledger, body: &[u8]) -> ApiResult<Received> {
    let envelope = Envelope::parse(body).map_err(|e| refused(&e))?;
    if !config.webhook_topics.allows(&envelope.topic_arn) {
        return Err(ApiError::new(
            ErrorCode::WebhookTopicNotAllowed,
            "the message comes from an SNS topic this signer does not take messages from",
        )
        .with_detail(format!(
            "topic {}",
            envelope.topic_arn.chars().take(256).collect::<String>()
        )));
    }
    let policy = CertUrlPolicy {
        sandbox_origins: config.webhook_cert_origins.clone(),
    };
    policy
        .check(&envelope.signing_cert_url)
        .map_err(|e| refused(&e))?;
    let unavailable = || {
        ApiError::new(
            ErrorCode::UpstreamUnavailable,
            "the signing certificate could not be fetched",
        )
    };
    let spki = sns::certificate_key(&envelope.signing_cert_url, config.upstream.timeout_ms)
        .await
        .map_err(|e| match e {
            VerifyError::Unavailable => unavailable(),
            VerifyError::Refused(e) => refused(&e),
        })?;
    sns::verify(&envelope, &spki).await.map_err(|e| match e {
        VerifyError::Unavailable => unavailable(),
        VerifyError::Refused(e) => refused(&e),
    })?;
    envelope
        .check_fresh(crate::clock::isolate_now())
        .map_err(|e| refused(&e))?;
    match envelope.message_type {
        MessageType::Notification => {}
        MessageType::SubscriptionConfirmation => return confirm(config, &policy, &envelope).await,
        MessageType::UnsubscribeConfirmation => {
            return Ok(Received::Ignored {
                message_id: envelope.message_id,
            });
        }
    }
    let message = AmazonPayMessage::parse(&envelope.message).map_err(|e| refused(&e))?;
    if message.merchant_id != config.merchant_id {
        return Err(ApiError::new(
            ErrorCode::WebhookMessageInvalid,
            "the notification is for another merchant",
        ));
    }
    if !valid_object_id(&message.object_id)
        || envelope.message_id.is_empty()
        || envelope.message_id.len() > 100
    {
        return Err(ApiError::new(
            ErrorCode::WebhookMessageInvalid,
            "the notification names no valid object",
        ));
    }
    ledger.require()?;
    let kind = object_kind(message.object_type);
    let now = crate::clock::isolate_now();
    if !ledger
        .take_notification(&envelope.message_id, kind, &message.object_id, now)
        .await?
    {
        return Ok(Received::Notification {
            message_id: envelope.message_id,
            object_type: kind,
            object_id: message.object_id,
            outcome: "duplicate",
        });
    }
    let outcome = match record(config, ledger, message.object_type, &message.object_id).await {
        Ok(outcome) => outcome,
        Err(e) => {
            ledger.release_notification(&envelope.message_id).await?;
            return Err(e);
        }
    };
    ledger.notification_outcome(&envelope.message_id, outcome).await?;
    Ok(Received::Notification {
        message_id: envelope.message_id,
        object_type: kind,
        object_id: message.object_id,
        outcome,
    })
}

/// Confirms a verified, fresh subscription by visiting its `SubscribeURL`, which must pass the
/// certificate's host rule; nothing is fetched otherwise. The URL and its token are never
/// logged or answered.
async fn confirm(config: &Config, policy: &CertUrlPolicy, envelope: &Envelope) -> ApiResult<Received> {
    let url = envelope
        .subscribe_url
        .as_deref()
        .ok_or_else(|| refused(&WebhookError::MissingField("SubscribeURL")))?;
    policy.check_subscribe_url(url).map_err(|e| refused(&e))?;
    sns::confirm_subscription(url, config.upstream.timeout_ms)
        .await
        .map_err(|_| {
            ApiError::new(
                ErrorCode::UpstreamUnavailable,
                "the subscription could not be confirmed",
            )
        })?;
    crate::log::event(
        "info",
        "webhook_subscription_confirmed",
        &[(
            "topicArn",
            envelope.topic_arn.chars().take(256).collect::<String>().into(),
        )],
    );
    Ok(Received::Confirmed {
        message_id: envelope.message_id.clone(),
    })
}

/// Reads the object fresh and records it: `recorded`, `unknown` (no transaction in the
/// ledger) or `ignored` (chargebacks).
async fn record(config: &Config, ledger: &Ledger, kind: ObjectType, id: &str) -> ApiResult<&'static str> {
    let recorded = |found: bool| if found { "recorded" } else { "unknown" };
    Ok(match kind {
        ObjectType::Charge => {
            let answer = upstream::send(config, &Call::get(format!("/v2/charges/{id}"))).await?;
            let charge: Charge = answer.json()?;
            recorded(
                reconcile::charge(ledger, &charge, "webhook", answer.now())
                    .await?
                    .is_some(),
            )
        }
        ObjectType::Refund => {
            let answer = upstream::send(config, &Call::get(format!("/v2/refunds/{id}"))).await?;
            let refund: Refund = answer.json()?;
            recorded(
                reconcile::refund(ledger, &refund, "webhook", answer.now())
                    .await?
                    .is_some(),
            )
        }
        ObjectType::ChargePermission => {
            let answer = upstream::send(config, &Call::get(format!("/v2/chargePermissions/{id}"))).await?;
            let permission: ChargePermission = answer.json()?;
            recorded(
                reconcile::permission(ledger, &permission, "webhook", answer.now())
                    .await?
                    .is_some(),
            )
        }
        ObjectType::Chargeback => "ignored",
    })
}
