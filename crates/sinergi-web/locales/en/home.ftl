# The home page (the network's newsroom), the navigation and the
# network-wide lists (press releases, campaigns, press rooms, achievements
# and innovations).

nav-menu = Menu
nav-signed-in-as = Signed in as
nav-releases = Press releases
nav-campaigns = Campaigns
nav-press = Press rooms
nav-register = Achievements & innovations
nav-gap = Gap
nav-sign-in = Sign in

newsroom-home-title = Government press releases, from the ministries to the villages
newsroom-home-intro = Sinergi brings together the press releases, campaigns, achievements and innovations of ministries, agencies, provinces, regencies and cities, districts and villages across Indonesia.
newsroom-home-search = Search press releases, achievements, innovations or units
newsroom-doors = Who it is for
door-journalists = Journalists
door-journalists-text = The latest releases, RSS feeds, PR contacts, and embargoed texts for accredited journalists.
door-journalists-link = Open the press rooms
door-citizens = Citizens
door-citizens-text = See what government has achieved and started where you live.
door-citizens-link = See achievements & innovations
door-officers = PR officers
door-officers-text = Write press releases, record achievements, and follow your unit's campaigns.
door-officers-link = Sign in to your workspace
newsroom-latest = Latest press releases
newsroom-latest-empty = No press release has been published yet.
newsroom-all-releases = All press releases
newsroom-running-campaigns = Campaigns running now
newsroom-no-campaigns = No campaign is running now.
newsroom-campaign-until = until { $date }
newsroom-all-campaigns = All running campaigns
newsroom-browse-network = Browse the network of PR units
news-amplified = Amplified

releases-title = Press releases
releases-intro = Every press release published in the network, newest first.

register-title = Achievements & innovations
register-intro = Achievements and innovations of government units that have been announced in a press release.
register-kinds-label = Kind
register-all-kinds = All
register-kind-achievement = Achievements
register-kind-innovation = Innovations
register-empty = No achievement or innovation has been announced yet.
register-published-on = announced { $date }
bad-kind = “{ $kind }” is not a known kind.

press-index-title = Press rooms
press-index-intro = Every PR unit has a press room: its press releases, its PR contact, and feeds for news readers.
press-index-feeds = Every press room offers RSS, Atom and JSON feeds.
press-index-embargo = Accredited journalists read embargoed texts once signed in.
press-index-find = The press rooms of regencies, cities, districts and villages are on their unit pages.
press-index-national = Ministries and agencies
press-index-provinces = Provinces

running-intro = Joint communication campaigns running in the network now. Each campaign has a page with its key messages and the press releases that carried it.

ws-network-title = The network now
ws-network-gap-total = achievements and innovations not yet announced
ws-network-gap-level = not yet announced: { $level }
ws-owned-campaigns = Your campaigns
ws-campaign-adopted = adopted by { $share }

site-search-filter-toggle = Filter results

unit-hub-feed = RSS feed
unit-hub-new-release = Write a press release
unit-hub-new-item = Record an achievement or innovation
unit-hub-empty-title = Nothing published yet
unit-hub-empty-body = { $unit } has not recorded an achievement or innovation nor published a press release on Sinergi yet.
unit-hub-empty-officer-here = Start by recording one achievement or innovation, then announce it in a press release.
unit-hub-empty-officer = This unit's PR officers can sign in to record achievements and write press releases.
unit-hub-releases = Latest press releases
unit-hub-releases-subtree = Latest press releases in this area
unit-hub-no-releases = No press release yet.
unit-hub-all-releases = All press releases
unit-hub-register = Achievements & innovations
unit-hub-register-subtree = Achievements & innovations in this area
unit-hub-no-items = No achievement or innovation yet.
unit-hub-all-items = All achievements & innovations
unit-hub-campaigns = Campaigns targeting this unit
unit-hub-no-campaigns = No campaign targets this unit.
unit-hub-internal = Internal
unit-hub-gap = { $count } achievements and innovations not yet announced in a press release.
unit-hub-gap-link = See the gap
unit-hub-contact = PR contact
unit-hub-contact-office = Office
unit-hub-contact-email = Email
unit-hub-contact-phone = Phone
