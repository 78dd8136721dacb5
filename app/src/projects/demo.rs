//! Demo examples for the project lifecycle, on top of commissioning's awarded briefs and
//! their projects. Each part of the lifecycle adds its examples here. Loading twice changes
//! nothing the second time.

use crate::error::AppError;
use crate::platform::db::Db;

pub async fn load(db: &Db) -> Result<(), AppError> {
    crate::projects::plan::demo::load(db).await?;
    crate::projects::finished_demo::load(db).await?;
    crate::projects::ethics::demo::load(db).await?;
    crate::projects::consent::demo::load(db).await?;
    crate::projects::fieldwork::sessions::demo::load(db).await?;
    crate::projects::fieldwork::lonework::demo::load(db).await?;
    crate::projects::fieldwork::files::demo::load(db).await?;
    crate::projects::analysis::demo::load(db).await?;
    // The report first: the tracker's recommendations say which signed-off version they came from.
    crate::projects::report::demo::load(db).await?;
    crate::projects::impact::demo::load(db).await?;
    crate::projects::outputs::demo::load(db).await?;
    crate::projects::findings::demo::load(db).await?;
    Ok(())
}
