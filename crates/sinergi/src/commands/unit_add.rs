//! `sinergi unit add`: an administrator adds a ministry, agency or bureau.

use sinergi_domain::{NewUnit, UnitCode, UnitKind};

use crate::commands::{now, open_store};
use crate::settings::Settings;

pub struct Input {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: Option<String>,
    pub aliases: Option<String>,
}

pub async fn run(settings: Settings, input: Input) -> anyhow::Result<()> {
    let kind: UnitKind = input.kind.parse().map_err(anyhow::Error::msg)?;
    let new = NewUnit {
        code: UnitCode::parse(&input.code)?,
        name: input.name,
        kind,
        parent_code: input.parent.as_deref().map(UnitCode::parse).transpose()?,
        aliases: input.aliases,
    };
    let store = open_store(&settings).await?;
    store.migrate().await?;
    let unit = store.add_national_unit(&new, now()).await?;
    say!("Added {} ({}).", unit.name, unit.code);
    Ok(())
}
