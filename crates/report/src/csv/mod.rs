//! The CSV reports. Column names and order are a contract (`docs/csv.md`): the first columns of
//! the key and event reports are the original tool's, in its order; ours come after. Every text
//! cell passes through [`spreadsheet_safe`](crate::cells::spreadsheet_safe).

mod compliance;
mod credentials;
mod errors;
mod events;
mod exposed;
mod findings;
mod keys;
mod root;
mod users;

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::cells::spreadsheet_safe;
use crate::files::ReportError;
use crate::words::Words;

pub use compliance::{COMPLIANCE_COLUMNS, write_compliance};
pub use credentials::{CREDENTIAL_COLUMNS, write_credentials};
pub use errors::{ERROR_COLUMNS, write_errors};
pub use events::{EVENT_COLUMNS, write_events};
pub use exposed::{EXPOSED_KEY_COLUMNS, write_exposed_keys};
pub use findings::{FINDING_COLUMNS, write_findings};
pub use keys::{KEY_COLUMNS, write_keys};
pub use root::{ROOT_COLUMNS, write_root};
pub use users::{USER_COLUMNS, write_users};

/// A text cell: outside text (user names, CloudTrail fields) neutralised for spreadsheets when it
/// is written. Every text column of every row type is a `Cell`, so none can skip the check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cell(pub String);

impl serde::Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&spreadsheet_safe(&self.0))
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell(text.to_string())
    }
}

impl From<&String> for Cell {
    fn from(text: &String) -> Cell {
        Cell(text.clone())
    }
}

/// A CSV report of rows of type `Row`: the header is the row type's field names, so a header and
/// its values cannot drift apart. (The documented column lists, `*_COLUMNS`, are locked against
/// the row types by a test.)
pub(crate) struct Table<'a, Row> {
    writer: csv::Writer<&'a mut dyn Write>,
    row: std::marker::PhantomData<Row>,
}

impl<'a, Row: serde::Serialize + Default> Table<'a, Row> {
    pub fn new(out: &'a mut dyn Write) -> Result<Table<'a, Row>, ReportError> {
        let mut writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        writer.write_record(header::<Row>()?).map_err(csv_error)?;
        Ok(Table {
            writer,
            row: std::marker::PhantomData,
        })
    }

    pub fn row(&mut self, row: &Row) -> Result<(), ReportError> {
        self.writer.serialize(row).map_err(csv_error)
    }

    pub fn finish(mut self) -> Result<(), ReportError> {
        self.writer.flush().map_err(|source| ReportError::Write {
            path: "csv".to_string(),
            source,
        })
    }
}

/// The column names of a row type, in order (its field names).
pub(crate) fn header<Row: serde::Serialize + Default>() -> Result<Vec<String>, ReportError> {
    let mut buffer = csv::Writer::from_writer(Vec::new());
    buffer.serialize(Row::default()).map_err(csv_error)?;
    let bytes = buffer
        .into_inner()
        .map_err(|error| ReportError::Serialize {
            path: "csv".to_string(),
            message: error.to_string(),
        })?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let names = reader.headers().map_err(csv_error)?;
    Ok(names.iter().map(str::to_string).collect())
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
pub(crate) mod tests;
