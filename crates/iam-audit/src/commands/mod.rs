//! One file per subcommand.

pub mod audit;
#[cfg(feature = "demo")]
pub mod demo;
pub mod deploy;
pub mod diff;
pub mod doctor;
pub mod lambda;
pub mod merge;
pub mod policy;
pub mod reading;
pub mod rules;
pub mod shell;
pub mod trend;
