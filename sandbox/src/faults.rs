//! Simulated API faults for tests: answer 429/500/503 or hang, for the next N API requests,
//! either before the request is processed or after (the work is done, the answer is lost).

use serde::{Deserialize, Serialize};

/// When the fault strikes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum FaultPhase {
    /// Nothing is processed.
    #[default]
    Before,
    /// The request is processed (and remembered under its idempotency key), then the answer is
    /// replaced by the fault.
    After,
}

/// A fault plan, set with `POST /_sandbox/faults`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultPlan {
    /// HTTP status to answer (429, 500, 502, 503, 504, 408), or absent with `hangMs`.
    #[serde(default)]
    pub status: Option<u16>,
    /// Hold the connection this many milliseconds, then answer (with `status`, or 504).
    #[serde(default)]
    pub hang_ms: Option<u64>,
    /// How many API requests are affected.
    pub count: u32,
    /// Before or after processing.
    #[serde(default)]
    pub phase: FaultPhase,
    /// Only requests whose path contains this text (all API requests when absent).
    #[serde(default)]
    pub path_contains: Option<String>,
    /// Only requests with this HTTP method, e.g. `PATCH` (every method when absent): a read and
    /// an update of one object share its path.
    #[serde(default)]
    pub method: Option<String>,
    /// With `after`: also lose the answers to retries that replay the first answer under its
    /// idempotency key (a caller whose every attempt goes unanswered although the work was
    /// done once).
    #[serde(default)]
    pub replays: bool,
}

impl FaultPlan {
    /// Checks the plan: a known fault status, a bounded hang, a bounded count.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(s) = self.status {
            if ![408, 425, 429, 500, 502, 503, 504].contains(&s) {
                return Err(format!(
                    "status {s} is not a fault status (408, 425, 429, 500, 502, 503, 504)"
                ));
            }
        }
        if self.status.is_none() && self.hang_ms.is_none() {
            return Err("give status and/or hangMs".into());
        }
        if self.hang_ms.is_some_and(|ms| ms > 120_000) {
            return Err("hangMs is at most 120000".into());
        }
        if self.count == 0 || self.count > 1000 {
            return Err("count is 1 to 1000".into());
        }
        Ok(())
    }

    /// Whether this plan applies to a request with this method and path.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        self.path_contains.as_deref().is_none_or(|p| path.contains(p))
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_matches_its_path_and_method() {
        let plan: FaultPlan = serde_json::from_str(
            r#"{"status": 500, "count": 1, "pathContains": "/checkoutSessions/s1", "method": "PATCH"}"#,
        )
        .unwrap();
        assert!(plan.validate().is_ok());
        assert!(plan.matches("PATCH", "/v2/checkoutSessions/s1"));
        assert!(!plan.matches("GET", "/v2/checkoutSessions/s1"));
        assert!(!plan.matches("PATCH", "/v2/checkoutSessions/s2"));
        let any: FaultPlan = serde_json::from_str(r#"{"status": 503, "count": 1}"#).unwrap();
        assert!(any.matches("GET", "/v2/charges/c1") && any.matches("POST", "/v2/refunds"));
    }
}
