# The newsroom: workspace, register of achievements and innovations,
# press releases, the publication gap, files.

nav-workspace = Workspace

## Refusals and problems with input (keys from the newsroom service)
newsroom-stale = Someone else saved changes first. Your text has not been saved and is still in this form. Look at the current version, then save again if you want to replace it with your text.
newsroom-time-in-past = The release time must not be in the past.
newsroom-illegal-move = This step is not possible for the release in its current state. Reload the page to see its state.
upload-refused = The file was refused.
field-required = is required.
field-control-chars = holds a control character that cannot be shown (often copied along from another document); remove it and save again.
field-too-long = is too long.
language-unknown = unknown language.
tags-invalid = invalid tags: separate them with commas, at most 20 short tags.
item-not-linkable = this achievement or innovation cannot be linked.
media-not-linkable = this file does not belong to this unit.
category-unknown = unknown category.
date-in-future = the date must not be in the future.
date-invalid = invalid date (YYYY-MM-DD).
stage-unknown = unknown stage.
url-invalid = the address must start with http:// or https:// and contain no spaces.
op-unknown = unknown step.
amplify-not-public = only a published release can be amplified.
amplify-own = a unit cannot amplify its own release.
amplify-amplification = an amplification cannot be amplified again; amplify the original.
not-an-innovation = only innovations can be replicated.
replicate-own = a unit cannot replicate its own innovation.
category-key-invalid = use 2 to 40 lower-case letters, digits and hyphens.
email-invalid = write an e-mail address such as humas@example.go.id.
phone-invalid = write a phone number of 6 to 15 digits, for example +62 361 222387.

nr-refused-title = This cannot be done
nr-back = Back
nr-csrf-rejected = The form has expired or came from another site. Go back, reload the page and try again.

nr-stale-title = There is a newer version
nr-see-current = See the current version
nr-save = Save
nr-cancel = Cancel
nr-edit = Edit
nr-none = (none)
nr-choose = Choose…
nr-time-invalid = Enter the date and time of release.

