//! The sandbox's objects: checkout sessions, charge permissions, charges, refunds and buyers.

use serde::{Deserialize, Serialize};

/// All objects, serialisable so a state file can keep them.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Store {}
