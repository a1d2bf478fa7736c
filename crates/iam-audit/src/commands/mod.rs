//! One file per subcommand.

pub mod audit;
pub mod demo;
pub mod rules;
pub mod shell;
