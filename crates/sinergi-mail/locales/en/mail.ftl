# The e-mails Sinergi sends, in English. Every key is also in ../id/mail.ftl
# (a test checks). Bodies are plain text; the code adds the final newline and
# the lines of lists (units, items) between these texts.

## Roles, as an invitation names them

mail-role-admin = admin
mail-role-editor = editor
mail-role-contributor = contributor
mail-role-viewer = viewer

## Password reset (sinergi-accounts)

password-reset-subject = Reset your Sinergi password
password-reset-body =
    Hello { $name },

    Someone asked to reset the password of your Sinergi account. If it was you, open this link within { $minutes } minutes:

    { $link }

    The link works once, and only the newest link you were sent works. Saving a new password signs you out everywhere and revokes your API tokens: create new ones on your account page afterwards.

    If you did not ask, ignore this message: your password stays as it is.

## Invitation (sinergi-accounts)

invitation-subject = Invitation to Sinergi: { $unit }
invitation-body =
    Hello,

    { $actor } invites you to join { $unit } on Sinergi as { $role }.

    To accept and choose your password, open this link within { $days } days:

    { $link }

## A journalist's account (sinergi-accounts)

journalist-subject = Your Sinergi journalist account
journalist-body =
    Hello { $name },

    { $unit } has accredited you ({ $outlet }) on Sinergi. To choose your password, open this link:

    { $link }

## Weekly digest (sinergi-newsroom)

digest-subject = Sinergi weekly digest { $week }: what is waiting to be published
digest-greeting = Hello { $name },
digest-unpublished-items = { $count } achievements and innovations unpublished for more than 14 days
digest-in-review = { $count } releases waiting for review
digest-approved = { $count } approved releases not yet scheduled or published
digest-lifting-soon = { $count } embargoes or schedules lifting within two days
digest-units-heading = Units with the most unpublished:
digest-oldest-heading = Oldest unpublished:
digest-oldest-item = { $title } — { $unit }, { $days } days: { $link }
digest-open-workspace = Open your workspace: { $link }

## Campaign reminder (sinergi-campaigns)

reminder-subject = Campaign "{ $title }": not started yet ({ $week })
reminder-greeting = Hello { $name },
reminder-intro = The campaign "{ $title }" by { $owner } runs until { $ends }. Publish a release tagged "{ $tag }" to adopt it; a kit with templates is ready.
reminder-own-heading = Your units that have not started:
reminder-supervised-heading = For your information, units under you that have not started:
reminder-more = and { $count } more
reminder-open = Open the campaign: { $link }

## Releases to subscribers (sinergi-distribution)

release-subject = [Press release] { $title }
release-embargo-subject = [EMBARGO until { $time }] { $title }
release-embargo-line = EMBARGO: not for publication before { $time }.
release-correct-subject = [Correction] { $title }
release-correct-line = This release was corrected: { $note }
release-withdraw-subject = [Withdrawn] { $title }
release-withdraw-body = { $unit } has withdrawn the release "{ $title }". Reason: { $note }
release-read-online = Read it on the site: { $link }
release-footer = You receive this because you subscribed to press releases of { $unit } and other units on Sinergi. To stop at once: { $link }

## The daily digest (sinergi-distribution)
daily-digest-subject = [Daily digest { $time }] { $count } new press releases
daily-digest-intro = Press releases made public since your previous digest, from the units, campaigns and tags you follow:
daily-digest-footer = You receive this daily digest because you subscribed to press releases on Sinergi. To stop at once: { $link }

## Pitches and a contact's own data
pitch-footer = Sent by { $unit } on Sinergi. Reply to this message to answer the officer ({ $reply }).
own-data-subject = Your data on Sinergi
own-data-body = Someone (we hope you) asked to see the data Sinergi holds on this address. This link shows it, lets you download, correct or erase it, and works for 24 hours: { $link }
own-data-ignore = If you did not ask, ignore this message; nothing changes.

## Accreditation requests
accreditation-granted-subject = Your accreditation by { $unit } was granted
accreditation-granted-body = { $unit } accredited you on Sinergi. In your portal you now see its embargoed releases before they go public, with the time each embargo lifts: { $link }
accreditation-refused-subject = Your accreditation request to { $unit }
accreditation-refused-body = { $unit } did not accredit you this time. Their note: { $note }
## Forums & events: invitations, updates and cancellations, with the .ics attached.
event-invite-subject = Invitation: { $title }
event-update-subject = Event changed: { $title }
event-cancel-subject = Cancelled: { $title }
event-greeting = Hello { $name },
event-invite-intro = { $owner } invites you to the following event.
event-update-intro = The following event has changed (its time, place or contents). Here are its latest details.
event-cancel-intro = { $owner } has cancelled the following event. The attachment removes it from your calendar.
event-when = When: { $time }
event-where = Where: { $place }
event-calendar = Open the attached invite.ics to add the event to your calendar or update it there.
event-open = Details: { $link }

## Forums & events: reminders of commitments (follow-up plans).
commitment-soon-subject = Deadline of a follow-up plan of { $unit } ({ $week })
commitment-overdue-subject = Overdue: follow-up plan of { $unit } ({ $week })
commitment-greeting = Hello { $name },
commitment-soon-intro = The follow-up plan of { $unit } from the event "{ $title }" is due { $ends } and not yet kept.
commitment-overdue-intro = The follow-up plan of { $unit } from the event "{ $title }" is past its deadline ({ $ends }) and not yet kept.
commitment-what = Plan: { $note }
commitment-reach = So far { $count } of the { $total } units it was promised to have attended.
commitment-copy = You receive this copy as the unit above { $unit }.
commitment-open = Open the plan, and close it with evidence: { $link }
