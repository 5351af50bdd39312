//! Press-office contact details for the demo's units. They are examples,
//! marked as such: addresses under the reserved `.example` domain, phone
//! numbers of zeros, "(contoh)" in every name. No real person's data.

use sinergi_domain::UnitCode;
use sinergi_store::Store;
use sinergi_store::press::PressContact;

/// (unit, office, mailbox, website host, city)
const EXAMPLES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "kemenpanrb.hkip",
        "Biro Hukum, Komunikasi dan Informasi Publik (contoh)",
        "humas@kemenpanrb.example",
        "kemenpanrb.example",
        "Jakarta",
    ),
    (
        "51",
        "Biro Humas dan Protokol Provinsi Bali (contoh)",
        "humas@baliprov.example",
        "baliprov.example",
        "Denpasar",
    ),
    (
        "51.71",
        "Bagian Humas Kota Denpasar (contoh)",
        "humas@denpasarkota.example",
        "denpasarkota.example",
        "Denpasar",
    ),
    (
        "35",
        "Biro Humas Provinsi Jawa Timur (contoh)",
        "humas@jatimprov.example",
        "jatimprov.example",
        "Surabaya",
    ),
];

/// Gives each demo unit example contact details, unless it has some.
pub async fn seed(store: &Store, now: i64) -> anyhow::Result<()> {
    for (code, office, email, host, city) in EXAMPLES {
        let unit = UnitCode::parse(code)?;
        if store.unit(&unit).await.is_err() || store.press_contact(&unit).await?.is_some() {
            continue;
        }
        let contact = PressContact {
            office_name: (*office).to_owned(),
            email: (*email).to_owned(),
            phone: "+62 21 0000 0000".to_owned(),
            address: format!("Jl. Contoh No. 1, {city} (alamat contoh)"),
            website: format!("https://{host}/"),
        };
        store.set_press_contact(&unit, &contact, None, now).await?;
    }
    Ok(())
}
