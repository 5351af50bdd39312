-- wrk script: unit search over the whole network with a mix of what people
-- type: whole names, word prefixes, two words, codes.
local queries = {
  "denpasar", "bandung", "kota%20sura", "sukamaju", "sumber", "jaya", "51.71",
  "35.78.0", "kampung%20baru", "bali", "aceh", "papua", "makmur", "mekar",
  "tanjung", "kota%20bandung", "sanur", "kabupaten%20malang", "margo", "sido",
  "karang", "sungai", "mulya", "jakarta", "kebon", "sukoharjo", "bone", "gowa",
  "kupang", "ambon", "ternate", "jayapura", "merauke", "pontianak", "banjar",
  "samarinda", "tarakan", "manado", "palu", "kendari", "gorontalo", "mamuju",
  "mataram", "bima", "ende", "32.73", "73.71.1", "desa%20adat", "kemenpanrb", "kominfo",
}
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  return wrk.format("GET", "/api/v1/units?limit=20&q=" .. q)
end
