//! The dashboard's usage section: for every user whose service last accessed report was read, the
//! services granted against those used in the window, the last activity, and the suggested
//! policy's file. Nothing when the run read no usage. Streamed an account at a time, as the other
//! tables are: at a thousand accounts it has twenty thousand rows.

use iam_audit_model::{AccountSnapshot, Observed};
use maud::{Markup, PreEscaped, html};

use super::{Page, Stream};
use crate::rfc3339;
use crate::words::Words;

/// The section.
pub fn usage(page: &Page<'_>, stream: &mut Stream<'_>) {
    let read = |snapshot: &AccountSnapshot| {
        snapshot
            .users
            .known()
            .is_some_and(|users| users.iter().any(|user| user.usage.is_some()))
    };
    if !page.run.accounts.iter().any(read) {
        return;
    }
    let labels = &page.labels;
    stream.put(html! {
        h2 { (labels.usage) }
        p { (labels.usage_explained) }
        (PreEscaped("<table class=\"usage\">"))
        thead { tr {
            th { (labels.account) } th { (labels.user) } th { (labels.privilege) }
            th { (labels.services_granted) } th { (labels.services_used) }
            th { (labels.last_activity) } th { (labels.suggested_policy) }
        } }
        (PreEscaped("<tbody>"))
    });
    for snapshot in page.run.accounts.iter().filter(|snapshot| read(snapshot)) {
        stream.put(rows(page, snapshot));
    }
    stream.put(html! { (PreEscaped("</tbody></table>")) });
}

/// One account's rows.
fn rows(page: &Page<'_>, snapshot: &AccountSnapshot) -> Markup {
    let words = Words(page.language);
    let users = snapshot
        .users
        .known()
        .into_iter()
        .flatten()
        .filter(|user| user.usage.is_some());
    html! {
        @for user in users {
            tr {
                td { (snapshot.account.name) " (" (snapshot.account.id) ")" }
                td { (user.name) }
                td { (snapshot.privilege_class(&user.name).as_str()) }
                @match &user.usage {
                    Some(Observed::Known(usage)) => {
                        td { (usage.grants.as_ref().map_or_else(|| words.unknown(), |grants| grants.services_granted.to_string())) }
                        td { (usage.services_used.join(" ")) }
                        td { (usage.last_activity.map_or_else(|| words.never(), rfc3339)) }
                        td { (usage.grants.as_ref().and_then(|grants| grants.suggested_policy.as_ref()).map_or_else(String::new, |_| crate::policies::file_name(&snapshot.account.id, &user.name))) }
                    }
                    _ => {
                        td colspan="4" { (words.unknown()) }
                    }
                }
            }
        }
    }
}
