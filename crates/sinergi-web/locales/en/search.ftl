# The search across everything (/search) and the search box in every page's header.
site-search-title = Search Sinergi
site-search-label = Search Sinergi
site-search-placeholder = Units, press releases, achievements, innovations…
site-search-hint = Indonesian word forms match too: “membangun” finds “pembangunan”. Use “quotes” for a phrase and -word to leave a word out.
site-search-sort = Sort by
site-search-sort-relevance = Best match
site-search-sort-date = Newest
site-search-filters = Filter
site-search-type = Type
site-search-province = Province
site-search-all-provinces = All provinces
site-search-tag = Tag
site-search-dates = Publication date
site-search-from = From
site-search-until = Until
site-search-apply = Apply filters
site-search-clear = Clear all filters
site-search-count = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
site-search-empty = Type what you are looking for, or choose a filter.
site-search-none = Nothing matches these filters.
site-search-no-results = Nothing matches “{ $q }”. Check the spelling, use fewer words, or clear the filters.
site-search-relaxed = Nothing contains every word; showing what contains some of them.
site-search-unavailable = Search is not available on this server at the moment. Please try again later.
site-search-bad-param = The value of “{ $param }” in this address is not valid.
site-search-page = Page
site-search-previous = Previous page
site-search-kind-unit = Unit
site-search-kind-release = Press release
site-search-kind-achievement = Achievement
site-search-kind-innovation = Innovation
site-search-kind-coverage = Coverage
site-search-kind-event = Event
site-search-kind-campaign = Campaign
