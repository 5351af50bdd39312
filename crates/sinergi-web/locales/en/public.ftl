# Feeds, sitemaps and open data.

feed-title-unit = { $unit }: press releases
feed-title-subtree = { $unit } and the units below it: press releases
feed-title-tag = Press releases tagged #{ $tag }
feed-description = The latest press releases published on Sinergi.
feed-amplified-from = Amplified from a release by { $unit }.

od-title = Open data
od-intro = Metadata of published press releases, per unit or per unit with every unit below it, as CSV and JSON. Releases under embargo, scheduled, in draft or withdrawn are never included.
od-addresses = Addresses
od-address-unit = that unit's releases only.
od-address-subtree = the releases of that unit and every unit below it.
od-paging = Each page holds at most { $rows } releases, newest first. The next page is named in the Link header (rel="next") and, in JSON, in the next field.
od-licence = Times are written in RFC 3339 with the unit's zone offset (WIB +07:00, WITA +08:00, WIT +09:00). CSV cells starting with = + - @ get a leading apostrophe so that no spreadsheet runs them as formulas.
od-schema = Schema
od-col-field = Field
od-col-type = Type
od-col-meaning = Meaning
od-field-id = The release's number, stable for ever.
od-field-url = The release's address.
od-field-title = Title (after the latest correction).
od-field-unit-code = Unit code: the Kemendagri code for regions, a dotted slug for national bodies.
od-field-unit-name = The unit's name.
od-field-level = The unit's level.
od-field-published-at = When the release became public.
od-field-updated-at = When it was last corrected, or when it was published if never corrected.
od-field-language = The release's language.
od-field-tags = Tags, separated by semicolons.
od-field-corrected = Whether the release was ever corrected.
od-field-corrections = How many corrections it has.
od-field-amplifies = For a release that amplifies another: the original's address.
od-units = Units that have published releases
od-units-empty = No unit has published a release yet.
od-col-unit = Unit
od-col-unit-only = Unit only
od-col-subtree = With the units below
od-feeds = Feeds
od-feeds-body = The latest releases are also available as RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds.
