//! `iam-audit completions SHELL` and `iam-audit man`: generated from the same clap definition as
//! the command line itself, so they cannot drift from it.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit;

/// Prints a completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "iam-audit", &mut script);
    emit(&script)
}

/// Prints the man page.
pub fn man() -> anyhow::Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    emit(&page)
}

/// Writes to stdout; a reader that went away (`| head`) is not an error.
fn emit(bytes: &[u8]) -> anyhow::Result<u8> {
    crate::console::out_bytes(bytes);
    Ok(exit::COMPLETE)
}
