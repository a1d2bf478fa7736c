//! The account's managed policies, parsed once and looked up by ARN, and the groups by name:
//! every user and role of the account shares them, and a managed policy attached to a hundred
//! users is decoded and parsed once.

use std::collections::HashMap;
use std::rc::Rc;

use crate::compiled::{Scope, compile_actions};
use crate::details::{
    AttachedPolicy, AuthorizationDetails, GroupDetail, InlinePolicy, ManagedPolicyDetail,
};
use crate::document::{DocumentError, PolicyDocument, parse_document};
use crate::permissions::Permissions;

/// A managed policy's parsed document and compiled actions.
type Compiled = (PolicyDocument, Vec<Rc<Scope>>);

/// Parsed managed policies and groups of one account.
pub(crate) struct PolicyLibrary<'a> {
    policies: HashMap<&'a str, (&'a ManagedPolicyDetail, Result<Compiled, DocumentError>)>,
    groups: HashMap<&'a str, &'a GroupDetail>,
}

impl<'a> PolicyLibrary<'a> {
    pub(crate) fn new(details: &'a AuthorizationDetails) -> Self {
        let policies = details
            .policies
            .iter()
            .map(|policy| {
                let document = match &policy.default_version_document {
                    Some(text) => parse_document(&policy.name, text).map(|document| {
                        let actions = compile_actions(&document);
                        (document, actions)
                    }),
                    None => Err(DocumentError::Missing {
                        policy: policy.name.clone(),
                    }),
                };
                (policy.arn.as_str(), (policy, document))
            })
            .collect();
        let groups = details
            .groups
            .iter()
            .map(|group| (group.name.as_str(), group))
            .collect();
        Self { policies, groups }
    }

    /// A managed policy's parsed default version and compiled actions, or why there is none.
    pub(crate) fn managed(&self, arn: &str, name: &str) -> Result<&Compiled, String> {
        match self.policies.get(arn) {
            Some((_, Ok(compiled))) => Ok(compiled),
            Some((_, Err(error))) => Err(error.to_string()),
            None => Err(DocumentError::Missing {
                policy: if name.is_empty() {
                    arn.to_owned()
                } else {
                    name.to_owned()
                },
            }
            .to_string()),
        }
    }

    /// The managed policies, with their parse results.
    pub(crate) fn policies(
        &self,
    ) -> impl Iterator<
        Item = (
            &'a ManagedPolicyDetail,
            Result<&PolicyDocument, &DocumentError>,
        ),
    > {
        self.policies
            .values()
            .map(|(policy, compiled)| (*policy, compiled.as_ref().map(|(document, _)| document)))
    }

    /// A group by name.
    pub(crate) fn group(&self, name: &str) -> Option<&'a GroupDetail> {
        self.groups.get(name).copied()
    }
}

/// Collects a principal's policies into [`Permissions`], noting each that cannot be read.
pub(crate) struct PermissionsBuilder<'l, 'a> {
    library: &'l PolicyLibrary<'a>,
    /// The user's name, for `${aws:username}` (roles have none).
    user_name: Option<&'l str>,
    pub(crate) permissions: Permissions,
    /// `label: reason` for every policy that could not be read.
    pub(crate) unreadable: Vec<String>,
    /// The identity policies' documents, when asked for ([`PermissionsBuilder::keeping_documents`]):
    /// what a suggested policy is cut from.
    pub(crate) documents: Option<Vec<PolicyDocument>>,
}

impl<'l, 'a> PermissionsBuilder<'l, 'a> {
    pub(crate) fn new(library: &'l PolicyLibrary<'a>, user_name: Option<&'l str>) -> Self {
        Self {
            library,
            user_name,
            permissions: Permissions::default(),
            unreadable: Vec::new(),
            documents: None,
        }
    }

    /// Keeps a copy of every identity policy's document added from now on.
    pub(crate) fn keeping_documents(mut self) -> Self {
        self.documents = Some(Vec::new());
        self
    }

    /// Adds a parsed identity document under `label` (a suggested policy).
    pub(crate) fn document(&mut self, label: String, document: &PolicyDocument) {
        let actions = compile_actions(document);
        self.permissions
            .add_identity(label, document, &actions, self.user_name);
        if let Some(documents) = &mut self.documents {
            documents.push(document.clone());
        }
    }

    /// Adds an attached managed policy under `label`.
    pub(crate) fn managed(&mut self, label: String, attached: &AttachedPolicy) {
        match self.library.managed(&attached.arn, &attached.name) {
            Ok((document, actions)) => {
                self.permissions
                    .add_identity(label, document, actions, self.user_name);
                if let Some(documents) = &mut self.documents {
                    documents.push(document.clone());
                }
            }
            Err(reason) => self.unreadable.push(format!("{label}: {reason}")),
        }
    }

    /// Adds an inline policy under `label`.
    pub(crate) fn inline(&mut self, label: String, inline: &InlinePolicy) {
        match parse_document(&inline.name, &inline.document) {
            Ok(document) => {
                let actions = compile_actions(&document);
                self.permissions
                    .add_identity(label, &document, &actions, self.user_name);
                if let Some(documents) = &mut self.documents {
                    documents.push(document);
                }
            }
            Err(error) => self.unreadable.push(format!("{label}: {error}")),
        }
    }

    /// Sets the permissions boundary.
    pub(crate) fn boundary(&mut self, arn: &str) {
        match self.library.managed(arn, "") {
            Ok((document, actions)) => {
                self.permissions
                    .set_boundary(document, actions, self.user_name)
            }
            Err(reason) => self.unreadable.push(format!("boundary {arn}: {reason}")),
        }
    }

    /// Adds a group's attached and inline policies; a group missing from the details makes the
    /// result unknown.
    pub(crate) fn group(&mut self, name: &str) {
        let Some(group) = self.library.group(name) else {
            self.unreadable.push(format!(
                "group:{name}: the group is not in the authorization details"
            ));
            return;
        };
        for attached in &group.attached_policies {
            self.managed(format!("group:{}/{}", group.name, attached.name), attached);
        }
        for inline in &group.inline_policies {
            self.inline(
                format!("group:{}/inline:{}", group.name, inline.name),
                inline,
            );
        }
    }
}
