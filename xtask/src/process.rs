//! Running commands with the project's environment and reporting them.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::toolchain::Toolchain;

/// Runs a command to completion with inherited output; an error names the command.
pub fn run(tc: &Toolchain, dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let started = Instant::now();
    println!("$ {program} {}", args.join(" "));
    let status = tc
        .command(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        println!("  ({:.1}s)", started.elapsed().as_secs_f64());
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs a command and returns its trimmed stdout, or `None` if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
