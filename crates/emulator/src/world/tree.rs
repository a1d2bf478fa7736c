//! The organization's tree resolved: the root's and each organizational unit's id and ARN
//! (generated from the organization id and the OU's path, so they are stable), each OU's parent,
//! and the parent of each account.

use super::id_tail;
use crate::scenario::Organization;

/// A resolved organizational unit.
#[derive(Debug)]
pub struct OrganizationalUnit {
    /// `ou-xxxx-yyyyyyyy`.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// Name (the last part of its path).
    pub name: String,
    /// Path from the root, `Production/Cards`.
    pub path: String,
    /// The parent's id: the root's or an OU's.
    pub parent_id: String,
}

/// The root and the organizational units, in the scenario's order.
#[derive(Debug)]
pub struct Tree {
    /// `r-xxxx`.
    pub root_id: String,
    /// The root's ARN.
    pub root_arn: String,
    /// Every OU.
    pub units: Vec<OrganizationalUnit>,
}

impl Tree {
    /// The id of the OU at `path`, or the root's for none.
    pub fn parent_of_account(&self, path: Option<&str>) -> String {
        path.and_then(|path| self.units.iter().find(|unit| unit.path == path))
            .map_or_else(|| self.root_id.clone(), |unit| unit.id.clone())
    }

    /// The OU with this id.
    pub fn unit(&self, id: &str) -> Option<&OrganizationalUnit> {
        self.units.iter().find(|unit| unit.id == id)
    }

    /// Whether `id` is the root's or an OU's.
    pub fn is_parent(&self, id: &str) -> bool {
        id == self.root_id || self.unit(id).is_some()
    }
}

/// Resolves the organization's tree.
pub(super) fn resolve(organization: &Organization) -> Tree {
    let root_tail = id_tail(&format!("{}/root", organization.id)).to_lowercase();
    let root_id = format!("r-{}", &root_tail[..4]);
    let arn_prefix = format!(
        "arn:aws:organizations::{}:",
        organization.management_account
    );
    let mut units: Vec<OrganizationalUnit> = Vec::new();
    for path in &organization.organizational_units {
        let tail = id_tail(&format!("{}/ou/{path}", organization.id)).to_lowercase();
        let id = format!("ou-{}-{}", &root_tail[..4], &tail[..8]);
        let (parent_path, name) = match path.rsplit_once('/') {
            Some((parent, name)) => (Some(parent), name),
            None => (None, path.as_str()),
        };
        let parent_id = parent_path
            .and_then(|parent| units.iter().find(|unit| unit.path == parent))
            .map_or_else(|| root_id.clone(), |unit| unit.id.clone());
        units.push(OrganizationalUnit {
            arn: format!("{arn_prefix}ou/{}/{id}", organization.id),
            id,
            name: name.to_string(),
            path: path.clone(),
            parent_id,
        });
    }
    Tree {
        root_arn: format!("{arn_prefix}root/{}/{root_id}", organization.id),
        root_id,
        units,
    }
}
