//! A message for a person, as a catalogue id and its arguments: collected data stays free of any
//! language, and the presentation renders it in the run's (`crates/i18n`).

/// A catalogue message with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The catalogue id (`doctor-assumed`).
    pub id: &'static str,
    /// Named arguments.
    pub arguments: Vec<(&'static str, String)>,
}

impl Message {
    /// A message without arguments.
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            arguments: Vec::new(),
        }
    }

    /// The message with one more argument.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Message {
        self.arguments.push((name, value.to_string()));
        self
    }
}