## Field names
nr-field-title = Title
nr-field-lead = Lead
nr-field-body = Body
nr-field-tags = Tags
nr-field-language = Language
nr-field-items = Achievements and innovations reported
nr-field-media = Images and attachments
nr-field-kind = Kind
nr-field-description = Description
nr-field-category = Category
nr-field-occurred_on = Date achieved
nr-field-problem = Problem
nr-field-solution = Solution
nr-field-impact = Impact
nr-field-stage = Stage
nr-field-evidence = Evidence
nr-field-note = Note
nr-field-comment = Comment
nr-field-op = Step
nr-field-release = Release
nr-field-unit = Unit
nr-field-innovation = Innovation
nr-field-replicated_on = Date replicated
nr-markdown-hint = Markdown: **bold**, *italic*, [link](https://…), lists starting with a minus sign.
nr-tags-hint = Separate with commas, for example: public service, health
nr-evidence-hint = Links to documents, photos or news that show the result: give a description and the address (starting with https://). Leave unused rows empty; save to get new rows.
nr-date-hint = For example 2026-05-20
nr-lead-hint = One or two sentences: what, who, when, where.

## States
nr-status-draft = Draft
nr-status-in_review = In review
nr-status-approved = Approved
nr-status-scheduled = Scheduled
nr-status-embargoed = Embargoed
nr-status-published = Published
nr-status-corrected = Published, corrected
nr-status-withdrawn = Withdrawn
nr-tab-draft = Drafts
nr-tab-in_review = In review
nr-tab-approved = Approved
nr-tab-released = Published and scheduled
nr-tab-withdrawn = Withdrawn
nr-changed-at = changed { $when }

## Workspace
nr-workspace-title = Workspace
nr-workspace-intro = What needs doing across all your units.
nr-panel-review = Waiting for review
nr-panel-drafts = Drafts
nr-panel-approved = Approved, not yet released
nr-panel-lifting = Embargoes and schedules lifting soon
nr-panel-gap = Achievements not yet published
nr-nothing-waiting = Nothing.
nr-gap-none = No achievement or innovation is left behind.
nr-gap-network = Publication gap of the whole network
nr-your-units = Your units
nr-no-units = You are not a member of any unit yet.
nr-recorded-on = recorded { $date }
nr-unpublished = Not yet published

## Register
nr-register-title = Register of achievements and innovations
nr-register-public-hint = Only achievements and innovations reported in a published release are shown to the public.
nr-register-empty = No achievements or innovations yet.
nr-kind = Kind
nr-kind-all = All kinds
nr-kind-achievement = Achievement
nr-kind-innovation = Innovation
nr-with-subtree = Include the units below
nr-publication = Publication
nr-published-after = { $count ->
    [one] Published after { $count } day
   *[other] Published after { $count } days
}
nr-unpublished-for = { $count ->
    [one] Not yet published · { $count } day
   *[other] Not yet published · { $count } days
}
nr-new-item = Record an achievement or innovation
nr-new-achievement = Record an achievement
nr-new-innovation = Record an innovation
nr-edit-item = Edit: { $title }
nr-stage-trial = Trial
nr-stage-implemented = Implemented
nr-stage-replicated = Replicated
nr-reported-in = Reported in
nr-not-reported = Not yet reported in a published release.
nr-replicated-by = Replicated by
nr-replicate-title = Record a replication by your unit
nr-replicating-unit = Unit that replicated it
nr-replicate-submit = Record replication
nr-replication-recorded = Replication recorded.

## Press releases
nr-releases-title = Press releases
nr-releases-empty = No releases here yet.
nr-by-status = By state
nr-new-release = Write a press release
nr-edit-release = Edit press release
nr-correct-release = Correct press release
nr-correct-intro = This release is published. Changes appear with a public correction note; the earlier text can still be compared.
nr-correct-note-hint = Required: what was corrected and why. Shown to the public.
nr-correct-submit = Save correction
nr-locked = A release in this state cannot be edited. Reopen it for review, or unschedule it, then edit.
nr-language-id = Indonesian
nr-language-en = English
nr-items-none = This unit's register holds no achievements or innovations yet.
nr-attach = Attach
nr-alt-label = Alternative text (for screen readers)
nr-upload-label = Upload a file
nr-upload-hint = A PNG, JPEG or WebP image, a PDF, or a text/CSV file; at most 10 MB. Text you have typed stays in the form.
nr-upload-submit = Upload
nr-upload-choose = Choose a file to upload.
nr-upload-broken = The upload could not be read
nr-uploaded = The file { $name } was uploaded and attached. Save to keep it with the release.
nr-preview = Preview
nr-preview-empty = Press Preview to see the body as it will appear.
nr-back-to-release = Back to the release
nr-embargo-until = EMBARGO until { $date }
nr-embargo-body = You see this release before publication because you are an accredited journalist or part of its unit. Do not publish it before that time.
nr-withdrawn-title = This release has been withdrawn
nr-withdrawn-on = Withdrawn on { $date }.
nr-amplified-from = Amplified from
nr-amplified-by = Amplified by
nr-amplify-title = Amplify this release
nr-amplify-unit = Amplify on behalf of
nr-amplify-submit = Amplify
nr-attachments = Attachments
nr-reports = Achievements and innovations reported
nr-forum-events = Forums and events reported
nr-corrections = Corrections
nr-compare-earlier = Compare with the earlier version
nr-workflow = Workflow
nr-release-when = When is it released?
nr-timing-now = Now
nr-timing-scheduled = Scheduled at the time below
nr-timing-embargo = Under embargo until the time below (accredited journalists may read it first)
nr-release-at = Date and time ({ $zone })
nr-withdraw-note = Reason for withdrawal
nr-withdraw-hint = Required. Shown to the public at this release's address.
nr-op-submit = Submit for review
nr-op-return = Return to the author
nr-op-approve = Approve
nr-op-reopen = Reopen for review
nr-op-release = Release
nr-op-unschedule = Unschedule
nr-op-withdraw = Withdraw release
nr-comments = Comments
nr-no-comments = No comments yet.
nr-comment-label = Your comment
nr-comment-submit = Send comment
nr-history = History
nr-when = When
nr-who = By
nr-actor-system = Sinergi (system)
nr-what = What
nr-revisions = Revisions
nr-version = Version
nr-compare-previous = Compare with the previous one
nr-compare-title = Comparing revisions
nr-compare-legend = Added words are underlined, removed ones struck through.
nr-event-create = Created
nr-event-edit = Edited
nr-event-submit = Submitted for review
nr-event-return = Returned to the author
nr-event-approve = Approved
nr-event-reopen = Reopened
nr-event-release = Released
nr-event-unschedule = Unscheduled
nr-event-correct = Corrected
nr-event-withdraw = Withdrawn
nr-event-amplify = Amplified
nr-event-comment = Commented on
nr-done-create = Press release saved as a draft.
nr-done-edit = Changes to the press release saved.
nr-done-correct = Correction saved and now shown to the public.
nr-done-comment = Your comment was sent.
nr-done-amplify = Press release amplified on behalf of your unit.
nr-done-submit = Press release submitted for review.
nr-done-return = Press release returned to the author.
nr-done-approve = Press release approved and ready to publish.
nr-done-reopen = Press release reopened for review.
nr-done-release = Press release published and now shown to the public.
nr-done-unschedule = Schedule cancelled; the press release is approved again.
nr-done-withdraw = Press release withdrawn; readers now see the withdrawal notice.

## Publication gap
nr-gap-title = Publication gap
nr-gap-intro = Achievements and innovations not reported in a published release after a number of days, oldest first.
nr-gap-whole-network = The whole network
nr-gap-days = Not published after (days)
nr-gap-total = achievements and innovations not yet published
nr-gap-per-level = By level
nr-gap-per-unit = By unit (most first)
nr-gap-items = Left behind, oldest first
nr-level = Level
nr-recorded = Recorded
nr-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}

# The release page's newsroom basics.
nr-press-release = Press Release
nr-press-number = No. { $number }
nr-contact = Media contact
nr-downloads = Images and attachments to download
nr-download-image = Download image
nr-share-address = This press release's address
nr-link-copied = Link copied.
nr-done-schedule = Press release scheduled.
nr-done-embargo = Press release issued under embargo: accredited journalists can read it now.

# The item form's evidence rows, and the editor's Markdown guide.
nr-evidence-label = Evidence { $n }: description
nr-evidence-url = Evidence { $n }: address
nr-markdown-guide = The body is written in Markdown, for example:
nr-md-bold = bold
nr-md-italic = italic
nr-md-heading = Subheading
nr-md-heading-result = a subheading
nr-md-item = item
nr-md-list-result = a bulleted list
nr-md-link = link text
nr-md-link-result = a link
nr-md-quote = quotation
nr-md-quote-result = a quotation
nr-preview-live-hint = The preview beside the editor (below it on a phone) shows the body exactly as it will be published.
