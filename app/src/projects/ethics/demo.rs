//! Demo ethics applications (filled in below).
use crate::error::AppError;
use crate::platform::db::Db;

pub async fn load(db: &Db) -> Result<(), AppError> {
    let _ = db;
    Ok(())
}
