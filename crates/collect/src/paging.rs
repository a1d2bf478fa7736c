//! Marker and token paging, for every list the collector reads page by page (IAM's users, keys, MFA
//! devices, SSH keys, certificates, service-specific credentials, virtual MFA devices, the
//! authorization details; Organizations' OUs, accounts by parent and tags): one paced request per
//! page, and the next marker or token.

use iam_audit_model::CollectionError;

use crate::limits::Limiter;

/// Largest IAM page; fewer can come back with `IsTruncated` set.
pub(crate) const PAGE: i32 = 1000;

/// Every item of a marker-paginated IAM list: one paced request per page, following `Marker`
/// while `IsTruncated`. `page` makes the request for a marker and returns the page's items and
/// the next marker when there is one.
pub(crate) async fn every_page<T, Page>(
    limiter: &Limiter,
    mut page: impl FnMut(Option<String>) -> Page,
) -> Result<Vec<T>, CollectionError>
where
    Page: std::future::Future<Output = Result<(Vec<T>, Option<String>), CollectionError>>,
{
    let mut items = Vec::new();
    let mut marker = None;
    loop {
        let _turn = limiter.ready().await;
        let (page_items, next) = page(marker.take()).await?;
        items.extend(page_items);
        match next {
            Some(next) => marker = Some(next),
            None => return Ok(items),
        }
    }
}

/// The marker of the next page, when IAM says there is one.
pub(crate) fn next_marker(truncated: bool, marker: Option<&str>) -> Option<String> {
    marker.filter(|_| truncated).map(str::to_string)
}
