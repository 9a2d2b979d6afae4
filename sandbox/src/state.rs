//! The shared state of a running sandbox and its persistence.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::faults::FaultPlan;
use crate::idempotency::IdempotencyStore;
use crate::requests::RequestLog;
use crate::store::Store;

/// Everything a handler can reach. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: SandboxConfig,
    clock: Clock,
    store: Mutex<Store>,
    idempotency: Mutex<IdempotencyStore>,
    faults: Mutex<Vec<FaultPlan>>,
    log: Mutex<RequestLog>,
    notification_cert: Mutex<Option<String>>,
    notifications: Mutex<Vec<crate::notifications::delivery::Delivery>>,
}

/// What the state file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Persisted {
    clock_offset_secs: i64,
    store: Store,
    idempotency: IdempotencyStore,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A handler that panicked while holding the lock leaves consistent data behind (every
    // mutation is a whole-value replace), so a poisoned lock is still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl AppState {
    /// Fresh state, or the state file's content when it exists.
    pub fn new(config: SandboxConfig) -> Result<AppState, String> {
        let persisted = match &config.state_file {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("state file {}: {e}", path.display()))?;
                serde_json::from_str(&text).map_err(|e| format!("state file {}: {e}", path.display()))?
            }
            _ => Persisted::default(),
        };
        let clock = Clock::default();
        clock.set_offset(persisted.clock_offset_secs);
        Ok(AppState {
            inner: Arc::new(Inner {
                config,
                clock,
                store: Mutex::new(persisted.store),
                idempotency: Mutex::new(persisted.idempotency),
                faults: Mutex::new(Vec::new()),
                log: Mutex::new(RequestLog::default()),
                notification_cert: Mutex::new(None),
                notifications: Mutex::new(Vec::new()),
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &SandboxConfig {
        &self.inner.config
    }

    /// The sandbox clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The objects (checkout sessions, permissions, charges, refunds).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.inner.store)
    }

    /// The idempotency keys.
    pub fn idempotency(&self) -> MutexGuard<'_, IdempotencyStore> {
        lock(&self.inner.idempotency)
    }

    /// The queued faults.
    pub fn faults(&self) -> MutexGuard<'_, Vec<FaultPlan>> {
        lock(&self.inner.faults)
    }

    /// The request log.
    pub fn log(&self) -> MutexGuard<'_, RequestLog> {
        lock(&self.inner.log)
    }

    /// Publishes the notification signing certificate (PEM).
    pub fn set_notification_cert(&self, pem: String) {
        *lock(&self.inner.notification_cert) = Some(pem);
    }

    /// The notification signing certificate, once notifications are on.
    pub fn notification_cert(&self) -> Option<String> {
        lock(&self.inner.notification_cert).clone()
    }

    /// Remembers a notification delivery (the newest 1,000 are kept).
    pub fn record_notification(&self, delivery: crate::notifications::delivery::Delivery) {
        let mut all = lock(&self.inner.notifications);
        if all.len() >= 1000 {
            all.remove(0);
        }
        all.push(delivery);
    }

    /// The notification deliveries so far.
    pub fn notifications(&self) -> Vec<crate::notifications::delivery::Delivery> {
        lock(&self.inner.notifications).clone()
    }

    /// Takes one use of the first fault plan that matches, for the given phase.
    pub fn take_fault(
        &self,
        method: &str,
        path: &str,
        phase: crate::faults::FaultPhase,
    ) -> Option<FaultPlan> {
        self.take_fault_where(|f| f.phase == phase && f.matches(method, path))
    }

    /// Takes one use of the first `after` fault for `method` and `path` that also covers
    /// replays.
    pub fn take_replay_fault(&self, method: &str, path: &str) -> Option<FaultPlan> {
        self.take_fault_where(|f| {
            f.phase == crate::faults::FaultPhase::After && f.replays && f.matches(method, path)
        })
    }

    fn take_fault_where(&self, pick: impl Fn(&FaultPlan) -> bool) -> Option<FaultPlan> {
        let mut faults = self.faults();
        let index = faults.iter().position(pick)?;
        let plan = faults[index].clone();
        faults[index].count -= 1;
        if faults[index].count == 0 {
            faults.remove(index);
        }
        Some(plan)
    }

    /// Writes the state file, when one is configured (atomically: temp file, then rename).
    pub fn persist(&self) -> Result<(), String> {
        let Some(path) = self.inner.config.state_file.clone() else {
            return Ok(());
        };
        let snapshot = {
            let store = self.store();
            let idempotency = self.idempotency();
            serde_json::to_string(&PersistedRef {
                clock_offset_secs: self.clock().offset(),
                store: &store,
                idempotency: &idempotency,
            })
            .map_err(|e| e.to_string())?
        };
        write_atomically(&path, snapshot.as_bytes())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PersistedRef<'a> {
    clock_offset_secs: i64,
    store: &'a Store,
    idempotency: &'a IdempotencyStore,
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}
