-- SphinxQL equivalents of the search queries bench/run.sh sends to jobmatch
-- (GET /v1/openings?..., first page of 20). Run them all with
--   mysql -h 127.0.0.1 -P PORT --protocol=tcp < queries.sql
-- sphinx_bench reads this file too: a line "-- @KIND ..." opens a query of
-- that kind, the lines that follow (up to a blank line) are sent as one batch
-- (multi-statement: the SELECT, its FACETs and SHOW META in one round trip).
--
-- Equivalence (see README.md):
-- * "today" is 2026-11-29: every query has expires >= 20261129.
-- * A Chinese word of n >= 2 characters is, in jobmatch, the AND of its n-1
--   bigrams; with ngram_len = 1 that is the AND of 2-character phrases:
--   焊接工 -> ("焊接" "接工"), 焊工 -> "焊工". Each word is ORed with its
--   taxonomy expansions (Taxonomy::Expansions), less those that require
--   every phrase another one requires, as jobmatch's TextQuery evaluates
--   them (WithoutSubsumed) and as an expert would write them: the matches
--   are the same (电焊工 matches only what 焊工 matches).
--     焊工: 焊接工 (电焊工 氩弧焊工 二保焊工 dropped)
--     保洁: 打扫卫生 清洁 搞卫生 (日常保洁 清扫保洁 dropped)
--     叉车司机: 叉车工 叉车操作员 叉车师傅 (the occupation's synonyms; none dropped)
-- * Relevance: OPTION ranker=bm25 with jobmatch's field weights (title 3,
--   occupation 3, skills 2, employer 1, description 1); ties by id (Sphinx's
--   implicit last key). Without words jobmatch sorts newest first, so those
--   queries ORDER BY updated DESC.
-- * region=R is the regions MVA (county, city and province codes) = R.
-- * education=E means "the opening asks for at most E": education <= rank(E)
--   (none 0, junior 1, senior/vocational 2, college 3, bachelor 4, master 5).
-- * wage_min=W means wage_max >= W (an opening without wage_max never matches).
-- * Facets: region counts one level below the narrowest region filter
--   (province without a filter, county under a city; county 0 = an opening
--   placed at city level, which jobmatch does not count there). Occupation
--   and skill facets are numbers (occupation_id, skill_ids; decode them with
--   DIR/occupation_ids.tsv and DIR/skill_ids.tsv). All groups are returned.
-- * Facet batches: Sphinx 2.2.11 runs the search once for the hits and all
--   FACETs only if no FACET groups by a string attribute and the SELECT list
--   has no expression; so FACET occupation_id (not occupation) and SELECT *
--   (not WEIGHT() AS ...). Otherwise it searches once per result set (4x).
-- * SHOW META LIKE 'total_found' gives the total jobmatch returns; it rides in
--   the same batch as the SELECT.

-- @plain q=焊工
SELECT * FROM openings WHERE MATCH('"焊工" | ("焊接" "接工")') AND expires >= 20261129 ORDER BY WEIGHT() DESC LIMIT 0, 20 OPTION ranker = bm25, field_weights = (title = 3, occupation_text = 3, skills_text = 2, employer = 1, description = 1);
SHOW META LIKE 'total_found';

-- @plain q=保洁
SELECT * FROM openings WHERE MATCH('"保洁" | ("打扫" "扫卫" "卫生") | "清洁" | ("搞卫" "卫生")') AND expires >= 20261129 ORDER BY WEIGHT() DESC LIMIT 0, 20 OPTION ranker = bm25, field_weights = (title = 3, occupation_text = 3, skills_text = 2, employer = 1, description = 1);
SHOW META LIKE 'total_found';

-- @plain q=叉车司机
SELECT * FROM openings WHERE MATCH('("叉车" "车司" "司机") | ("叉车" "车工") | ("叉车" "车操" "操作" "作员") | ("叉车" "车师" "师傅")') AND expires >= 20261129 ORDER BY WEIGHT() DESC LIMIT 0, 20 OPTION ranker = bm25, field_weights = (title = 3, occupation_text = 3, skills_text = 2, employer = 1, description = 1);
SHOW META LIKE 'total_found';

-- @filtered q=焊工&region=440300
SELECT * FROM openings WHERE MATCH('"焊工" | ("焊接" "接工")') AND regions = 440300 AND expires >= 20261129 ORDER BY WEIGHT() DESC LIMIT 0, 20 OPTION ranker = bm25, field_weights = (title = 3, occupation_text = 3, skills_text = 2, employer = 1, description = 1);
SHOW META LIKE 'total_found';

-- @filtered q=保洁&region=110000&education=junior
SELECT * FROM openings WHERE MATCH('"保洁" | ("打扫" "扫卫" "卫生") | "清洁" | ("搞卫" "卫生")') AND regions = 110000 AND education <= 1 AND expires >= 20261129 ORDER BY WEIGHT() DESC LIMIT 0, 20 OPTION ranker = bm25, field_weights = (title = 3, occupation_text = 3, skills_text = 2, employer = 1, description = 1);
SHOW META LIKE 'total_found';

-- @filtered occupation=forklift_driver&wage_min=6000
SELECT * FROM openings WHERE occupation = 'forklift_driver' AND wage_max >= 6000 AND expires >= 20261129 ORDER BY updated DESC LIMIT 0, 20;
SHOW META LIKE 'total_found';

-- @faceted q=焊工&facets=region,occupation,skill
SELECT * FROM openings WHERE MATCH('"焊工" | ("焊接" "接工")') AND expires >= 20261129 ORDER BY WEIGHT() DESC LIMIT 0, 20 OPTION ranker = bm25, field_weights = (title = 3, occupation_text = 3, skills_text = 2, employer = 1, description = 1)
  FACET province ORDER BY COUNT(*) DESC LIMIT 1000
  FACET occupation_id ORDER BY COUNT(*) DESC LIMIT 1000
  FACET skill_ids ORDER BY COUNT(*) DESC LIMIT 1000;
SHOW META LIKE 'total_found';

-- @faceted region=320500&facets=region,occupation,skill
SELECT * FROM openings WHERE regions = 320500 AND expires >= 20261129 ORDER BY updated DESC LIMIT 0, 20
  FACET county ORDER BY COUNT(*) DESC LIMIT 1000
  FACET occupation_id ORDER BY COUNT(*) DESC LIMIT 1000
  FACET skill_ids ORDER BY COUNT(*) DESC LIMIT 1000;
SHOW META LIKE 'total_found';

-- @sorted q=焊工&sort=date
SELECT * FROM openings WHERE MATCH('"焊工" | ("焊接" "接工")') AND expires >= 20261129 ORDER BY updated DESC, WEIGHT() DESC LIMIT 0, 20 OPTION ranker = bm25, field_weights = (title = 3, occupation_text = 3, skills_text = 2, employer = 1, description = 1);
SHOW META LIKE 'total_found';

-- @sorted region=440000&sort=wage
SELECT * FROM openings WHERE regions = 440000 AND expires >= 20261129 ORDER BY wage_max DESC, id ASC LIMIT 0, 20;
SHOW META LIKE 'total_found';
