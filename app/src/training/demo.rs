//! Demo data for this feature, loaded after the foundation's; must be safe to load twice.

use crate::error::AppError;
use crate::platform::db::Db;

pub async fn load(_db: &Db) -> Result<(), AppError> {
    Ok(())
}
