//! A message for a person, as a catalogue id and its arguments: collected data stays free of any
//! language, and the presentation renders it in the run's (`crates/i18n`).

/// A catalogue message with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The catalogue id (`doctor-assumed`).
    pub id: &'static str,
    /// Named arguments.
    pub arguments: Vec<(&'static str, String)>,
    /// Named arguments that are messages themselves, rendered in the same language and joined
    /// with `; ` (a role's drift problems in a doctor line).
    pub lists: Vec<(&'static str, Vec<Message>)>,
}

impl Message {
    /// A message without arguments.
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            arguments: Vec::new(),
            lists: Vec::new(),
        }
    }

    /// The message with an argument made of messages.
    pub fn with_messages(mut self, name: &'static str, messages: Vec<Message>) -> Message {
        self.lists.push((name, messages));
        self
    }

    /// The message with one more argument.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Message {
        self.arguments.push((name, value.to_string()));
        self
    }
}
