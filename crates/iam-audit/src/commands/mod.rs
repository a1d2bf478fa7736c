//! One file per subcommand.

pub mod audit;
pub mod demo;
pub mod diff;
pub mod doctor;
pub mod policy;
pub mod rules;
pub mod shell;
