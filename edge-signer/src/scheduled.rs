//! The scheduled run (Cron Triggers, `[triggers] crons` in `wrangler.toml`): an ordered list of
//! steps over the same services as the merchant routes, each in a bounded batch that the next
//! run continues. A step that fails is logged and the next one still runs. One log line per
//! step (`scheduled_step`: its name, what it did, or its error code) and one for the run.
//!
//! 1. `subscriptions.charge_due`: the subscriptions whose next period is due;
//! 2. `subscriptions.retry_due`: soft-declined periods whose retry is due, past-due
//!    subscriptions to check again;
//! 3. `sync`: what `POST /v1/merchant/sync` does (pending intents, pending statuses).

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;
use worker::Env;

use crate::config::Config;
use crate::error::ApiResult;
use crate::ledger::Ledger;
use crate::log;
use crate::services::{subscriptions, sync};

/// What a step's run is.
pub type StepFuture<'a> = Pin<Box<dyn Future<Output = ApiResult<Value>> + 'a>>;

/// One step of a run.
pub struct Step {
    /// Its name in the log.
    pub name: &'static str,
    /// What it does.
    pub run: for<'a> fn(&'a Config, &'a Ledger) -> StepFuture<'a>,
}

/// The pending intents and statuses one run settles (as `POST /v1/merchant/sync` with
/// `limit`).
fn sync_batch(config: &Config) -> i64 {
    config.subscriptions.batch_size
}

/// The steps, in order.
pub const STEPS: &[Step] = &[
    Step {
        name: "subscriptions.charge_due",
        run: |c, l| Box::pin(subscriptions::runner::charge_due(c, l)),
    },
    Step {
        name: "subscriptions.retry_due",
        run: |c, l| Box::pin(subscriptions::runner::retry_due(c, l)),
    },
    Step {
        name: "sync",
        run: |c, l| {
            Box::pin(async move {
                let synced = sync::run(c, l, sync_batch(c)).await?;
                Ok(serde_json::to_value(synced).unwrap_or_default())
            })
        },
    },
];

/// Runs every step once (the cron expression only goes to the log).
pub async fn run(env: &Env, cron: &str) {
    let started = js_sys::Date::now();
    let config = crate::config::isolate::load(env).await;
    let Ok(config) = config.as_ref() else {
        log::event(
            "error",
            "scheduled",
            &[("cron", cron.into()), ("code", "CONFIG_INVALID".into())],
        );
        return;
    };
    let ledger = Ledger::open(env, config.merchant_events.is_some());
    for step in STEPS {
        let fields: Vec<(&str, Value)> = match (step.run)(config, &ledger).await {
            Ok(done) => vec![("step", step.name.into()), ("done", done)],
            Err(e) => vec![
                ("step", step.name.into()),
                ("code", e.code.as_str().into()),
                ("detail", e.detail.unwrap_or_default().into()),
            ],
        };
        log::event("info", "scheduled_step", &fields);
    }
    log::event(
        "info",
        "scheduled",
        &[
            ("cron", cron.into()),
            ("ms", ((js_sys::Date::now() - started) as u64).into()),
        ],
    );
}
