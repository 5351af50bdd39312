//! An event's file, added by the page's form or the API: the bytes go
//! through the newsroom's checked uploads for the organiser (whose file it
//! is), then into the event's materials. Only those who keep the event's
//! record may, which is checked before anything is stored.

use sinergi_domain::EventId;
use sinergi_domain::access::{Principal, may_record_event};
use sinergi_forums::{ForumError, Material};
use sinergi_newsroom::NewsroomError;

use crate::AppState;

/// Why a file was not added.
pub enum AttachError {
    /// Not found, not allowed, or a title the service refuses.
    Forum(ForumError),
    /// The upload's checks refused the file (or storing it failed).
    Upload(NewsroomError),
}

/// Adds `file` (bytes, file name, declared type) with `title` to the
/// event's materials; the event's materials afterwards.
pub async fn attach_file(
    state: &AppState,
    p: &Principal,
    id: EventId,
    (bytes, filename, declared): (&[u8], &str, &str),
    title: &str,
) -> Result<Vec<Material>, AttachError> {
    let e = state
        .forums
        .visible_record(p, id)
        .await
        .map_err(AttachError::Forum)?;
    if !may_record_event(p, &e.organiser_code) {
        return Err(AttachError::Forum(ForumError::NotAllowed));
    }
    let media = state
        .newsroom
        .upload(p, &e.organiser_code, bytes, filename, declared)
        .await
        .map_err(AttachError::Upload)?;
    state
        .forums
        .add_material(p, id, media.id, title)
        .await
        .map_err(AttachError::Forum)
}
