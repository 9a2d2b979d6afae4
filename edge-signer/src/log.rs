//! Structured logs: one JSON object per line on the console (Workers Logs and `wrangler tail`
//! keep them as JSON). Callers pass only non-secret fields: codes, ids, statuses, timings.

use serde_json::{Map, Value};

/// Logs one event with a level (`info`, `warn`, `error`) and fields.
pub fn event(level: &str, name: &str, fields: &[(&str, Value)]) {
    let mut map = Map::new();
    map.insert("level".into(), level.into());
    map.insert("event".into(), name.into());
    for (k, v) in fields {
        map.insert((*k).to_owned(), v.clone());
    }
    let line = Value::Object(map).to_string();
    #[cfg(target_arch = "wasm32")]
    {
        match level {
            "error" => web_sys_console_error(&line),
            _ => worker::console_log!("{line}"),
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = line;
    }
}

#[cfg(target_arch = "wasm32")]
fn web_sys_console_error(line: &str) {
    worker::console_error!("{line}");
}
