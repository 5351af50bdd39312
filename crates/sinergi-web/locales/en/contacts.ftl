# The contact base, the journalist's portal, unsubscribe and delivery status (en).

nav-contacts = Contacts & media
nav-portal = My portal

ct-title = Contacts & media
ct-intro = Journalists and other stakeholders shared across the network, with their consent. Every list you open and every export is recorded in the audit log.
ct-new = Add a contact
ct-edit = Edit contact
ct-import = Import a list
ct-outlets = Outlets
ct-search-label = Search contacts
ct-any = Any
ct-consent = Consent
ct-consent-filter = Consent to distribution
ct-consent-yes = Given
ct-consent-no = None
ct-export-csv = Export CSV
ct-export-vcard = Export vCard
ct-none = No contacts match.
ct-prev-page = Previous page
ct-total = { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
ct-imported = The list was imported.
ct-save = Save contact
ct-stale = Someone changed this contact meanwhile. Your text is kept: reload the contact and apply it again.
ct-duplicates-found = This may be someone already in the base:
ct-duplicate-email = same e-mail address
ct-duplicate-name_outlet = same name at the same outlet
ct-confirm-different = This is a different person: add anyway
ct-whatsapp-hint = Kept as data only; nothing is sent through WhatsApp.
ct-outlet-hint = Missing? Add it first:
ct-no-outlet = No outlet
ct-organisation-hint = For stakeholders without an outlet: university, association, community.
ct-list-hint = Separate with commas.
ct-regions-hint = Unit codes, separated with commas (e.g. 51.71).
ct-row-problem = Row { $row }, { $field }: { $problem }
ct-system = system

ct-field-name = Name
ct-field-email = E-mail
ct-field-phone = Phone
ct-field-whatsapp = WhatsApp number
ct-field-kind = Kind
ct-field-role_title = Role
ct-field-outlet_id = Outlet
ct-field-organisation = Organisation
ct-field-beats = Beats
ct-field-regions = Regions
ct-field-languages = Languages
ct-field-language = Language of e-mail
ct-field-time_zone = Time zone
ct-field-purpose = Purpose
ct-field-basis = Lawful basis
ct-field-channel = Channel
ct-field-evidence = Evidence
ct-field-given_on = Given on
ct-field-target = Follow
ct-field-unit = Unit
ct-field-campaign = Campaign
ct-field-body = Note
ct-field-region_code = Region
ct-field-website = Website
ct-field-feeds = Feed addresses
ct-field-file = File
ct-field-subscribe = Subscribe to

ct-kind-journalist = Journalist
ct-kind-academic = Academic
ct-kind-civil_society = Civil society
ct-kind-community_leader = Community leader
ct-kind-religious_leader = Religious leader
ct-kind-business = Business association
ct-kind-government = Government
ct-kind-other = Other

ct-outlet-national = National
ct-outlet-regional = Regional
ct-outlet-online = Online
ct-outlet-tv = TV
ct-outlet-radio = Radio
ct-outlet-print = Print
ct-outlet-news_agency = News agency

ct-language-id = Bahasa Indonesia
ct-language-en = English
ct-zone-WIB = WIB (UTC+7)
ct-zone-WITA = WITA (UTC+8)
ct-zone-WIT = WIT (UTC+9)

ct-purpose-distribution = Press releases by e-mail
ct-purpose-contact_base = Being kept in the contact base
ct-basis-consent = Consent
ct-basis-contract = Contract
ct-basis-legal_obligation = Legal obligation
ct-basis-vital_interest = Vital interest
ct-basis-public_task = Public task
ct-basis-legitimate_interest = Legitimate interest
ct-channel-email = E-mail
ct-channel-form = Form
ct-channel-phone = Phone
ct-channel-in_person = In person
ct-channel-portal = Journalist portal
ct-channel-import = Import
ct-channel-unsubscribe = Unsubscribe link

ct-target-subtree = A unit and every unit below it
ct-target-unit = One unit only
ct-target-campaign = A campaign
ct-target-label-subtree = { $name } and the units below it
ct-target-label-unit = { $name }
ct-target-label-campaign = Campaign: { $name }
ct-target-tag = A tag (e.g. reformasi-birokrasi)
ct-target-label-tag = Tag: { $name }
ct-field-tag = Tag
ct-tag-hint = Only for "A tag": the tags used by published releases.
ct-field-delivery = Delivery
ct-delivery-each = Each release, at once
ct-delivery-digest = A daily digest, one e-mail a day
ct-field-digest_hour = Hour of the daily digest
ct-digest-hour-hint = Only for a daily digest: the hour in the contact's time zone ({ $zone }). All of a contact's digest subscriptions come in one e-mail a day, at the earliest hour chosen.
ct-delivery-label-each = each release
ct-delivery-label-digest = daily digest at { $time }
pt-zone-hint = The daily digest's hour is read in your time zone, { $zone }; change it under "My data".

ct-done-created = The contact was added.
ct-done-saved = The contact was saved.
ct-done-consent = The consent was recorded.
ct-done-withdrawn = The consent was withdrawn. It takes effect at once: no further e-mail is sent.
ct-done-subscribed = The subscription was added.
ct-done-ended = The subscription was ended.
ct-done-note = The note was added.
ct-done-feed = A new personal feed address was made; the previous one no longer works.
ct-done-feed-revoked = The personal feed was turned off.
ct-feed-once = Copy it now, it is shown once:

ct-consent-title = Consent (UU PDP 27/2022)
ct-consent-intro = Each record states the purpose, the lawful basis, when and through which channel it was given, and who recorded it. A withdrawal takes effect at once.
ct-consent-none = No consent recorded.
ct-recorded = Recorded
ct-withdrawn = Withdrawn
ct-standing = Standing
ct-consent-record = Record consent
ct-evidence-hint = What proves it: a signed form, a message, a meeting.
ct-given-hint = YYYY-MM-DD; today when empty.
ct-withdraw-via = Withdrawal received through
ct-withdraw = Withdraw consent to e-mail

ct-subscriptions = Follows
ct-subscriptions-none = Follows nothing yet.
ct-unsubscribe = Stop
ct-campaign-hint = Only for "A campaign": the campaigns running now.
ct-subscribe = Subscribe
ct-feed-new = New personal feed address
ct-subscribe-needs-consent = Record a consent to e-mail first: subscriptions need one.

ct-notes = Private notes
ct-notes-intro = Only people of the unit that wrote a note read it.
ct-note-add = Add note

ct-outlets-none = No outlets yet.
ct-outlet-add = Add an outlet
ct-feeds-hint = One address per line.

ct-import-intro = A CSV file in UTF-8 or an Excel workbook (XLSX, first sheet) with a header row. Lists inside a cell are separated with semicolons. Nothing is written until every row is right.
ct-import-columns = Columns (only name is required):
ct-import-preview = Preview
ct-row = Row
ct-duplicate-of = May be
ct-import-confirm = Import these contacts
ct-import-nothing-written = Nothing was written. Correct the file and check it again.
ct-import-file = CSV or Excel (XLSX) file
ct-import-paste = Or paste the CSV text
ct-import-check = Check the list
ct-import-broken = The upload could not be read.
ct-import-choose = Choose a file or paste the text.

contact-too-long = is too long.
contact-bad-char = holds a character that is not allowed.
contact-list-too-long = has more than 20 entries.
contact-name-required = is required.
contact-email-invalid = is not an e-mail address.
contact-phone-invalid = is not a phone number (digits, with + first if needed).
contact-kind-unknown = is not a known kind.
contact-outlet-unknown = is not a known outlet.
contact-region-invalid = holds something that is not a unit code.
contact-language-unknown = must be id or en.
contact-zone-unknown = must be WIB, WITA or WIT.
contact-duplicate = may already be in the base (see below).
consent-purpose-unknown = is not a known purpose.
consent-basis-unknown = is not a known lawful basis.
consent-channel-unknown = is not a known channel.
consent-date-invalid = must be a date (YYYY-MM-DD), not in the future.
outlet-name-required = is required.
outlet-kind-unknown = is not a known kind of outlet.
outlet-website-invalid = must start with https:// or http://.
subscription-target-unknown = is not something one can follow.
subscription-unit-unknown = is not a unit code in the network.
subscription-campaign-unknown = is not a campaign number.
subscription-tag-invalid = is not a tag (letters and digits, at most 40 characters).
subscription-delivery-unknown = is not a known way of delivery.
subscription-hour-invalid = must be an hour from 0 to 23.
subscription-needs-consent = needs a standing consent to e-mail first.
note-required = is required.
import-not-utf8 = is not UTF-8 text.
import-not-csv = is not readable CSV.
import-column-unknown = has a column that is not one of those listed.
import-name-missing = has no name column.
import-duplicate-in-file = appears twice in the file.
import-empty = holds no rows.

pt-title = My portal
pt-intro = What you follow, releases of the units that accredited you, and your personal feed.
pt-accredited = From units that accredited you
pt-accredited-none = No releases from the units that accredited you yet.
pt-embargo = EMBARGO
pt-embargo-until = Not for publication before { $time }.
pt-following = What you follow
pt-following-none = You follow nothing yet.
pt-follow-unit = Follow a unit
pt-follow-subtree = And every unit below it
pt-follow-consent = Following is your consent to receive these releases by e-mail; every message has a link that stops it at once.
pt-follow = Follow
pt-latest = Latest from what you follow
pt-latest-none = Nothing published yet.
pt-feed = Personal feed
pt-feed-intro = An Atom feed of what you follow, at a secret address only you know. A new address stops the old one.
pt-feed-revoke = Turn the feed off

us-title = Unsubscribe
us-confirm = Stop every press release e-mail from Sinergi to this address?
us-button = Unsubscribe
us-done = You are unsubscribed. No further press release e-mail is sent to this address.
us-invalid = This unsubscribe link is not valid.

dl-title = Distribution
dl-none = No subscriber was e-mailed.
dl-recipient = Recipient
dl-state = Status
dl-sent = Sent { $time }
dl-failed = Failed: { $error }
dl-retrying = Trying again: { $error }
dl-queued = Queued
dl-cause-publish = Release
dl-cause-correct = Correction
dl-cause-withdraw = Withdrawal
dl-embargoed = under embargo
dl-due = The other subscribers are e-mailed when the release goes public, { $time }.

## Pitches
pitch-title = Pitches
pitch-intro = A message from your unit to journalists you choose, each greeted by name, with a release linked and quoted. Replies go to your own address.
pitch-new = Write a pitch
pitch-write = Write a pitch
pitch-none = No pitches yet.
pitch-draft = Draft, not sent
pitch-sent-at = Sent { $time }
pitch-from = From
pitch-find = Find contacts
pitch-find-hint = A name, an address or an outlet; tick those who should get the pitch.
pitch-find-button = Find
pitch-find-first = Find contacts above, then tick them here.
pitch-release-hint = Linked and quoted at the end of the message. Only releases the public can read now.
pitch-no-release = No release
pitch-merge-hint = Merge fields: {"{"}nama{"}"} (name), {"{"}media{"}"} (outlet), {"{"}jabatan{"}"} (role).
pitch-preview = Save and preview
pitch-edit = Edit the pitch
pitch-reply-to = Replies go to
pitch-send = Send the pitch
pitch-send-count = { $count ->
    [one] It goes to { $count } recipient, once.
   *[other] It goes to { $count } recipients, once each.
}
pitch-previews = Each recipient's message
pitch-stale = The pitch was sent or changed meanwhile. Open it again to see where it stands.
pitch-done-saved = The pitch was saved. Check each message below, then send it.
pitch-done-sent = The pitch was sent.
pitch-skip-erased = Not sent: this contact's data was erased.
pitch-skip-no-email = Not sent: no e-mail address.
pitch-skip-no-consent = Not sent: no standing consent on record.
pitch-unit-required = choose the unit it comes from.
pitch-release-not-public = is not a release the public can read now.
pitch-subject-required = is required.
pitch-body-required = is required.
pitch-merge-unknown = holds a merge field that does not exist (use {"{"}nama{"}"}, {"{"}media{"}"} or {"{"}jabatan{"}"}).
pitch-recipient-unknown = holds a contact that does not exist.
pitch-recipients-required = tick at least one contact.
ct-field-subject = Subject
ct-field-message = Message
ct-field-release = Release
ct-field-recipients = Recipients

## A contact's own data
nav-my-data = Your data (UU PDP)
md-title = Your data
md-intro = If Sinergi holds your contact details (as a journalist or stakeholder), you may see them, download them, correct them or have them erased. Give your e-mail address and we send you a link.
md-email-hint = The link is sent to this address and works for 24 hours.
md-send-link = Send me the link
md-sent = If this address is in our contact base, a link is on its way.
md-sent-detail = Open it from your mailbox. Nothing is shown here, so that nobody learns whether an address is known.
md-link-invalid = This link is not valid or has expired. Ask for a new one on the "Your data" page.
md-held = Everything Sinergi holds on you. Each time this page is opened it is recorded (without your address).
md-export-json = Download (JSON)
md-export-csv = Download (CSV)
md-record = Your details
md-correct = Save corrections
md-corrected = Your corrections were saved.
md-notes = Notes units keep on you
md-mail = Messages sent to you
md-none = None.
md-feeds = Personal feed addresses in use: { $count }
md-history = What was done with your record
md-erase = Erase the data
md-erase-intro = Your details, notes, feed addresses and the messages sent to you are erased for good; what remains is a record that someone was here and when consent was given and withdrawn, with nothing that names you.
md-erase-confirm = I understand: erase my data for good.
md-erase-confirm-needed = Tick the box to confirm.
md-erase-button = Erase for good
md-erased = Your data was erased.
md-erased-detail = Nothing more is sent to you. If you follow releases again later, you start afresh.
pt-my-data = Open my data
pt-my-data-intro = See, download, correct or erase what Sinergi holds on you.
ct-erase-intro = At the contact's request (UU PDP): their details, notes, feed addresses and messages are erased for good, leaving only a record without personal data.
ct-erase-confirm = The contact asked for this; erase their data for good.
ct-done-erased = The contact's data was erased.

## XLSX
import-not-xlsx = is not an Excel workbook (XLSX) that can be read.
ct-export-xlsx = Export Excel (XLSX)

## Hard bounces
dl-suppressed = address bounced: left out from now on
ct-suppressed = This address bounced ({ $reason }, { $time }): no release e-mail or pitch is sent to it. Lift it once the address works again.
ct-suppression-lift = Lift the bounce
ct-done-lifted = The bounce was lifted; e-mail goes to this address again.
pitch-skip-suppressed = Not sent: the address bounced.

## Campaign picker
ct-no-campaign = (none)

## Accreditation requests
ar-title = Accreditation requests
ar-intro = Journalists asking your units for accreditation. Granting lets them read your embargoed releases before they go public; they are told by e-mail either way.
ar-ask-title = Ask a unit for accreditation
ar-ask-intro = Accredited journalists read a unit's embargoed releases before they go public. The unit's editors decide; you are told by e-mail.
ar-field-message = Message to the unit
ar-message-hint = Your outlet and beat, and why you ask. At most 1,000 characters.
ar-ask = Send the request
ar-mine = Your requests
ar-none = No requests.
ar-status-open = Waiting for the unit
ar-status-granted = Granted { $time }
ar-status-refused = Refused { $time }
ar-field-note = Note to the journalist
ar-note-hint = Needed when you refuse; sent with the answer.
ar-grant = Grant
ar-refuse = Refuse
ar-stale = Someone decided this request meanwhile.
ar-done-asked = Your request was sent to the unit.
ar-done-granted = The accreditation was granted; the journalist is told by e-mail.
ar-done-refused = The request was refused; the journalist is told by e-mail.
accreditation-unit-unknown = is not the code of a unit.
accreditation-already = already accredits you.
accreditation-request-open = already has your request; wait for its answer.
accreditation-note-required = is needed to refuse.
ct-field-note = Note

# Merging duplicate contacts
ct-merge-review = Review merge
ct-merge-title = Merge duplicate contacts
ct-merge-intro = { $other } will be merged into { $keep }. The details of { $keep } are kept; empty fields are filled from { $other }, and all of its history moves to { $keep }.
ct-merge-fields = Details before and after the merge
ct-merge-field = Field
ct-merge-kept = Kept
ct-merge-duplicate = Duplicate
ct-merge-after = After the merge
ct-merge-account = Journalist account
ct-merge-yes = Yes
ct-merge-history = History that moves
ct-merge-record = Record
ct-merge-consents = Consent records
ct-merge-subscriptions = Active subscriptions
ct-merge-notes = Unit notes
ct-merge-deliveries = Press release e-mails received
ct-merge-pitches = Pitches received
ct-merge-invitations = Event invitations
ct-merge-explain = A merge cannot be undone. A subscription both records hold is not doubled. Links to the duplicate open the kept contact, and erasing this contact's data later erases the duplicate's too.
ct-merge-button = Merge
ct-merge-cancel = Cancel
ct-merge-stale = Someone changed one of the contacts since this page was opened. Check the current details below, then merge again.
ct-merged-from = Merged from
ct-merged-entry = { $name } (#{ $id }), merged { $time }
ct-done-merged = The duplicate was merged into this contact.
merge-same = A contact cannot be merged with itself.
merge-two-accounts = Both contacts are linked to different journalist accounts, so they cannot be merged; they stay as two contacts.
ct-field-other = Duplicate contact
