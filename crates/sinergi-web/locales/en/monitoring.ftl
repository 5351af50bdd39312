# Media monitoring (issue 19): sources, review, coverage on releases.
nav-monitoring = Media monitoring
mon-title = Media monitoring
mon-intro = News articles that carry your unit's releases, with the shared sentences marked so anyone can check them.
mon-sources-title = Media sources
mon-sources-intro = The outlets' feeds (RSS, Atom, JSON Feed) and news sitemaps being monitored. Sinergi fetches them politely: one request at a time per site, following robots.txt, and fetching again only what changed. When a feed carries only a summary, or for a sitemap, the article's page is read for its text.
mon-sources-empty = No media sources yet.
mon-queue-title = Waiting for review
mon-queue-hint = These matches are in the grey zone: compare the article with the release, then confirm or reject.
mon-queue-empty = No match is waiting for your review.
mon-queue-not-yours = Matches are reviewed by the editors and admins of the release's unit.
mon-article = Article
mon-release = Release
mon-score = Score
mon-check = Review
mon-recent-title = Recent coverage
mon-recent-empty = No media coverage recorded for your units yet.
mon-reports-on = reports on
mon-done-confirmed = Match confirmed as coverage.
mon-done-rejected = Match rejected; it does not count as coverage.
mon-untitled = (untitled)
mon-never = never
mon-paused = paused
mon-source-added = Source added; Sinergi will fetch it shortly.
mon-outlet = Outlet
mon-last-success = Last success
mon-last-error = Last error
mon-per-day = Articles per day
mon-next-poll = Next fetch
mon-failing = Failing
mon-add-title = Add a source
mon-field-unit = For unit
mon-field-outlet = Outlet name
mon-hint-outlet = For example: Kabar Dewata
mon-field-url = Feed or sitemap address
mon-hint-url = An RSS, Atom, JSON Feed or news sitemap address starting with https://
mon-add-submit = Add source
mon-failures = Failures in a row
mon-total = Articles brought
mon-pause = Pause this source
mon-resume = Resume this source
mon-articles = Newest articles
mon-articles-empty = No articles from this source yet.
mon-pickup = Pickup
mon-passages = { $count ->
    [one] { $count } shared passage
   *[other] { $count } shared passages
}
mon-reviewed = reviewed by
mon-pickup-hint = The marked passages appear in both texts. The score weighs the length of copied passages, not merely shared words.
mon-confirm = Confirm as coverage
mon-reject = Reject
mon-release-changed = The release changed since it was matched; the shared passages are marked on the article only.
mon-copies = The same text also ran in
mon-state-credited = Coverage
mon-state-review = Waiting for review
mon-state-confirmed = Confirmed
mon-state-rejected = Rejected
mon-bad-decision = The decision { $x } is not known.
mon-coverage-title = Media coverage
mon-coverage-summary = { $pickups } articles in { $outlets } outlets, { $stories } stories (copies of one syndicated story count once).
mon-coverage-hint = Sentences shared with the release are marked.
mon-coverage-waiting = { $count ->
    [one] { $count } match waits for review
   *[other] { $count } matches wait for review
}
mon-side-by-side = Compare side by side
mon-outlet-required = Enter the outlet's name
mon-outlet-too-long = The outlet's name must be 120 characters or fewer
mon-url-invalid = Enter a feed or sitemap address starting with http:// or https://, without a user name
mon-url-taken = A source with this address is already monitored
mon-kind-invalid = The kind of source is not known
mon-unit-invalid = Choose a unit
mon-error-blocked-address = non-public address refused
mon-error-bad-scheme = only http and https addresses are fetched
mon-error-too-many-redirects = too many redirects
mon-error-no-address = the site's name was not found
mon-error-too-large = the answer is too large
mon-error-gzip-bomb = the compressed answer expands too far (gzip bomb)
mon-error-bad-gzip = the compressed answer is damaged
mon-error-timeout = no answer in time
mon-error-http-status = the server answered with an error
mon-error-network = the network failed
mon-error-xml-entities = the XML document declares entities (refused)
mon-error-unreadable = not a readable feed
mon-error-robots = the site's robots.txt disallows this address
mon-error-bad-url = the address is not valid
mon-error-sitemap-index = a sitemap index, not a news sitemap: add the news sitemap it lists
mon-field-kind = Kind of source
mon-kind-feed = Feed (RSS, Atom, JSON Feed)
mon-kind-sitemap = News sitemap
mon-kind = Kind
mon-text-from = Text
mon-text-from-feed = from the feed
mon-text-from-page = from the article's page
mon-text-from-summary = summary only (the page gave no text)
mon-text-from-import = imported
mon-copies-count = { $count ->
    [one] the same story also appeared in { $count } other outlet
   *[other] the same story also appeared in { $count } other outlets
}
mon-wide-summary = { $pickups } articles in { $outlets } outlets, { $stories } stories (copies of one syndicated story count once).
mon-mentions-title = Mentions
mon-mentions-hint = Articles that name the unit or carry a campaign hashtag but match no release. They are not counted as coverage.
mon-mentions-count = { $count ->
    [one] { $count } mention
   *[other] { $count } mentions
}
mon-mentions-empty = No mentions of your units yet.
mon-mention-of = mentions
mon-mention-unit = Unit
mon-threshold-title = What the decisions say about the threshold
mon-threshold-intro = Each confirmed match is coverage the matcher was unsure of; each rejected one is a match it should not have made. A credit threshold is right when no rejected match scores at or above it, and as low as that allows, so fewer true pickups wait for review.
mon-threshold-now = Matches from { $credit } are credited; from { $review } they wait for review.
mon-threshold-decided = Decisions so far: { $confirmed } confirmed, { $rejected } rejected.
mon-threshold-suggest = The decisions point to a credit threshold of { $suggested }.
mon-threshold-too-few = At least { $min } decisions are needed before a threshold is suggested.
mon-threshold-candidate = Credit threshold
mon-threshold-wrong = Rejected matches it would credit
mon-threshold-left = Confirmed matches it would leave for review
mon-decision-invalid = The decision must be confirm or reject
mon-state-invalid = The state must be credited, review, confirmed or rejected
mon-time-invalid = Give the time as RFC 3339, for example 2026-12-01T00:00:00Z
