# JSON lines of openings -> tab-separated rows for the Sphinx tsvpipe source
# (column order = declaration order in sphinx.conf.in). Run as
#   jq -n -r --slurpfile occ index/occupations.json --slurpfile sk index/skills.json \
#      -f openings.jq openings.jsonl
# The document id is the 1-based number of the JSON value (= line number when
# the file has no blank lines). Occupation and skill text is what our own
# DocumentBuilder indexes: the taxonomy name plus its synonyms (an id the
# taxonomy does not know is indexed as given).

# Tabs, line breaks and backslashes would break (or be escaped into) the TSV.
# (jq 1.6 compiles a regex on every call, so no test/gsub here: they cost 10x.)
def clean: tostring
  | if contains("\t") or contains("\n") or contains("\r") or contains("\\")
    then explode | map(if . == 9 or . == 10 or . == 13 or . == 92 then 32 else . end) | implode
    else . end;

# join/1 of jq 1.6 is slow; this does the same for arrays of strings.
def j($sep): if length == 0 then "" else reduce .[1:][] as $x (.[0]; . + $sep + $x) end;

# name/id/synonym -> position of the entry; the first entry to claim a name wins.
def lookup: . as $list
  | reduce range(0; $list | length) as $i ({};
      reduce ([$list[$i].id, $list[$i].name] + ($list[$i].synonyms // []))[] as $n (.;
        if has($n) then . else .[$n] = $i end));

($occ[0].occupations) as $olist
| ($sk[0].skills) as $slist
| ($olist | lookup) as $O
| ($slist | lookup) as $S
| {"none": 0, "junior": 1, "senior": 2, "vocational": 2, "college": 3, "bachelor": 4, "master": 5} as $E
| foreach inputs as $o (0; . + 1;
    . as $id
    | ($o.occupation // "" | tostring) as $occ_in
    | $O[$occ_in] as $oi
    | (if $oi == null then {id: $occ_in, name: $occ_in, synonyms: []} else $olist[$oi] end) as $occupation
    | [($o.skills // [])[] | (.skill // "" | tostring) as $s | $S[$s] as $si
        | if $si == null then {n: 0, id: $s, words: [$s]}
          else {n: ($si + 1), id: $slist[$si].id, words: ([$slist[$si].name] + ($slist[$si].synonyms // []))}
          end] as $skills
    # Lineage, as fixtures/regions.tsv has it: province ..0000, city ....00, county.
    | ($o.region // "" | tostring) as $r
    | (if ($r | length != 6 or (explode | any(. < 48 or . > 57))) then []
       elif $r[2:] == "0000" then [$r]
       elif $r[4:] == "00" then [$r[0:2] + "0000", $r]
       else [$r[0:2] + "0000", $r[0:4] + "00", $r] end) as $lineage
    | [ $id,
        ($o.title // "" | clean),
        ([$occupation.name] + ($occupation.synonyms // []) | j(" ") | clean),
        ([$skills[].words[]] | j(" ") | clean),
        ($o.employer // "" | clean),
        ($o.description // "" | clean),
        ($lineage | j(",")),
        ($lineage[0] // "0"),
        ($lineage[1] // "0"),
        ($lineage[2] // "0"),
        ($occupation.id | clean),
        (($oi // -1) + 1),
        ([$skills[] | select(.n > 0) | .n] | map(tostring) | j(",")),
        ([$skills[].id] | j(" ") | clean),
        ($E[$o.education // "none"] // 0),
        ($o.wage_min // 0),
        ($o.wage_max // 0),
        ($o.expires_at // "9999-12-31" | tostring | .[0:4] + .[5:7] + .[8:10]),
        $id,
        (if $o.full_time == false then 0 else 1 end),
        (if $o.for_graduates == true then 1 else 0 end)
      ] | @tsv)  # nothing is left for @tsv to escape: clean removed it
