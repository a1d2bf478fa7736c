//! The CSV reports. Column names and order are a contract (`docs/csv.md`): the first columns of
//! the key and event reports are the original tool's, in its order; ours come after. Every text
//! cell passes through [`spreadsheet_safe`](crate::cells::spreadsheet_safe).

mod errors;
mod events;
mod findings;
mod keys;
mod root;
mod users;

use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::cells::spreadsheet_safe;
use crate::files::ReportError;
use crate::words::Words;

pub use errors::{ERROR_COLUMNS, write_errors};
pub use events::{EVENT_COLUMNS, write_events};
pub use findings::{FINDING_COLUMNS, write_findings};
pub use keys::{KEY_COLUMNS, write_keys};
pub use root::{ROOT_COLUMNS, write_root};
pub use users::{USER_COLUMNS, write_users};

/// RFC 3339 in UTC, seconds precision: `2026-03-05T15:30:22Z`.
pub fn rfc3339(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Whole days from `then` to `now`, never negative.
pub fn days_between(then: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - then).num_days().max(0)
}

/// A CSV writer that neutralises every cell.
pub(crate) struct Table<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
}

impl<'a> Table<'a> {
    pub fn new(out: &'a mut dyn Write, columns: &[&str]) -> Result<Table<'a>, ReportError> {
        let mut table = Table {
            writer: csv::Writer::from_writer(out),
        };
        table.row(columns.iter().map(|column| column.to_string()))?;
        Ok(table)
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = String>) -> Result<(), ReportError> {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|cell| spreadsheet_safe(&cell).into_owned())
            .collect();
        self.writer.write_record(&cells).map_err(csv_error)
    }

    pub fn finish(mut self) -> Result<(), ReportError> {
        self.writer.flush().map_err(|source| ReportError::Write {
            path: "csv".to_string(),
            source,
        })
    }
}

fn csv_error(error: csv::Error) -> ReportError {
    ReportError::Serialize {
        path: "csv".to_string(),
        message: error.to_string(),
    }
}

/// Options shared by the CSV writers.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    /// Words of this language fill the cells.
    pub words: Words,
    /// "Now" for day counts.
    pub now: DateTime<Utc>,
}

impl CsvOptions {
    /// Options for a language and a moment.
    pub fn new(language: crate::Language, now: DateTime<Utc>) -> CsvOptions {
        CsvOptions {
            words: Words(language),
            now,
        }
    }
}

#[cfg(test)]
mod tests;
